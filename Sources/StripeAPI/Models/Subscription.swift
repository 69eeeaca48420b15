public import Foundation

/// A Stripe subscription (`sub_…`) as rendered by API version 2026-10-28.endive, where the billing period lives on
/// each item rather than on the subscription.
public struct Subscription: StripeIdentifiable, Equatable {
    public var id: SubscriptionID
    /// The customer; an object when requested with `expand[]=customer`.
    public var customer: Expandable<Customer>
    public var status: Status
    /// Why the subscription is paused (status `paused` only).
    public var statusDetails: StatusDetails?
    /// The prices billed, each with its own current period.
    public var items: StripeList<SubscriptionItem>
    /// Whether the subscription will cancel (active) or did cancel (canceled) at the end of the period.
    public var cancelAtPeriodEnd: Bool
    /// A future time at which the subscription will cancel.
    public var cancelAt: Date?
    /// When cancellation was last requested (not when it takes effect).
    public var canceledAt: Date?
    /// When the subscription actually ended.
    public var endedAt: Date?
    public var cancellationDetails: CancellationDetails?
    /// Paused invoice collection; unlike status `paused` this keeps the subscription `active`.
    public var pauseCollection: PauseCollection?
    public var trialStart: Date?
    public var trialEnd: Date?
    /// The most recent invoice; an object when requested with `expand[]=latest_invoice`.
    public var latestInvoice: Expandable<Invoice>?
    /// The payment method charged, ahead of the customer's default.
    public var defaultPaymentMethod: Expandable<PaymentMethod>?
    public var discounts: [Expandable<Discount>]
    public var collectionMethod: CollectionMethod?
    public var metadata: Metadata
    /// When it was created.
    public var created: Date
    /// When it started; differs from ``created`` when backdated.
    public var startDate: Date
    public var currency: String
    /// The subscription schedule (`sub_sched_…`) when a change is scheduled, such as a portal downgrade at period end.
    public var schedule: String?
    /// The test clock the subscription follows, if any.
    public var testClock: Expandable<TestClock>?
    /// Whether it lives in live mode.
    public var livemode: Bool

    /// Start of the current billing period, taken from the first item.
    public var currentPeriodStart: Date? { items.data.first?.currentPeriodStart }
    /// End of the current billing period, taken from the first item (the renewal or cancellation date).
    public var currentPeriodEnd: Date? { items.data.first?.currentPeriodEnd }

    /// A subscription's lifecycle state.
    public struct Status: StripeEnum {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The first payment failed or needs action; expires after 23 hours.
        public static let incomplete: Self = "incomplete"
        /// The first invoice was never paid (terminal).
        public static let incompleteExpired: Self = "incomplete_expired"
        public static let trialing: Self = "trialing"
        public static let active: Self = "active"
        /// A renewal payment failed and is being retried.
        public static let pastDue: Self = "past_due"
        /// Terminal.
        public static let canceled: Self = "canceled"
        /// Retries were exhausted and the account keeps unpaid subscriptions open.
        public static let unpaid: Self = "unpaid"
        /// Paused through the pause endpoint or a trial that ended without a payment method.
        public static let paused: Self = "paused"

        /// Whether the subscription is over for good: `canceled` or `incomplete_expired`. Stripe never moves a
        /// subscription out of these, so the projection treats them like a deletion.
        public var isTerminal: Bool { self == .canceled || self == .incompleteExpired }

        /// Whether the subscription counts as running: neither terminal nor `incomplete` (a first payment that has
        /// not gone through yet), so `trialing`, `active`, `past_due`, `unpaid`, `paused`, and a status this library
        /// does not know yet.
        ///
        /// This decides which of an account's subscriptions governs its access (a live one before an incomplete one
        /// before an ended one); whether the account is also entitled is a separate decision of the access policy.
        public var isLive: Bool { !isTerminal && self != .incomplete }
    }

    /// How invoices are collected.
    public struct CollectionMethod: StripeEnum {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let chargeAutomatically: Self = "charge_automatically"
        public static let sendInvoice: Self = "send_invoice"
    }

    /// Why and how a subscription was cancelled.
    public struct CancellationDetails: Codable, Sendable, Equatable {
        public var reason: Reason?
        /// The customer's survey answer.
        public var feedback: CancellationFeedback?
        /// Free text from the customer.
        public var comment: String?

        /// Creates details.
        public init(reason: Reason? = nil, feedback: CancellationFeedback? = nil, comment: String? = nil) {
            self.reason = reason
            self.feedback = feedback
            self.comment = comment
        }

        /// Who or what cancelled the subscription.
        public struct Reason: StripeEnum {
            public let rawValue: String
            public init(rawValue: String) { self.rawValue = rawValue }
            /// The customer or the integration asked for it (the portal sets this).
            public static let cancellationRequested: Self = "cancellation_requested"
            public static let paymentDisputed: Self = "payment_disputed"
            public static let paymentFailed: Self = "payment_failed"
            public static let canceledByRetentionPolicy: Self = "canceled_by_retention_policy"
        }
    }

    /// Paused collection of invoices.
    public struct PauseCollection: Codable, Sendable, Equatable {
        public var behavior: Behavior
        /// When collection resumes automatically.
        public var resumesAt: Date?

        /// Creates a pause.
        public init(behavior: Behavior, resumesAt: Date? = nil) {
            self.behavior = behavior
            self.resumesAt = resumesAt
        }

        /// What happens to invoices while collection is paused.
        public struct Behavior: StripeEnum {
            public let rawValue: String
            public init(rawValue: String) { self.rawValue = rawValue }
            public static let keepAsDraft: Self = "keep_as_draft"
            public static let markUncollectible: Self = "mark_uncollectible"
            public static let void: Self = "void"
        }

        enum CodingKeys: String, CodingKey {
            case behavior
            case resumesAt = "resumes_at"
        }
    }

    /// Details of the current status (endive): today only the reason for `paused`.
    public struct StatusDetails: Codable, Sendable, Equatable {
        public var paused: Paused?

        /// Why a subscription is paused.
        public struct Paused: Codable, Sendable, Equatable {
            public var type: String
            /// When it was paused.
            public var transitionedAt: Date?
            /// The trigger, such as `pause_requested` or `trial_end_without_payment_method`.
            public var subscription: Trigger?

            /// The event that paused a subscription.
            public struct Trigger: Codable, Sendable, Equatable {
                public var type: String
            }

            enum CodingKeys: String, CodingKey {
                case type, subscription
                case transitionedAt = "transitioned_at"
            }
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, customer, status, items, discounts, metadata, created, currency, schedule, livemode
        case statusDetails = "status_details"
        case cancelAtPeriodEnd = "cancel_at_period_end"
        case cancelAt = "cancel_at"
        case canceledAt = "canceled_at"
        case endedAt = "ended_at"
        case cancellationDetails = "cancellation_details"
        case pauseCollection = "pause_collection"
        case trialStart = "trial_start"
        case trialEnd = "trial_end"
        case latestInvoice = "latest_invoice"
        case defaultPaymentMethod = "default_payment_method"
        case collectionMethod = "collection_method"
        case startDate = "start_date"
        case testClock = "test_clock"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(SubscriptionID.self, forKey: .id)
        customer = try c.decode(Expandable<Customer>.self, forKey: .customer)
        status = try c.decode(Status.self, forKey: .status)
        statusDetails = try c.decodeIfPresent(StatusDetails.self, forKey: .statusDetails)
        items =
            try c.decodeIfPresent(StripeList<SubscriptionItem>.self, forKey: .items)
            ?? StripeList(data: [], hasMore: false)
        cancelAtPeriodEnd = try c.decodeIfPresent(Bool.self, forKey: .cancelAtPeriodEnd) ?? false
        cancelAt = try c.decodeIfPresent(Date.self, forKey: .cancelAt)
        canceledAt = try c.decodeIfPresent(Date.self, forKey: .canceledAt)
        endedAt = try c.decodeIfPresent(Date.self, forKey: .endedAt)
        cancellationDetails = try c.decodeIfPresent(CancellationDetails.self, forKey: .cancellationDetails)
        pauseCollection = try c.decodeIfPresent(PauseCollection.self, forKey: .pauseCollection)
        trialStart = try c.decodeIfPresent(Date.self, forKey: .trialStart)
        trialEnd = try c.decodeIfPresent(Date.self, forKey: .trialEnd)
        latestInvoice = try c.decodeIfPresent(Expandable<Invoice>.self, forKey: .latestInvoice)
        defaultPaymentMethod = try c.decodeIfPresent(Expandable<PaymentMethod>.self, forKey: .defaultPaymentMethod)
        discounts = try c.decodeIfPresent([Expandable<Discount>].self, forKey: .discounts) ?? []
        collectionMethod = try c.decodeIfPresent(CollectionMethod.self, forKey: .collectionMethod)
        metadata = try c.decodeMetadata(forKey: .metadata)
        created = try c.decode(Date.self, forKey: .created)
        startDate = try c.decodeIfPresent(Date.self, forKey: .startDate) ?? created
        currency = try c.decode(String.self, forKey: .currency)
        schedule = try c.decodeReferenceID(forKey: .schedule)
        testClock = try c.decodeIfPresent(Expandable<TestClock>.self, forKey: .testClock)
        livemode = try c.decodeIfPresent(Bool.self, forKey: .livemode) ?? false
    }
}
