public import Foundation

/// Parameters for `POST /v1/subscriptions`.
public struct SubscriptionCreateParameters: Encodable, Sendable {
    public var customer: CustomerID
    /// The prices to bill.
    public var items: [Item]
    /// Trial length in days; mutually exclusive with ``trialEnd``.
    public var trialPeriodDays: Int?
    public var trialEnd: TrialEnd?
    /// Must be attached to the customer.
    public var defaultPaymentMethod: PaymentMethodID?
    public var discounts: [DiscountParameters]?
    public var metadata: Metadata?
    public var paymentBehavior: PaymentBehavior?
    public var prorationBehavior: ProrationBehavior?
    public var cancelAtPeriodEnd: Bool?
    public var description: String?

    /// Creates parameters.
    public init(
        customer: CustomerID,
        items: [Item],
        trialPeriodDays: Int? = nil,
        trialEnd: TrialEnd? = nil,
        defaultPaymentMethod: PaymentMethodID? = nil,
        discounts: [DiscountParameters]? = nil,
        metadata: Metadata? = nil,
        paymentBehavior: PaymentBehavior? = nil,
        prorationBehavior: ProrationBehavior? = nil,
        cancelAtPeriodEnd: Bool? = nil,
        description: String? = nil
    ) {
        self.customer = customer
        self.items = items
        self.trialPeriodDays = trialPeriodDays
        self.trialEnd = trialEnd
        self.defaultPaymentMethod = defaultPaymentMethod
        self.discounts = discounts
        self.metadata = metadata
        self.paymentBehavior = paymentBehavior
        self.prorationBehavior = prorationBehavior
        self.cancelAtPeriodEnd = cancelAtPeriodEnd
        self.description = description
    }

    /// One price to bill.
    public struct Item: Encodable, Sendable {
        public var price: PriceID
        public var quantity: Int?
        public var metadata: Metadata?

        /// Creates an item.
        public init(price: PriceID, quantity: Int? = nil, metadata: Metadata? = nil) {
            self.price = price
            self.quantity = quantity
            self.metadata = metadata
        }
    }

    enum CodingKeys: String, CodingKey {
        case customer, items, discounts, metadata, description
        case trialPeriodDays = "trial_period_days"
        case trialEnd = "trial_end"
        case defaultPaymentMethod = "default_payment_method"
        case paymentBehavior = "payment_behavior"
        case prorationBehavior = "proration_behavior"
        case cancelAtPeriodEnd = "cancel_at_period_end"
    }
}

/// Parameters for `POST /v1/subscriptions/{id}`. `nil` leaves a field unchanged; ``Unsettable/unset`` clears it.
public struct SubscriptionUpdateParameters: Encodable, Sendable {
    /// Item changes; a plan change is `[.init(id: item, price: newPrice)]`.
    public var items: [Item]?
    public var prorationBehavior: ProrationBehavior?
    /// The proration timestamp from a preview, so the update bills exactly what was shown.
    public var prorationDate: Date?
    public var paymentBehavior: PaymentBehavior?
    /// Schedules (`true`) or undoes (`false`) cancellation at the period end.
    public var cancelAtPeriodEnd: Bool?
    /// A cancellation time; ``Unsettable/unset`` removes a scheduled cancellation.
    public var cancelAt: Unsettable<CancelAt>?
    public var cancellationDetails: CancellationDetailsParameters?
    /// Pauses invoice collection; ``Unsettable/unset`` resumes it.
    public var pauseCollection: Unsettable<Subscription.PauseCollection>?
    /// Must be attached to the customer; ``Unsettable/unset`` falls back to the customer's default.
    public var defaultPaymentMethod: Unsettable<PaymentMethodID>?
    /// Replaces the discounts; ``Unsettable/unset`` removes them all.
    public var discounts: Unsettable<[DiscountParameters]>?
    public var trialEnd: TrialEnd?
    /// Keys to set; a key mapped to `""` is removed by Stripe.
    public var metadata: Metadata?
    public var description: Unsettable<String>?

    /// Creates parameters.
    public init(
        items: [Item]? = nil,
        prorationBehavior: ProrationBehavior? = nil,
        prorationDate: Date? = nil,
        paymentBehavior: PaymentBehavior? = nil,
        cancelAtPeriodEnd: Bool? = nil,
        cancelAt: Unsettable<CancelAt>? = nil,
        cancellationDetails: CancellationDetailsParameters? = nil,
        pauseCollection: Unsettable<Subscription.PauseCollection>? = nil,
        defaultPaymentMethod: Unsettable<PaymentMethodID>? = nil,
        discounts: Unsettable<[DiscountParameters]>? = nil,
        trialEnd: TrialEnd? = nil,
        metadata: Metadata? = nil,
        description: Unsettable<String>? = nil
    ) {
        self.items = items
        self.prorationBehavior = prorationBehavior
        self.prorationDate = prorationDate
        self.paymentBehavior = paymentBehavior
        self.cancelAtPeriodEnd = cancelAtPeriodEnd
        self.cancelAt = cancelAt
        self.cancellationDetails = cancellationDetails
        self.pauseCollection = pauseCollection
        self.defaultPaymentMethod = defaultPaymentMethod
        self.discounts = discounts
        self.trialEnd = trialEnd
        self.metadata = metadata
        self.description = description
    }

    /// A change to one item: an existing item (`id`) gets a new price or quantity or is deleted; an item without
    /// `id` is added.
    public struct Item: Encodable, Sendable {
        public var id: SubscriptionItemID?
        public var price: PriceID?
        public var quantity: Int?
        /// Removes the item.
        public var deleted: Bool?
        public var metadata: Metadata?

        /// Creates an item change.
        public init(
            id: SubscriptionItemID? = nil,
            price: PriceID? = nil,
            quantity: Int? = nil,
            deleted: Bool? = nil,
            metadata: Metadata? = nil
        ) {
            self.id = id
            self.price = price
            self.quantity = quantity
            self.deleted = deleted
            self.metadata = metadata
        }
    }

    enum CodingKeys: String, CodingKey {
        case items
        case prorationBehavior = "proration_behavior"
        case prorationDate = "proration_date"
        case paymentBehavior = "payment_behavior"
        case cancelAtPeriodEnd = "cancel_at_period_end"
        case cancelAt = "cancel_at"
        case cancellationDetails = "cancellation_details"
        case pauseCollection = "pause_collection"
        case defaultPaymentMethod = "default_payment_method"
        case discounts
        case trialEnd = "trial_end"
        case metadata, description
    }
}

/// When a subscription cancels: a time, or the end of its items' periods.
public enum CancelAt: Encodable, Sendable, Equatable {
    /// At this time.
    case timestamp(Date)
    /// At the earliest current-period end among the items.
    case minPeriodEnd
    /// At the latest current-period end among the items.
    case maxPeriodEnd

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .timestamp(let date): try container.encode(date)
        case .minPeriodEnd: try container.encode("min_period_end")
        case .maxPeriodEnd: try container.encode("max_period_end")
        }
    }
}

/// When a trial ends: a time, or now.
public enum TrialEnd: Encodable, Sendable, Equatable {
    /// At this time.
    case at(Date)
    /// Immediately.
    case now

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .at(let date): try container.encode(date)
        case .now: try container.encode("now")
        }
    }
}

/// How a subscription change treats a payment it requires.
public struct PaymentBehavior: StripeEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Applies the change and leaves the subscription `past_due` or `incomplete` if payment fails.
    public static let allowIncomplete: Self = "allow_incomplete"
    /// Creates the subscription `incomplete` until the first payment is confirmed.
    public static let defaultIncomplete: Self = "default_incomplete"
    /// Fails the request if payment fails.
    public static let errorIfIncomplete: Self = "error_if_incomplete"
    /// Applies the change only once payment succeeds.
    public static let pendingIfIncomplete: Self = "pending_if_incomplete"
}

/// A discount to apply: a coupon or a promotion code.
public struct DiscountParameters: Encodable, Sendable, Equatable {
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

/// `cancellation_details` on subscription update and cancel.
public struct CancellationDetailsParameters: Encodable, Sendable {
    public var comment: Unsettable<String>?
    public var feedback: Unsettable<CancellationFeedback>?

    /// Creates details.
    public init(comment: Unsettable<String>? = nil, feedback: Unsettable<CancellationFeedback>? = nil) {
        self.comment = comment
        self.feedback = feedback
    }
}

/// Parameters for `DELETE /v1/subscriptions/{id}`.
public struct SubscriptionCancelParameters: Encodable, Sendable {
    public var cancellationDetails: CancellationDetailsParameters?
    /// Invoices un-invoiced usage and pending prorations now.
    public var invoiceNow: Bool?
    /// Credits the unused time.
    public var prorate: Bool?

    /// Creates parameters.
    public init(
        cancellationDetails: CancellationDetailsParameters? = nil,
        invoiceNow: Bool? = nil,
        prorate: Bool? = nil
    ) {
        self.cancellationDetails = cancellationDetails
        self.invoiceNow = invoiceNow
        self.prorate = prorate
    }

    enum CodingKeys: String, CodingKey {
        case cancellationDetails = "cancellation_details"
        case invoiceNow = "invoice_now"
        case prorate
    }
}

/// Parameters for `POST /v1/subscriptions/{id}/resume`.
public struct SubscriptionResumeParameters: Encodable, Sendable {
    /// Whether resuming resets the billing cycle; sent as `billing_cycle_anchor[type]` (endive).
    public var billingCycleAnchor: PortalConfiguration.SubscriptionUpdate.BillingCycleAnchor?
    public var prorationBehavior: ProrationBehavior?
    public var prorationDate: Date?
    /// `resume_on_payment_attempt` (default) or `resume_on_payment_success` (recommended).
    public var paymentBehavior: String?

    /// Creates parameters.
    public init(
        billingCycleAnchor: PortalConfiguration.SubscriptionUpdate.BillingCycleAnchor? = nil,
        prorationBehavior: ProrationBehavior? = nil,
        prorationDate: Date? = nil,
        paymentBehavior: String? = nil
    ) {
        self.billingCycleAnchor = billingCycleAnchor
        self.prorationBehavior = prorationBehavior
        self.prorationDate = prorationDate
        self.paymentBehavior = paymentBehavior
    }

    enum CodingKeys: String, CodingKey {
        case billingCycleAnchor = "billing_cycle_anchor"
        case prorationBehavior = "proration_behavior"
        case prorationDate = "proration_date"
        case paymentBehavior = "payment_behavior"
    }

    private enum AnchorKeys: String, CodingKey {
        case type
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if let billingCycleAnchor {
            var anchor = container.nestedContainer(keyedBy: AnchorKeys.self, forKey: .billingCycleAnchor)
            try anchor.encode(billingCycleAnchor, forKey: .type)
        }
        try container.encodeIfPresent(prorationBehavior, forKey: .prorationBehavior)
        try container.encodeIfPresent(prorationDate, forKey: .prorationDate)
        try container.encodeIfPresent(paymentBehavior, forKey: .paymentBehavior)
    }
}

/// Filters for `GET /v1/subscriptions`.
public struct SubscriptionListParameters: Encodable, Sendable {
    public var customer: CustomerID?
    /// Defaults to everything except canceled.
    public var status: StatusFilter?
    /// Only subscriptions with an item on this price.
    public var price: PriceID?
    public var testClock: TestClockID?
    public var created: DateFilter?
    public var limit: Int?
    public var startingAfter: String?
    public var endingBefore: String?

    /// Creates filters.
    public init(
        customer: CustomerID? = nil,
        status: StatusFilter? = nil,
        price: PriceID? = nil,
        testClock: TestClockID? = nil,
        created: DateFilter? = nil,
        limit: Int? = nil,
        startingAfter: String? = nil,
        endingBefore: String? = nil
    ) {
        self.customer = customer
        self.status = status
        self.price = price
        self.testClock = testClock
        self.created = created
        self.limit = limit
        self.startingAfter = startingAfter
        self.endingBefore = endingBefore
    }

    /// A status filter: any ``Subscription/Status`` value, or `all` / `ended`.
    public struct StatusFilter: StripeEnum {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Every status, canceled included.
        public static let all: Self = "all"
        /// Canceled and incomplete-expired.
        public static let ended: Self = "ended"
        public static let active: Self = "active"
        public static let canceled: Self = "canceled"
        public static let incomplete: Self = "incomplete"
        public static let incompleteExpired: Self = "incomplete_expired"
        public static let pastDue: Self = "past_due"
        public static let paused: Self = "paused"
        public static let trialing: Self = "trialing"
        public static let unpaid: Self = "unpaid"
    }

    enum CodingKeys: String, CodingKey {
        case customer, status, price, created, limit
        case testClock = "test_clock"
        case startingAfter = "starting_after"
        case endingBefore = "ending_before"
    }
}
