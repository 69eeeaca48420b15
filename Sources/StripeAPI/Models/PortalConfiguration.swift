public import Foundation

/// A customer-portal configuration (`bpc_…`, object `billing_portal.configuration`): which features the hosted
/// portal offers and how they behave.
public struct PortalConfiguration: StripeIdentifiable, Equatable {
    public var id: PortalConfigurationID
    /// Only active configurations can create sessions.
    public var active: Bool
    public var businessProfile: BusinessProfile
    /// Where the portal's return link goes when a session names no `return_url`.
    public var defaultReturnURL: String?
    public var features: Features
    /// Whether this is the Dashboard-managed default, used when a session names no configuration.
    public var isDefault: Bool
    public var loginPage: LoginPage
    public var metadata: Metadata
    public var name: String?
    /// When it was created.
    public var created: Date
    /// When it was last changed.
    public var updated: Date?
    /// Whether it lives in live mode.
    public var livemode: Bool

    /// Business links shown in the portal.
    public struct BusinessProfile: Codable, Sendable, Equatable {
        public var headline: String?
        public var privacyPolicyURL: String?
        public var termsOfServiceURL: String?

        /// Creates a profile.
        public init(headline: String? = nil, privacyPolicyURL: String? = nil, termsOfServiceURL: String? = nil) {
            self.headline = headline
            self.privacyPolicyURL = privacyPolicyURL
            self.termsOfServiceURL = termsOfServiceURL
        }

        enum CodingKeys: String, CodingKey {
            case headline
            case privacyPolicyURL = "privacy_policy_url"
            case termsOfServiceURL = "terms_of_service_url"
        }
    }

    /// The shareable hosted login page.
    public struct LoginPage: Codable, Sendable, Equatable {
        public var enabled: Bool
        /// `https://billing.stripe.com/p/login/…` when enabled.
        public var url: String?
    }

    /// Every feature block of the portal.
    public struct Features: Codable, Sendable, Equatable {
        public var customerUpdate: CustomerUpdate?
        public var invoiceHistory: InvoiceHistory?
        public var paymentMethodUpdate: PaymentMethodUpdate?
        public var subscriptionCancel: SubscriptionCancel?
        public var subscriptionPause: SubscriptionPause?
        public var subscriptionUpdate: SubscriptionUpdate?

        enum CodingKeys: String, CodingKey {
            case customerUpdate = "customer_update"
            case invoiceHistory = "invoice_history"
            case paymentMethodUpdate = "payment_method_update"
            case subscriptionCancel = "subscription_cancel"
            case subscriptionPause = "subscription_pause"
            case subscriptionUpdate = "subscription_update"
        }
    }

    /// Letting customers edit their own details.
    public struct CustomerUpdate: Codable, Sendable, Equatable {
        public var enabled: Bool
        /// Which fields are editable; empty means none.
        public var allowedUpdates: [CustomerField]

        /// An editable customer field.
        public struct CustomerField: StripeEnum {
            public let rawValue: String
            public init(rawValue: String) { self.rawValue = rawValue }
            public static let address: Self = "address"
            public static let email: Self = "email"
            public static let name: Self = "name"
            public static let phone: Self = "phone"
            public static let shipping: Self = "shipping"
            public static let taxID: Self = "tax_id"
        }

        enum CodingKeys: String, CodingKey {
            case enabled
            case allowedUpdates = "allowed_updates"
        }
    }

    /// Showing past invoices.
    public struct InvoiceHistory: Codable, Sendable, Equatable {
        public var enabled: Bool
    }

    /// Letting customers add, replace and remove payment methods.
    public struct PaymentMethodUpdate: Codable, Sendable, Equatable {
        public var enabled: Bool
        /// A `pmc_…` limiting the payment method types; nil means the account default.
        public var paymentMethodConfiguration: String?

        enum CodingKeys: String, CodingKey {
            case enabled
            case paymentMethodConfiguration = "payment_method_configuration"
        }
    }

    /// Letting customers cancel.
    public struct SubscriptionCancel: Codable, Sendable, Equatable {
        public var enabled: Bool
        public var mode: Mode
        /// Only `none` or `create_prorations` (the latter with `immediately`).
        public var prorationBehavior: ProrationBehavior
        public var cancellationReason: CancellationReason?

        /// When a portal cancellation takes effect.
        public struct Mode: StripeEnum {
            public let rawValue: String
            public init(rawValue: String) { self.rawValue = rawValue }
            public static let atPeriodEnd: Self = "at_period_end"
            public static let immediately: Self = "immediately"
        }

        /// The cancellation survey.
        public struct CancellationReason: Codable, Sendable, Equatable {
            public var enabled: Bool
            public var options: [CancellationFeedback]
        }

        enum CodingKeys: String, CodingKey {
            case enabled, mode
            case prorationBehavior = "proration_behavior"
            case cancellationReason = "cancellation_reason"
        }
    }

    /// Letting customers pause (API version endive and later).
    public struct SubscriptionPause: Codable, Sendable, Equatable {
        public var enabled: Bool
        public var duration: Duration?

        /// How long a customer may pause for.
        public struct Duration: Codable, Sendable, Equatable {
            public var type: DurationType
            public var intervalOptions: [IntervalOption]?

            /// Whether pauses are open-ended or picked from options.
            public struct DurationType: StripeEnum {
                public let rawValue: String
                public init(rawValue: String) { self.rawValue = rawValue }
                public static let indefinite: Self = "indefinite"
                public static let intervalOptions: Self = "interval_options"
            }

            /// One pause length the customer can pick.
            public struct IntervalOption: Codable, Sendable, Equatable {
                public var interval: Price.Interval
                public var intervalCount: Int

                enum CodingKeys: String, CodingKey {
                    case interval
                    case intervalCount = "interval_count"
                }
            }

            enum CodingKeys: String, CodingKey {
                case type
                case intervalOptions = "interval_options"
            }
        }
    }

    /// Letting customers switch plans or quantities.
    public struct SubscriptionUpdate: Codable, Sendable, Equatable {
        public var enabled: Bool
        /// Which changes are allowed: `price`, `promotion_code`, `quantity`; empty means none.
        public var defaultAllowedUpdates: [AllowedUpdate]
        /// The products and prices customers can switch between.
        public var products: [Product]?
        public var prorationBehavior: ProrationBehavior
        /// Changes that are deferred to the period end instead of applied now.
        public var scheduleAtPeriodEnd: ScheduleAtPeriodEnd?
        /// Whether a plan change during a trial ends the trial (the default) or keeps it.
        public var trialUpdateBehavior: TrialUpdateBehavior?
        /// Whether a plan change resets the billing cycle (`now`) or keeps it (`unchanged`, the default).
        public var billingCycleAnchor: BillingCycleAnchor?

        /// A kind of subscription change.
        public struct AllowedUpdate: StripeEnum {
            public let rawValue: String
            public init(rawValue: String) { self.rawValue = rawValue }
            public static let price: Self = "price"
            public static let promotionCode: Self = "promotion_code"
            public static let quantity: Self = "quantity"
        }

        /// What a plan change does to a running trial.
        public struct TrialUpdateBehavior: StripeEnum {
            public let rawValue: String
            public init(rawValue: String) { self.rawValue = rawValue }
            public static let endTrial: Self = "end_trial"
            public static let continueTrial: Self = "continue_trial"
        }

        /// What a plan change does to the billing cycle.
        public struct BillingCycleAnchor: StripeEnum {
            public let rawValue: String
            public init(rawValue: String) { self.rawValue = rawValue }
            public static let now: Self = "now"
            public static let unchanged: Self = "unchanged"
        }

        /// A product offered in plan switching, with its allowed prices.
        public struct Product: Codable, Sendable, Equatable {
            public var product: ProductID
            public var prices: [PriceID]
            public var adjustableQuantity: AdjustableQuantity?

            /// Quantity limits.
            public struct AdjustableQuantity: Codable, Sendable, Equatable {
                public var enabled: Bool
                public var minimum: Int?
                public var maximum: Int?
            }

            enum CodingKeys: String, CodingKey {
                case product, prices
                case adjustableQuantity = "adjustable_quantity"
            }
        }

        /// Conditions under which a change is scheduled for the period end.
        public struct ScheduleAtPeriodEnd: Codable, Sendable, Equatable {
            public var conditions: [Condition]

            /// One condition.
            public struct Condition: Codable, Sendable, Equatable {
                public var type: ConditionType

                /// Creates a condition.
                public init(type: ConditionType) { self.type = type }
            }

            /// A kind of change that is deferred.
            public struct ConditionType: StripeEnum {
                public let rawValue: String
                public init(rawValue: String) { self.rawValue = rawValue }
                /// The new items cost less than the current ones (a downgrade).
                public static let decreasingItemAmount: Self = "decreasing_item_amount"
                /// The new interval is shorter than the current one.
                public static let shorteningInterval: Self = "shortening_interval"
            }
        }

        enum CodingKeys: String, CodingKey {
            case enabled, products
            case defaultAllowedUpdates = "default_allowed_updates"
            case prorationBehavior = "proration_behavior"
            case scheduleAtPeriodEnd = "schedule_at_period_end"
            case trialUpdateBehavior = "trial_update_behavior"
            case billingCycleAnchor = "billing_cycle_anchor"
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, active, features, metadata, name, created, updated, livemode
        case businessProfile = "business_profile"
        case defaultReturnURL = "default_return_url"
        case isDefault = "is_default"
        case loginPage = "login_page"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(PortalConfigurationID.self, forKey: .id)
        active = try c.decodeIfPresent(Bool.self, forKey: .active) ?? true
        businessProfile = try c.decodeIfPresent(BusinessProfile.self, forKey: .businessProfile) ?? BusinessProfile()
        defaultReturnURL = try c.decodeIfPresent(String.self, forKey: .defaultReturnURL)
        features = try c.decode(Features.self, forKey: .features)
        isDefault = try c.decodeIfPresent(Bool.self, forKey: .isDefault) ?? false
        loginPage = try c.decodeIfPresent(LoginPage.self, forKey: .loginPage) ?? LoginPage(enabled: false, url: nil)
        metadata = try c.decodeMetadata(forKey: .metadata)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        created = try c.decode(Date.self, forKey: .created)
        updated = try c.decodeIfPresent(Date.self, forKey: .updated)
        livemode = try c.decodeIfPresent(Bool.self, forKey: .livemode) ?? false
    }
}
