extension PortalConfigurationParameters {
    /// `features.subscription_update`.
    public struct SubscriptionUpdate: Encodable, Sendable {
        public var enabled: Bool?
        /// ``Unsettable/unset`` allows no changes.
        public var defaultAllowedUpdates: Unsettable<[PortalConfiguration.SubscriptionUpdate.AllowedUpdate]>?
        /// Up to 10 products with their switchable prices; ``Unsettable/unset`` removes them all.
        public var products: Unsettable<[Product]>?
        public var prorationBehavior: ProrationBehavior?
        public var scheduleAtPeriodEnd: ScheduleAtPeriodEnd?
        public var trialUpdateBehavior: PortalConfiguration.SubscriptionUpdate.TrialUpdateBehavior?
        public var billingCycleAnchor: PortalConfiguration.SubscriptionUpdate.BillingCycleAnchor?

        /// Creates parameters.
        public init(
            enabled: Bool? = nil,
            defaultAllowedUpdates: Unsettable<[PortalConfiguration.SubscriptionUpdate.AllowedUpdate]>? = nil,
            products: Unsettable<[Product]>? = nil,
            prorationBehavior: ProrationBehavior? = nil,
            scheduleAtPeriodEnd: ScheduleAtPeriodEnd? = nil,
            trialUpdateBehavior: PortalConfiguration.SubscriptionUpdate.TrialUpdateBehavior? = nil,
            billingCycleAnchor: PortalConfiguration.SubscriptionUpdate.BillingCycleAnchor? = nil
        ) {
            self.enabled = enabled
            self.defaultAllowedUpdates = defaultAllowedUpdates
            self.products = products
            self.prorationBehavior = prorationBehavior
            self.scheduleAtPeriodEnd = scheduleAtPeriodEnd
            self.trialUpdateBehavior = trialUpdateBehavior
            self.billingCycleAnchor = billingCycleAnchor
        }

        /// A product customers can switch to, with the allowed prices.
        public struct Product: Encodable, Sendable {
            public var product: ProductID
            public var prices: [PriceID]
            public var adjustableQuantity: AdjustableQuantity?

            /// Creates parameters.
            public init(product: ProductID, prices: [PriceID], adjustableQuantity: AdjustableQuantity? = nil) {
                self.product = product
                self.prices = prices
                self.adjustableQuantity = adjustableQuantity
            }

            /// Quantity limits.
            public struct AdjustableQuantity: Encodable, Sendable {
                public var enabled: Bool
                public var minimum: Int?
                public var maximum: Int?

                /// Creates parameters.
                public init(enabled: Bool, minimum: Int? = nil, maximum: Int? = nil) {
                    self.enabled = enabled
                    self.minimum = minimum
                    self.maximum = maximum
                }
            }

            enum CodingKeys: String, CodingKey {
                case product, prices
                case adjustableQuantity = "adjustable_quantity"
            }
        }

        /// When changes wait for the period end.
        public struct ScheduleAtPeriodEnd: Encodable, Sendable {
            /// ``Unsettable/unset`` (update only) removes every condition.
            public var conditions: Unsettable<[PortalConfiguration.SubscriptionUpdate.ScheduleAtPeriodEnd.Condition]>?

            /// Creates parameters.
            public init(
                conditions: Unsettable<[PortalConfiguration.SubscriptionUpdate.ScheduleAtPeriodEnd.Condition]>? = nil
            ) {
                self.conditions = conditions
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
}
