/// A side effect to perform exactly once (a mail, a notification), written in the same transaction as the
/// projection change that caused it.
///
/// ``dedupeKey`` is unique in `outbox_messages`: enqueuing the same key again is a no-op, so duplicated or
/// reordered events never repeat a side effect. The payload only names the subject; a sender reads the current
/// projection when it sends (so a reactivated subscription can skip its win-back mail).
public struct OutboxMessage: Sendable, Equatable, Hashable {
    /// The exactly-once key, such as `subscription-canceled:sub_123`.
    public var dedupeKey: String
    /// What to do, such as `subscription.canceled`.
    public var kind: String
    /// The Stripe object it is about.
    public var subjectID: String
    /// A small JSON object with ids only.
    public var payload: String

    /// Creates a message.
    public init(dedupeKey: String, kind: String, subjectID: String, payload: String) {
        self.dedupeKey = dedupeKey
        self.kind = kind
        self.subjectID = subjectID
        self.payload = payload
    }

    /// A subscription was canceled or scheduled to cancel (the win-back sequence starts from this).
    public static func subscriptionCanceled(subscription: String, customer: String) -> OutboxMessage {
        OutboxMessage(
            dedupeKey: "subscription-canceled:\(subscription)",
            kind: "subscription.canceled",
            subjectID: subscription,
            payload: #"{"customer":"\#(customer)","subscription":"\#(subscription)"}"#
        )
    }

    /// An invoice payment failed.
    public static func paymentFailed(invoice: String, customer: String) -> OutboxMessage {
        OutboxMessage(
            dedupeKey: "payment-failed:\(invoice)",
            kind: "invoice.payment_failed",
            subjectID: invoice,
            payload: #"{"customer":"\#(customer)","invoice":"\#(invoice)"}"#
        )
    }
}
