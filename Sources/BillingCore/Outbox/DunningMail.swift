public import BillingDatabase
import BillingSupport
public import Foundation
import StripeAPI

/// Dunning mail: when a payment fails, one mail per failed invoice with the amount, the next retry and a link to
/// update the payment method; when an invoice whose failure was mailed is paid, a confirmation.
///
/// It is a built-in hook (``hookName``) of the ``BillingFact/Kind/paymentFailed`` and
/// ``BillingFact/Kind/invoicePaid`` facts, registered by the facade when mail is configured, and the
/// ``OutboxMailer`` sends its rows:
/// - a failed payment enqueues `dunning:<invoice>` (kind ``failedKind``). Stripe retries an invoice several times
///   and each failed attempt is its own fact, but the key names the invoice, so the customer gets one mail per
///   failed invoice, however often the event or its retries arrive. An invoice the projection already shows as paid
///   (its payment event came first) gets none.
/// - a paid invoice that has a failure row enqueues `dunning-recovered:<invoice>` (kind ``recoveredKind``).
/// - when the mailer comes to a failure mail and the invoice has been paid, voided or written off meanwhile, it
///   cancels the mail; the confirmation is then canceled too, as the customer never heard of the failure. A
///   confirmation waits until its failure mail is sent.
///
/// The link in the mail goes to the billing page (a portal URL is a short-lived bearer link and cannot go in a
/// mail): there the signed-in customer's "Update payment method" button posts, with the session's CSRF token, to
/// the portal endpoint with `flow=payment_method_update`, which opens the portal's payment-method update.
public enum DunningMail {
    /// The name the dunning mails are registered under in ``BillingHooks``.
    public static let hookName = "dunning"
    /// The outbox kind of a failure mail.
    public static let failedKind = "dunning.payment_failed"
    /// The outbox kind of a confirmation after a failure.
    public static let recoveredKind = "dunning.payment_recovered"

    /// The failure mail's key: one per invoice.
    static func failedKey(invoice: String) -> String { "dunning:\(invoice)" }
    /// The confirmation's key: one per invoice.
    static func recoveredKey(invoice: String) -> String { "dunning-recovered:\(invoice)" }

    /// Registers the dunning mails as a handler of payment facts.
    /// - Parameters:
    ///   - hooks: the registry to add the handler to.
    ///   - database: the billing database.
    ///   - now: the clock.
    public static func register(
        in hooks: BillingHooks,
        database: any BillingDatabase,
        now: @escaping @Sendable () -> Date
    ) {
        hooks.register(
            [.paymentFailed, .invoicePaid],
            name: hookName,
            handler: .builtIn { fact in
                guard let invoice = fact.invoice?.rawValue else { return }
                let payload = DunningPayload(
                    invoice: invoice,
                    customer: fact.customer.rawValue,
                    subscription: fact.subscription?.rawValue
                )
                let millis = now().unixMilliseconds
                try await database.transaction { sql in
                    switch fact.kind {
                    case .paymentFailed:
                        if let state = try await InvoiceState.load(invoice, on: sql), state.isSettled { return }
                        let message = OutboxMessage(
                            dedupeKey: failedKey(invoice: invoice),
                            kind: failedKind,
                            subjectID: invoice,
                            payload: payload
                        )
                        try await OutboxStore.enqueue(
                            message,
                            sendAfter: millis,
                            sourceEventID: fact.eventID,
                            now: millis,
                            on: sql
                        )
                    case .invoicePaid:
                        guard try await OutboxStore.status(of: failedKey(invoice: invoice), on: sql) != nil else {
                            return
                        }
                        let message = OutboxMessage(
                            dedupeKey: recoveredKey(invoice: invoice),
                            kind: recoveredKind,
                            subjectID: invoice,
                            payload: payload
                        )
                        try await OutboxStore.enqueue(
                            message,
                            sendAfter: millis,
                            sourceEventID: fact.eventID,
                            now: millis,
                            on: sql
                        )
                    default:
                        return
                    }
                }
            }
        )
    }
}

/// The payload of a dunning row (kinds ``DunningMail/failedKind`` and ``DunningMail/recoveredKind``).
public struct DunningPayload: Codable, Sendable, Equatable {
    /// The Stripe invoice id.
    public var invoice: String
    /// The Stripe customer id.
    public var customer: String
    /// The subscription the invoice bills, if any.
    public var subscription: String?

    /// Creates a payload.
    public init(invoice: String, customer: String, subscription: String?) {
        self.invoice = invoice
        self.customer = customer
        self.subscription = subscription
    }
}
