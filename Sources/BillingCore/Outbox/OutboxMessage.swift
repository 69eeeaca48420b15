import Foundation

/// A side effect to perform exactly once (a mail, a notification), written in the same transaction as the
/// projection change that caused it.
///
/// ``dedupeKey`` is unique in the outbox (see ``OutboxStore``): enqueuing the same key again is a no-op, so
/// duplicated or reordered events never repeat a side effect. The payload only names the subject; a sender reads the
/// current projection when it sends (so a reactivated subscription can skip its win-back mail).
public struct OutboxMessage: Sendable, Equatable, Hashable {
    /// The exactly-once key, such as `subscription-canceled:sub_123`.
    public var dedupeKey: String
    /// What to do, such as `subscription.canceled`.
    public var kind: String
    /// The Stripe object it is about.
    public var subjectID: String
    /// The payload as stored: a small JSON object with ids only, encoded from a `Codable` payload type such as
    /// ``SubscriptionCanceledPayload`` (keys sorted, so one payload always has one text).
    public var payload: String

    /// Creates a message whose payload is encoded as JSON.
    /// - Parameters:
    ///   - dedupeKey: the exactly-once key.
    ///   - kind: what to do.
    ///   - subjectID: the Stripe object it is about.
    ///   - payload: a payload type the sender of `kind` decodes.
    public init(dedupeKey: String, kind: String, subjectID: String, payload: some Encodable) {
        self.dedupeKey = dedupeKey
        self.kind = kind
        self.subjectID = subjectID
        self.payload = Self.json(payload)
    }

    /// A message read back from the outbox, its payload as stored.
    init(dedupeKey: String, kind: String, subjectID: String, storedPayload: String) {
        self.dedupeKey = dedupeKey
        self.kind = kind
        self.subjectID = subjectID
        self.payload = storedPayload
    }

    /// Decodes the payload as the type its ``kind`` is written with.
    /// - Throws: `DecodingError` when the stored JSON is not a `Payload`.
    public func decodePayload<Payload: Decodable>(as type: Payload.Type) throws -> Payload {
        try JSONDecoder().decode(Payload.self, from: Data(payload.utf8))
    }

    /// A subscription was canceled or scheduled to cancel (the win-back sequence starts from this).
    public static func subscriptionCanceled(subscription: String, customer: String) -> OutboxMessage {
        OutboxMessage(
            dedupeKey: "subscription-canceled:\(subscription)",
            kind: "subscription.canceled",
            subjectID: subscription,
            payload: SubscriptionCanceledPayload(customer: customer, subscription: subscription)
        )
    }

    /// The kind of ``trialEnding(subscription:customer:trialEnd:)`` messages.
    public static let trialEndingKind = "trial.will_end"

    /// A subscription's trial ends soon: one reminder mail per trial, keyed by the trial's end.
    public static func trialEnding(subscription: String, customer: String, trialEnd: Int64) -> OutboxMessage {
        OutboxMessage(
            dedupeKey: "trial-ending:\(subscription):\(trialEnd)",
            kind: trialEndingKind,
            subjectID: subscription,
            payload: TrialEndingPayload(customer: customer, subscription: subscription, trialEnd: trialEnd)
        )
    }

    /// The JSON text of a payload, keys sorted.
    static func json(_ payload: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(payload), as: UTF8.self)
        } catch {
            // Payloads are structs of strings; encoding them cannot fail.
            preconditionFailure("outbox payload did not encode: \(error)")
        }
    }
}

/// The payload of ``OutboxMessage/subscriptionCanceled(subscription:customer:)`` (kind `subscription.canceled`).
public struct SubscriptionCanceledPayload: Codable, Sendable, Equatable {
    /// The Stripe customer id.
    public var customer: String
    /// The Stripe subscription id.
    public var subscription: String

    /// Creates a payload.
    public init(customer: String, subscription: String) {
        self.customer = customer
        self.subscription = subscription
    }
}

/// The payload of one win-back step row (kind ``WinBackSequence/stepKind``).
public struct WinBackStepPayload: Codable, Sendable, Equatable {
    /// The Stripe subscription id.
    public var subscription: String
    /// The step id (``WinBackStep/id``), which is also the template name.
    public var step: String
    /// What the step's delay counts from.
    public var anchor: WinBackStep.Anchor

    /// Creates a payload.
    public init(subscription: String, step: String, anchor: WinBackStep.Anchor) {
        self.subscription = subscription
        self.step = step
        self.anchor = anchor
    }
}

/// The payload of ``OutboxMessage/trialEnding(subscription:customer:trialEnd:)`` (kind
/// ``OutboxMessage/trialEndingKind``).
public struct TrialEndingPayload: Codable, Sendable, Equatable {
    /// The Stripe customer id.
    public var customer: String
    /// The Stripe subscription id.
    public var subscription: String
    /// The trial end the reminder is about (Unix seconds).
    public var trialEnd: Int64

    /// Creates a payload.
    public init(customer: String, subscription: String, trialEnd: Int64) {
        self.customer = customer
        self.subscription = subscription
        self.trialEnd = trialEnd
    }
}
