import SQLKit

/// What the dunning mails need to know about one invoice when they are sent: whether it still needs paying, how
/// much, when Stripe retries it, and whom to write.
struct InvoiceState: Sendable, Equatable {
    /// Stripe's status (`open`, `paid`, `void`, `uncollectible`), or `deleted`.
    var status: String
    /// The amount due in the currency's minor unit.
    var amountDue: Int64?
    /// The currency.
    var currency: String?
    /// When Stripe tries again (Unix seconds); nil when it will not.
    var nextPaymentAttempt: Int64?
    /// Stripe's page for the invoice.
    var hostedInvoiceURL: String?
    /// The customer's address, when the customer's event has arrived.
    var email: String?
    /// The locale and time zone the customer's account last read its billing page in, if recorded.
    var formatting = StoredFormatting()

    /// Whether the invoice no longer needs a payment from the customer (paid, voided, written off or gone).
    var isSettled: Bool { status != "open" && status != "draft" }

    /// Reads the state inside the caller's transaction (the dunning hook and the mailer read it between a claim and
    /// a send, like ``SubscriptionState/load(_:on:)``).
    static func load(_ invoiceID: String, on sql: any SQLDatabase) async throws -> InvoiceState? {
        guard
            let row = try await sql.raw(
                """
                SELECT i.status, i.amount_due, i.currency, i.next_payment_attempt, i.hosted_invoice_url, c.email, \
                m.locale, m.time_zone \
                FROM billing_invoices i LEFT JOIN billing_stripe_customers c ON c.id = i.stripe_customer_id \
                LEFT JOIN billing_customers m ON m.stripe_customer_id = i.stripe_customer_id \
                WHERE i.id = \(bind: invoiceID)
                """
            ).first()
        else { return nil }
        return InvoiceState(
            status: try row.decode(column: "status", as: String.self),
            amountDue: try row.decode(column: "amount_due", as: Int64?.self),
            currency: try row.decode(column: "currency", as: String?.self),
            nextPaymentAttempt: try row.decode(column: "next_payment_attempt", as: Int64?.self),
            hostedInvoiceURL: try row.decode(column: "hosted_invoice_url", as: String?.self),
            email: try row.decode(column: "email", as: String?.self),
            formatting: StoredFormatting(
                locale: try row.decode(column: "locale", as: String?.self),
                timeZone: try row.decode(column: "time_zone", as: String?.self)
            )
        )
    }
}
