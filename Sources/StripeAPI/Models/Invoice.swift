public import Foundation

/// A Stripe invoice (`in_…`) as rendered by API version 2026-10-28.endive, where the owning subscription is found
/// under `parent.subscription_details`.
public struct Invoice: StripeIdentifiable, Equatable {
    public var id: InvoiceID
    /// The customer-facing number, set at finalization.
    public var number: String?
    /// Nil only for previews.
    public var status: Status?
    public var statusTransitions: StatusTransitions?
    /// Amounts in the currency's minor unit.
    public var amountDue: Int
    public var amountPaid: Int
    public var amountRemaining: Int
    public var total: Int
    public var subtotal: Int
    public var currency: String
    /// The customer; an object when requested with `expand[]=customer`.
    public var customer: Expandable<Customer>?
    /// The hosted payment page, null until finalized.
    public var hostedInvoiceURL: URL?
    /// The PDF download, null until finalized.
    public var invoicePDF: URL?
    /// The window for invoice items; a line's service period is on the line.
    public var periodStart: Date
    public var periodEnd: Date
    public var billingReason: BillingReason?
    /// Payment attempts so far.
    public var attemptCount: Int
    /// When Stripe will try to collect again, if it will.
    public var nextPaymentAttempt: Date?
    /// What generated the invoice, such as a subscription.
    public var parent: Parent?
    /// The first page of line items.
    public var lines: StripeList<LineItem>
    public var discounts: [Expandable<Discount>]
    public var metadata: Metadata
    /// When it was created.
    public var created: Date
    /// Whether it lives in live mode.
    public var livemode: Bool

    /// The subscription that generated the invoice, from `parent.subscription_details`.
    public var subscriptionID: SubscriptionID? { parent?.subscriptionDetails?.subscription.id }

    /// An invoice's state.
    public struct Status: StripeEnum {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let draft: Self = "draft"
        public static let open: Self = "open"
        public static let paid: Self = "paid"
        public static let uncollectible: Self = "uncollectible"
        public static let void: Self = "void"
    }

    /// Why the invoice was created.
    public struct BillingReason: StripeEnum {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let subscriptionCreate: Self = "subscription_create"
        public static let subscriptionCycle: Self = "subscription_cycle"
        public static let subscriptionUpdate: Self = "subscription_update"
        public static let subscriptionThreshold: Self = "subscription_threshold"
        public static let subscription: Self = "subscription"
        public static let manual: Self = "manual"
        public static let upcoming: Self = "upcoming"
        public static let quoteAccept: Self = "quote_accept"
        public static let automaticPendingInvoiceItemInvoice: Self = "automatic_pending_invoice_item_invoice"
    }

    /// When the invoice changed status.
    public struct StatusTransitions: Codable, Sendable, Equatable {
        public var finalizedAt: Date?
        public var paidAt: Date?
        public var voidedAt: Date?
        public var markedUncollectibleAt: Date?

        enum CodingKeys: String, CodingKey {
            case finalizedAt = "finalized_at"
            case paidAt = "paid_at"
            case voidedAt = "voided_at"
            case markedUncollectibleAt = "marked_uncollectible_at"
        }
    }

    /// What generated the invoice.
    public struct Parent: Codable, Sendable, Equatable {
        /// `subscription_details` or `quote_details`.
        public var type: String
        public var subscriptionDetails: SubscriptionDetails?

        /// The subscription behind a subscription invoice.
        public struct SubscriptionDetails: Codable, Sendable, Equatable {
            /// The subscription's metadata when the invoice was created.
            public var metadata: Metadata?
            private var storedSubscription: Indirect<Expandable<Subscription>>

            /// The subscription; an object when requested with `expand[]=parent.subscription_details.subscription`.
            public var subscription: Expandable<Subscription> {
                get { storedSubscription.value }
                set { storedSubscription = Indirect(newValue) }
            }

            enum CodingKeys: String, CodingKey {
                case metadata
                case storedSubscription = "subscription"
            }
        }

        enum CodingKeys: String, CodingKey {
            case type
            case subscriptionDetails = "subscription_details"
        }
    }

    /// One line of an invoice (`il_…`).
    public struct LineItem: Codable, Sendable, Equatable {
        public var id: String
        /// Amount in the minor unit.
        public var amount: Int
        public var currency: String?
        public var description: String?
        /// The service period the line covers.
        public var period: Period
        public var quantity: Int?
        /// What the line is priced by.
        public var pricing: Pricing?

        /// The price behind the line, from `pricing.price_details`.
        public var price: Expandable<Price>? { pricing?.priceDetails?.price }

        /// A service period.
        public struct Period: Codable, Sendable, Equatable {
            public var start: Date
            public var end: Date
        }

        /// How a line is priced.
        public struct Pricing: Codable, Sendable, Equatable {
            public var type: String
            public var priceDetails: PriceDetails?

            /// The price and product of a line.
            public struct PriceDetails: Codable, Sendable, Equatable {
                public var price: Expandable<Price>
                public var product: String?
            }

            enum CodingKeys: String, CodingKey {
                case type
                case priceDetails = "price_details"
            }
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, number, status, total, subtotal, currency, customer, parent, lines, discounts, metadata, created
        case livemode
        case statusTransitions = "status_transitions"
        case amountDue = "amount_due"
        case amountPaid = "amount_paid"
        case amountRemaining = "amount_remaining"
        case hostedInvoiceURL = "hosted_invoice_url"
        case invoicePDF = "invoice_pdf"
        case periodStart = "period_start"
        case periodEnd = "period_end"
        case billingReason = "billing_reason"
        case attemptCount = "attempt_count"
        case nextPaymentAttempt = "next_payment_attempt"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(InvoiceID.self, forKey: .id)
        number = try c.decodeIfPresent(String.self, forKey: .number)
        status = try c.decodeIfPresent(Status.self, forKey: .status)
        statusTransitions = try c.decodeIfPresent(StatusTransitions.self, forKey: .statusTransitions)
        amountDue = try c.decode(Int.self, forKey: .amountDue)
        amountPaid = try c.decodeIfPresent(Int.self, forKey: .amountPaid) ?? 0
        amountRemaining = try c.decodeIfPresent(Int.self, forKey: .amountRemaining) ?? amountDue - amountPaid
        total = try c.decode(Int.self, forKey: .total)
        subtotal = try c.decodeIfPresent(Int.self, forKey: .subtotal) ?? total
        currency = try c.decode(String.self, forKey: .currency)
        customer = try c.decodeIfPresent(Expandable<Customer>.self, forKey: .customer)
        hostedInvoiceURL = try c.decodeIfPresent(URL.self, forKey: .hostedInvoiceURL)
        invoicePDF = try c.decodeIfPresent(URL.self, forKey: .invoicePDF)
        created = try c.decode(Date.self, forKey: .created)
        periodStart = try c.decodeIfPresent(Date.self, forKey: .periodStart) ?? created
        periodEnd = try c.decodeIfPresent(Date.self, forKey: .periodEnd) ?? created
        billingReason = try c.decodeIfPresent(BillingReason.self, forKey: .billingReason)
        attemptCount = try c.decodeIfPresent(Int.self, forKey: .attemptCount) ?? 0
        nextPaymentAttempt = try c.decodeIfPresent(Date.self, forKey: .nextPaymentAttempt)
        parent = try c.decodeIfPresent(Parent.self, forKey: .parent)
        lines = try c.decodeIfPresent(StripeList<LineItem>.self, forKey: .lines) ?? StripeList(data: [], hasMore: false)
        discounts = try c.decodeIfPresent([Expandable<Discount>].self, forKey: .discounts) ?? []
        metadata = try c.decodeMetadata(forKey: .metadata)
        livemode = try c.decodeIfPresent(Bool.self, forKey: .livemode) ?? false
    }
}
