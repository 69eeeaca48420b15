/// A portal deep link: sent as `flow_data` when creating a session, and echoed back as the session's `flow`.
///
/// Build one with the static factories, such as `.subscriptionCancel(id, retentionCoupon: "SAVE20")`.
public struct PortalFlow: Codable, Sendable, Equatable {
    public var type: FlowType
    /// Where the customer goes once the flow is done.
    public var afterCompletion: AfterCompletion?
    public var subscriptionCancel: SubscriptionCancel?
    public var subscriptionUpdate: SubscriptionReference?
    public var subscriptionUpdateConfirm: SubscriptionUpdateConfirm?
    public var subscriptionPause: SubscriptionReference?

    /// Creates a flow from its parts; prefer the static factories.
    public init(
        type: FlowType,
        afterCompletion: AfterCompletion? = nil,
        subscriptionCancel: SubscriptionCancel? = nil,
        subscriptionUpdate: SubscriptionReference? = nil,
        subscriptionUpdateConfirm: SubscriptionUpdateConfirm? = nil,
        subscriptionPause: SubscriptionReference? = nil
    ) {
        self.type = type
        self.afterCompletion = afterCompletion
        self.subscriptionCancel = subscriptionCancel
        self.subscriptionUpdate = subscriptionUpdate
        self.subscriptionUpdateConfirm = subscriptionUpdateConfirm
        self.subscriptionPause = subscriptionPause
    }

    /// Adding a payment method, which becomes the customer's default for invoices.
    public static func paymentMethodUpdate(afterCompletion: AfterCompletion? = nil) -> Self {
        Self(type: .paymentMethodUpdate, afterCompletion: afterCompletion)
    }

    /// Cancelling a subscription, optionally offering a coupon before the customer confirms.
    public static func subscriptionCancel(
        _ subscription: SubscriptionID,
        retentionCoupon: CouponID? = nil,
        afterCompletion: AfterCompletion? = nil
    ) -> Self {
        Self(
            type: .subscriptionCancel,
            afterCompletion: afterCompletion,
            subscriptionCancel: SubscriptionCancel(
                subscription: subscription,
                retention: retentionCoupon.map { .couponOffer($0) }
            )
        )
    }

    /// Choosing a new plan or quantity among the configuration's products.
    public static func subscriptionUpdate(
        _ subscription: SubscriptionID,
        afterCompletion: AfterCompletion? = nil
    ) -> Self {
        Self(
            type: .subscriptionUpdate,
            afterCompletion: afterCompletion,
            subscriptionUpdate: SubscriptionReference(subscription: subscription)
        )
    }

    /// Confirming a change chosen by the integration (at most one item; the price must be in the configuration).
    public static func subscriptionUpdateConfirm(
        _ subscription: SubscriptionID,
        items: [SubscriptionUpdateConfirm.Item],
        discounts: [SubscriptionUpdateConfirm.Discount]? = nil,
        afterCompletion: AfterCompletion? = nil
    ) -> Self {
        Self(
            type: .subscriptionUpdateConfirm,
            afterCompletion: afterCompletion,
            subscriptionUpdateConfirm: SubscriptionUpdateConfirm(
                subscription: subscription,
                items: items,
                discounts: discounts
            )
        )
    }

    /// Pausing a subscription (API version endive and later).
    public static func subscriptionPause(
        _ subscription: SubscriptionID,
        afterCompletion: AfterCompletion? = nil
    ) -> Self {
        Self(
            type: .subscriptionPause,
            afterCompletion: afterCompletion,
            subscriptionPause: SubscriptionReference(subscription: subscription)
        )
    }

    /// Editing the customer's details.
    public static func customerUpdate(afterCompletion: AfterCompletion? = nil) -> Self {
        Self(type: .customerUpdate, afterCompletion: afterCompletion)
    }

    /// The kind of deep link.
    public struct FlowType: StripeEnum {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let paymentMethodUpdate: Self = "payment_method_update"
        public static let subscriptionCancel: Self = "subscription_cancel"
        public static let subscriptionUpdate: Self = "subscription_update"
        public static let subscriptionUpdateConfirm: Self = "subscription_update_confirm"
        public static let subscriptionPause: Self = "subscription_pause"
        public static let customerUpdate: Self = "customer_update"
    }

    /// What happens after the flow completes.
    public struct AfterCompletion: Codable, Sendable, Equatable {
        public var type: CompletionType
        public var redirect: Redirect?
        public var hostedConfirmation: HostedConfirmation?

        /// Redirects to a URL of the integration.
        public static func redirect(to returnURL: String) -> Self {
            Self(type: .redirect, redirect: Redirect(returnURL: returnURL), hostedConfirmation: nil)
        }

        /// Shows a confirmation page in the portal, with an optional message.
        public static func hostedConfirmation(customMessage: String? = nil) -> Self {
            Self(
                type: .hostedConfirmation,
                redirect: nil,
                hostedConfirmation: HostedConfirmation(customMessage: customMessage)
            )
        }

        /// Returns to the portal's home page.
        public static var portalHomepage: Self {
            Self(type: .portalHomepage, redirect: nil, hostedConfirmation: nil)
        }

        /// The kind of completion.
        public struct CompletionType: StripeEnum {
            public let rawValue: String
            public init(rawValue: String) { self.rawValue = rawValue }
            public static let redirect: Self = "redirect"
            public static let hostedConfirmation: Self = "hosted_confirmation"
            public static let portalHomepage: Self = "portal_homepage"
        }

        /// A redirect target.
        public struct Redirect: Codable, Sendable, Equatable {
            public var returnURL: String

            enum CodingKeys: String, CodingKey {
                case returnURL = "return_url"
            }
        }

        /// A confirmation page.
        public struct HostedConfirmation: Codable, Sendable, Equatable {
            public var customMessage: String?

            enum CodingKeys: String, CodingKey {
                case customMessage = "custom_message"
            }
        }

        enum CodingKeys: String, CodingKey {
            case type, redirect
            case hostedConfirmation = "hosted_confirmation"
        }
    }

    /// A flow about one subscription.
    public struct SubscriptionReference: Codable, Sendable, Equatable {
        public var subscription: SubscriptionID

        /// Names the subscription.
        public init(subscription: SubscriptionID) { self.subscription = subscription }
    }

    /// The cancellation flow.
    public struct SubscriptionCancel: Codable, Sendable, Equatable {
        public var subscription: SubscriptionID
        /// An offer shown before the customer confirms.
        public var retention: Retention?

        /// Creates the flow details.
        public init(subscription: SubscriptionID, retention: Retention? = nil) {
            self.subscription = subscription
            self.retention = retention
        }

        /// A retention offer.
        public struct Retention: Codable, Sendable, Equatable {
            /// Always `coupon_offer` today.
            public var type: String
            public var couponOffer: CouponOffer?

            /// Offers a coupon.
            public static func couponOffer(_ coupon: CouponID) -> Self {
                Self(type: "coupon_offer", couponOffer: CouponOffer(coupon: coupon))
            }

            /// The coupon offered.
            public struct CouponOffer: Codable, Sendable, Equatable {
                public var coupon: CouponID
            }

            enum CodingKeys: String, CodingKey {
                case type
                case couponOffer = "coupon_offer"
            }
        }
    }

    /// The confirm-a-prepared-change flow.
    public struct SubscriptionUpdateConfirm: Codable, Sendable, Equatable {
        public var subscription: SubscriptionID
        public var items: [Item]
        public var discounts: [Discount]?

        /// Creates the flow details.
        public init(subscription: SubscriptionID, items: [Item], discounts: [Discount]? = nil) {
            self.subscription = subscription
            self.items = items
            self.discounts = discounts
        }

        /// The item to change.
        public struct Item: Codable, Sendable, Equatable {
            /// The subscription item (`si_…`); required when sending.
            public var id: SubscriptionItemID?
            public var price: PriceID?
            public var quantity: Int?

            /// Describes the change to one item.
            public init(id: SubscriptionItemID, price: PriceID? = nil, quantity: Int? = nil) {
                self.id = id
                self.price = price
                self.quantity = quantity
            }
        }

        /// A discount to apply with the change: a coupon or a promotion code.
        public struct Discount: Codable, Sendable, Equatable {
            public var coupon: CouponID?
            public var promotionCode: String?

            /// Creates a discount.
            public init(coupon: CouponID? = nil, promotionCode: String? = nil) {
                self.coupon = coupon
                self.promotionCode = promotionCode
            }

            enum CodingKeys: String, CodingKey {
                case coupon
                case promotionCode = "promotion_code"
            }
        }
    }

    enum CodingKeys: String, CodingKey {
        case type
        case afterCompletion = "after_completion"
        case subscriptionCancel = "subscription_cancel"
        case subscriptionUpdate = "subscription_update"
        case subscriptionUpdateConfirm = "subscription_update_confirm"
        case subscriptionPause = "subscription_pause"
    }
}
