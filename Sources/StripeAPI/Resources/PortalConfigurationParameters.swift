/// Parameters for creating (`features` required) or updating a customer-portal configuration. `nil` leaves a field
/// unchanged; ``Unsettable/unset`` sends `""`, which Stripe reads as "empty" for lists such as `products`.
public struct PortalConfigurationParameters: Encodable, Sendable {
    public var features: Features?
    public var businessProfile: BusinessProfile?
    /// Where the portal's return link goes when a session names no `return_url`.
    public var defaultReturnURL: Unsettable<String>?
    /// Enables the shareable hosted login page.
    public var loginPage: LoginPage?
    /// Keys to set; a key mapped to `""` is removed by Stripe.
    public var metadata: Metadata?
    public var name: Unsettable<String>?
    /// Update only: deactivating stops new sessions with this configuration.
    public var active: Bool?

    /// Creates parameters.
    public init(
        features: Features? = nil,
        businessProfile: BusinessProfile? = nil,
        defaultReturnURL: Unsettable<String>? = nil,
        loginPage: LoginPage? = nil,
        metadata: Metadata? = nil,
        name: Unsettable<String>? = nil,
        active: Bool? = nil
    ) {
        self.features = features
        self.businessProfile = businessProfile
        self.defaultReturnURL = defaultReturnURL
        self.loginPage = loginPage
        self.metadata = metadata
        self.name = name
        self.active = active
    }

    enum CodingKeys: String, CodingKey {
        case features, metadata, name, active
        case businessProfile = "business_profile"
        case defaultReturnURL = "default_return_url"
        case loginPage = "login_page"
    }

    /// `business_profile`.
    public struct BusinessProfile: Encodable, Sendable {
        public var headline: Unsettable<String>?
        public var privacyPolicyURL: Unsettable<String>?
        public var termsOfServiceURL: Unsettable<String>?

        /// Creates parameters.
        public init(
            headline: Unsettable<String>? = nil,
            privacyPolicyURL: Unsettable<String>? = nil,
            termsOfServiceURL: Unsettable<String>? = nil
        ) {
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

    /// `login_page`.
    public struct LoginPage: Encodable, Sendable {
        public var enabled: Bool

        /// Creates parameters.
        public init(enabled: Bool) { self.enabled = enabled }
    }

    /// `features`: each block sent on create needs `enabled`.
    public struct Features: Encodable, Sendable {
        public var customerUpdate: CustomerUpdate?
        public var invoiceHistory: Toggle?
        public var paymentMethodUpdate: PaymentMethodUpdate?
        public var subscriptionCancel: SubscriptionCancel?
        public var subscriptionPause: SubscriptionPause?
        public var subscriptionUpdate: SubscriptionUpdate?

        /// Creates parameters.
        public init(
            customerUpdate: CustomerUpdate? = nil,
            invoiceHistory: Toggle? = nil,
            paymentMethodUpdate: PaymentMethodUpdate? = nil,
            subscriptionCancel: SubscriptionCancel? = nil,
            subscriptionPause: SubscriptionPause? = nil,
            subscriptionUpdate: SubscriptionUpdate? = nil
        ) {
            self.customerUpdate = customerUpdate
            self.invoiceHistory = invoiceHistory
            self.paymentMethodUpdate = paymentMethodUpdate
            self.subscriptionCancel = subscriptionCancel
            self.subscriptionPause = subscriptionPause
            self.subscriptionUpdate = subscriptionUpdate
        }

        enum CodingKeys: String, CodingKey {
            case customerUpdate = "customer_update"
            case invoiceHistory = "invoice_history"
            case paymentMethodUpdate = "payment_method_update"
            case subscriptionCancel = "subscription_cancel"
            case subscriptionPause = "subscription_pause"
            case subscriptionUpdate = "subscription_update"
        }
    }

    /// A feature block that only switches on or off (`invoice_history`).
    public struct Toggle: Encodable, Sendable {
        public var enabled: Bool

        /// Creates parameters.
        public init(enabled: Bool) { self.enabled = enabled }
    }

    /// `features.customer_update`.
    public struct CustomerUpdate: Encodable, Sendable {
        public var enabled: Bool?
        /// ``Unsettable/unset`` makes nothing editable.
        public var allowedUpdates: Unsettable<[PortalConfiguration.CustomerUpdate.CustomerField]>?

        /// Creates parameters.
        public init(
            enabled: Bool? = nil,
            allowedUpdates: Unsettable<[PortalConfiguration.CustomerUpdate.CustomerField]>? = nil
        ) {
            self.enabled = enabled
            self.allowedUpdates = allowedUpdates
        }

        enum CodingKeys: String, CodingKey {
            case enabled
            case allowedUpdates = "allowed_updates"
        }
    }

    /// `features.payment_method_update`.
    public struct PaymentMethodUpdate: Encodable, Sendable {
        public var enabled: Bool?
        /// A `pmc_…`; ``Unsettable/unset`` returns to the account default.
        public var paymentMethodConfiguration: Unsettable<String>?

        /// Creates parameters.
        public init(enabled: Bool? = nil, paymentMethodConfiguration: Unsettable<String>? = nil) {
            self.enabled = enabled
            self.paymentMethodConfiguration = paymentMethodConfiguration
        }

        enum CodingKeys: String, CodingKey {
            case enabled
            case paymentMethodConfiguration = "payment_method_configuration"
        }
    }

    /// `features.subscription_cancel`.
    public struct SubscriptionCancel: Encodable, Sendable {
        public var enabled: Bool?
        public var mode: PortalConfiguration.SubscriptionCancel.Mode?
        /// `none` or `create_prorations` (only with `immediately`); `always_invoice` is rejected.
        public var prorationBehavior: ProrationBehavior?
        public var cancellationReason: CancellationReason?

        /// Creates parameters.
        public init(
            enabled: Bool? = nil,
            mode: PortalConfiguration.SubscriptionCancel.Mode? = nil,
            prorationBehavior: ProrationBehavior? = nil,
            cancellationReason: CancellationReason? = nil
        ) {
            self.enabled = enabled
            self.mode = mode
            self.prorationBehavior = prorationBehavior
            self.cancellationReason = cancellationReason
        }

        /// The cancellation survey; both fields are required when sent.
        public struct CancellationReason: Encodable, Sendable {
            public var enabled: Bool
            /// ``Unsettable/unset`` offers no options.
            public var options: Unsettable<[CancellationFeedback]>

            /// Creates parameters.
            public init(enabled: Bool, options: Unsettable<[CancellationFeedback]>) {
                self.enabled = enabled
                self.options = options
            }
        }

        enum CodingKeys: String, CodingKey {
            case enabled, mode
            case prorationBehavior = "proration_behavior"
            case cancellationReason = "cancellation_reason"
        }
    }

    /// `features.subscription_pause` (API version endive and later).
    public struct SubscriptionPause: Encodable, Sendable {
        public var enabled: Bool?
        public var duration: Duration?

        /// Creates parameters.
        public init(enabled: Bool? = nil, duration: Duration? = nil) {
            self.enabled = enabled
            self.duration = duration
        }

        /// How long customers may pause.
        public struct Duration: Encodable, Sendable {
            public var type: PortalConfiguration.SubscriptionPause.Duration.DurationType
            public var intervalOptions: [IntervalOption]?

            /// Creates parameters.
            public init(
                type: PortalConfiguration.SubscriptionPause.Duration.DurationType,
                intervalOptions: [IntervalOption]? = nil
            ) {
                self.type = type
                self.intervalOptions = intervalOptions
            }

            /// One pause length.
            public struct IntervalOption: Encodable, Sendable {
                public var interval: Price.Interval
                public var intervalCount: Int?

                /// Creates parameters.
                public init(interval: Price.Interval, intervalCount: Int? = nil) {
                    self.interval = interval
                    self.intervalCount = intervalCount
                }

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
}
