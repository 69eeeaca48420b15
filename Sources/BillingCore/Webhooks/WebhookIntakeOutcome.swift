public import StripeAPI

/// What ``WebhookIntake/receive(body:signature:now:)`` did with a delivery; the web layer answers with
/// ``httpStatus`` as is.
public enum WebhookIntakeOutcome: Sendable, Equatable {
    /// A new event of a handled type was stored durably (200).
    case accepted(EventID)
    /// A new event of a type the library does not handle was stored durably and will be ignored (200).
    case acceptedUnhandled(EventID)
    /// The event was already stored; nothing changed (200).
    case duplicate(EventID)
    /// The delivery was refused; nothing was stored.
    case rejected(Rejection)
    /// The store failed; nothing is acknowledged so Stripe retries (503).
    case storeUnavailable

    /// Why a delivery was refused.
    public enum Rejection: String, Sendable, Equatable {
        /// Missing, malformed or non-matching `Stripe-Signature` (400).
        case invalidSignature
        /// The signature timestamp is outside the tolerance (400).
        case timestampOutsideTolerance
        /// The body is not a Stripe event (400).
        case malformedPayload
        /// The event's `livemode` differs from the configured key's mode (400).
        case livemodeMismatch
        /// The body exceeds the size cap (413).
        case payloadTooLarge
    }

    /// The HTTP status to answer with.
    public var httpStatus: Int {
        switch self {
        case .accepted, .acceptedUnhandled, .duplicate: 200
        case .rejected(.payloadTooLarge): 413
        case .rejected: 400
        case .storeUnavailable: 503
        }
    }

    /// Whether the delivery may be acknowledged (a 2xx).
    public var isAcknowledged: Bool { httpStatus == 200 }
}
