public import BillingDatabase
public import Foundation
import SQLKit
public import StripeAPI

/// Reads what pages and flows need from the projection tables the event processor writes: the account's customer
/// and current subscription, the renewal date, recent invoices. No Stripe call, no write.
public struct ProjectionReader: Sendable {
    /// An invoice line on the billing page.
    public struct InvoiceRecord: Sendable, Equatable, Decodable {
        /// The invoice id.
        public var id: String
        /// `open`, `paid`, `uncollectible`, `void`.
        public var status: String
        /// The amount due in the minor unit.
        public var amountDue: Int64?
        /// The currency.
        public var currency: String?
        /// Unix seconds.
        public var created: Int64
        /// Stripe's hosted invoice page (with its PDF download).
        public var hostedInvoiceURL: String?

        enum CodingKeys: String, CodingKey {
            case id, status, currency, created
            case amountDue = "amount_due"
            case hostedInvoiceURL = "hosted_invoice_url"
        }
    }

    /// An account's Stripe customer and the subscription that decides its access, from one query.
    public struct AccountBilling: Sendable, Equatable {
        /// The mapped customer.
        public var customer: CustomerID
        /// The live subscription when there is one, else the most recent ended one; nil without any.
        public var subscription: SubscriptionID?
        /// Whether ``subscription`` is live (trialing, active, past due, unpaid or paused): the account is a
        /// subscriber and changes plans in the portal rather than through a second Checkout.
        public var hasLiveSubscription: Bool

        /// Creates a value.
        public init(customer: CustomerID, subscription: SubscriptionID?, hasLiveSubscription: Bool = false) {
            self.customer = customer
            self.subscription = subscription
            self.hasLiveSubscription = hasLiveSubscription
        }
    }

    let database: any BillingDatabase

    /// Creates a reader over the billing database.
    public init(database: any BillingDatabase) {
        self.database = database
    }

    /// The account's customer and current subscription in one query (the portal click's only read); nil when
    /// the account has no customer yet.
    public func accountBilling(of account: AccountID) async throws -> AccountBilling? {
        struct Row: Decodable {
            var customer: String
            var id: String?
            var status: String?
            var deleted: Bool?
            var created: Int64?
        }
        let rows = try await database.read { sql in
            try await sql.raw(
                """
                SELECT c.stripe_customer_id AS customer, s.id, s.status, s.deleted, s.created
                FROM billing_customers c
                LEFT JOIN billing_subscriptions s ON s.stripe_customer_id = c.stripe_customer_id
                WHERE c.account_id = \(bind: account.rawValue)
                """
            ).all(decoding: Row.self)
        }
        guard let first = rows.first else { return nil }
        let current = rows.filter { $0.id != nil }.max { lhs, rhs in
            let left = SubscriptionRank(status: lhs.status ?? "", deleted: lhs.deleted ?? false)
            let right = SubscriptionRank(status: rhs.status ?? "", deleted: rhs.deleted ?? false)
            return (left.rawValue, lhs.created ?? 0, lhs.id ?? "") < (right.rawValue, rhs.created ?? 0, rhs.id ?? "")
        }
        return AccountBilling(
            customer: CustomerID(first.customer),
            subscription: current?.id.map { SubscriptionID($0) },
            hasLiveSubscription: current.map {
                SubscriptionRank(status: $0.status ?? "", deleted: $0.deleted ?? false) == .live
            } ?? false
        )
    }

    /// The end of the subscription's current period, when known.
    public func currentPeriodEnd(of subscription: SubscriptionID) async throws -> Date? {
        try await database.read { sql in
            let row = try await sql.raw(
                "SELECT current_period_end FROM billing_subscriptions WHERE id = \(bind: subscription.rawValue)"
            ).first()
            let seconds = try row?.decode(column: "current_period_end", as: Int64?.self)
            return seconds.map { Date(timeIntervalSince1970: TimeInterval($0)) }
        }
    }

    /// What discounts took off an invoice.
    public struct InvoiceDiscount: Sendable, Equatable {
        /// The invoice.
        public var invoice: InvoiceID
        /// The amount taken off, in the minor unit (positive).
        public var amount: Int64
        /// The invoice's subtotal before the discount, when known.
        public var subtotal: Int64?
        /// The currency.
        public var currency: String

        /// Creates a value.
        public init(invoice: InvoiceID, amount: Int64, subtotal: Int64?, currency: String) {
            self.invoice = invoice
            self.amount = amount
            self.subtotal = subtotal
            self.currency = currency
        }
    }

    /// The discount on the subscription's latest invoice; nil when that invoice had none, is void or is not
    /// projected yet.
    ///
    /// The latest invoice rather than the subscription: a `once` coupon is consumed by the invoice that starts the
    /// subscription, and it stays on record there until the next invoice replaces it as the latest.
    public func latestInvoiceDiscount(of subscription: SubscriptionID) async throws -> InvoiceDiscount? {
        struct Row: Decodable {
            var id: String
            var discountAmount: Int64
            var subtotal: Int64?
            var currency: String?

            enum CodingKeys: String, CodingKey {
                case id, subtotal, currency
                case discountAmount = "discount_amount"
            }
        }
        let row = try await database.read { sql in
            try await sql.raw(
                """
                SELECT i.id, i.discount_amount, i.subtotal, i.currency
                FROM billing_subscriptions s JOIN billing_invoices i ON i.id = s.latest_invoice_id
                WHERE s.id = \(bind: subscription.rawValue) AND i.discount_amount > 0
                AND i.status NOT IN ('void', 'deleted')
                """
            ).first(decoding: Row.self)
        }
        return row.map {
            InvoiceDiscount(
                invoice: InvoiceID($0.id),
                amount: $0.discountAmount,
                subtotal: $0.subtotal,
                currency: $0.currency ?? "usd"
            )
        }
    }

    /// The account's most recent finalized invoices, newest first.
    public func recentInvoices(of account: AccountID, limit: Int) async throws -> [InvoiceRecord] {
        guard limit > 0 else { return [] }
        return try await database.read { sql in
            try await sql.raw(
                """
                SELECT i.id, i.status, i.amount_due, i.currency, i.created, i.hosted_invoice_url
                FROM billing_invoices i
                JOIN billing_customers c ON c.stripe_customer_id = i.stripe_customer_id
                WHERE c.account_id = \(bind: account.rawValue) AND i.status NOT IN ('draft', 'deleted')
                ORDER BY i.created DESC, i.id DESC LIMIT \(bind: limit)
                """
            ).all(decoding: InvoiceRecord.self)
        }
    }
}

/// How much a subscription counts when choosing the one that decides an account's access: a live one before an
/// incomplete one before an ended one (ties go to the most recently created).
enum SubscriptionRank: Int, Comparable {
    case ended = 0
    case incomplete = 1
    case live = 2

    init(status: String, deleted: Bool) {
        self.init(status: Subscription.Status(rawValue: status), deleted: deleted)
    }

    static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
