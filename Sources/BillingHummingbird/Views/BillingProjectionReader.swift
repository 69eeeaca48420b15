public import BillingCore
public import BillingDatabase
public import Foundation
import SQLKit

/// Reads what the billing page shows beyond ``BillingCore/BillingAccess``: the renewal date and recent invoices,
/// from the same projection tables the event processor writes.
public struct BillingProjectionReader: Sendable {
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

    private let database: any BillingDatabase

    /// Creates a reader over the billing database.
    public init(database: any BillingDatabase) {
        self.database = database
    }

    /// The end of the subscription's current period, when known.
    public func currentPeriodEnd(of subscription: String) async throws -> Date? {
        try await database.read { sql in
            let row = try await sql.raw(
                "SELECT current_period_end FROM billing_subscriptions WHERE id = \(bind: subscription)"
            ).first()
            let seconds = try row?.decode(column: "current_period_end", as: Int64?.self)
            return seconds.map { Date(timeIntervalSince1970: TimeInterval($0)) }
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
                ORDER BY i.created DESC, i.id DESC LIMIT \(unsafeRaw: String(limit))
                """
            ).all(decoding: InvoiceRecord.self)
        }
    }
}
