public import StripeAPI

/// The one table of event types billing handles: the reducer dispatches on it, the webhook intake answers
/// "handled" from it, and `billing webhooks setup` subscribes the endpoint to exactly these types.
///
/// Every other type is stored and acknowledged, then ignored. `invoice.upcoming` is deliberately absent: it carries
/// a preview without an id, which cannot be projected.
public enum HandledEventTypes {
    /// The Stripe object an event of a handled type carries in `data.object`.
    public enum Object: Sendable, Hashable {
        /// A subscription (`sub_…`).
        case subscription
        /// An invoice (`in_…`).
        case invoice
        /// A payment method (`pm_…`).
        case paymentMethod
        /// A customer (`cus_…`).
        case customer
        /// A Checkout Session (`cs_…`); it is not projected, it only links its customer to an account.
        case checkoutSession
    }

    /// One handled event type and how the reducer reads it.
    public struct Entry: Sendable, Hashable {
        /// The event type.
        public let type: EventType
        /// The object its `data.object` holds.
        public let object: Object
        /// Whether the event ends the object's life (a deletion or a detachment).
        public let endsObject: Bool

        init(_ type: EventType, _ object: Object, endsObject: Bool = false) {
            self.type = type
            self.object = object
            self.endsObject = endsObject
        }
    }

    /// Every handled event type, in the order `billing webhooks setup` sends them.
    public static let all: [Entry] = [
        Entry(.customerCreated, .customer),
        Entry(.customerUpdated, .customer),
        Entry(.customerDeleted, .customer, endsObject: true),
        Entry(.checkoutSessionCompleted, .checkoutSession),
        Entry(.customerSubscriptionCreated, .subscription),
        Entry(.customerSubscriptionUpdated, .subscription),
        Entry(.customerSubscriptionDeleted, .subscription, endsObject: true),
        Entry(.customerSubscriptionPaused, .subscription),
        Entry(.customerSubscriptionResumed, .subscription),
        Entry(.customerSubscriptionTrialWillEnd, .subscription),
        Entry(.customerSubscriptionPendingUpdateApplied, .subscription),
        Entry(.customerSubscriptionPendingUpdateExpired, .subscription),
        Entry(.invoiceCreated, .invoice),
        Entry(.invoiceFinalized, .invoice),
        Entry(.invoicePaid, .invoice),
        Entry(.invoicePaymentSucceeded, .invoice),
        Entry(.invoicePaymentFailed, .invoice),
        Entry(.invoicePaymentActionRequired, .invoice),
        Entry(.invoiceUpdated, .invoice),
        Entry(.invoiceVoided, .invoice),
        Entry(.invoiceMarkedUncollectible, .invoice),
        Entry(.invoiceDeleted, .invoice, endsObject: true),
        Entry(.paymentMethodAttached, .paymentMethod),
        Entry(.paymentMethodDetached, .paymentMethod, endsObject: true),
        Entry(.paymentMethodUpdated, .paymentMethod),
        Entry(.paymentMethodAutomaticallyUpdated, .paymentMethod),
    ]

    /// The handled event types, in table order (a webhook endpoint's `enabled_events`).
    public static var types: [EventType] { all.map(\.type) }

    private static let byType: [String: Entry] = Dictionary(
        all.map { ($0.type.rawValue, $0) },
        uniquingKeysWith: { first, _ in first }
    )

    /// The table's entry for `type`, nil when billing ignores the type.
    public static func entry(for type: String) -> Entry? { byType[type] }

    /// Whether the reducer does something with events of `type`.
    public static func isHandled(_ type: String) -> Bool { byType[type] != nil }
}
