public import Foundation
import StripeAPI

/// A snapshot of one Stripe object, ready to be written to the projection.
public enum ObjectSnapshot: Sendable, Equatable {
    /// A subscription.
    case subscription(SubscriptionSnapshot)
    /// An invoice.
    case invoice(InvoiceSnapshot)
    /// A payment method.
    case paymentMethod(PaymentMethodSnapshot)
    /// A customer.
    case customer(CustomerSnapshot)

    /// The projection table and object id, the unit the ordering rule works on.
    public var key: String {
        switch self {
        case .subscription(let s): "subscription:\(s.id)"
        case .invoice(let i): "invoice:\(i.id)"
        case .paymentMethod(let p): "payment_method:\(p.id)"
        case .customer(let c): "customer:\(c.id)"
        }
    }
}

/// What one event means for the projection and the outbox.
public struct ReducedEvent: Sendable, Equatable {
    /// The snapshot the event carries, nil for event types the projection ignores.
    public var snapshot: ObjectSnapshot?
    /// Whether the snapshot ends the object's life (deleted, detached).
    public var isTerminal: Bool
    /// Side effects the event implies, each keyed for exactly-once.
    public var outbox: [OutboxMessage]
    /// An account-to-customer link the event asks for (a completed Checkout); applied only where neither side is
    /// mapped yet.
    public var customerLink: CustomerLink?

    /// Creates a reduction.
    public init(
        snapshot: ObjectSnapshot?,
        isTerminal: Bool,
        outbox: [OutboxMessage],
        customerLink: CustomerLink? = nil
    ) {
        self.snapshot = snapshot
        self.isTerminal = isTerminal
        self.outbox = outbox
        self.customerLink = customerLink
    }

    /// Nothing to do.
    public static let ignored = ReducedEvent(snapshot: nil, isTerminal: false, outbox: [])
}

/// The pure part of event processing: event type and payload in, snapshot and side effects out. No I/O.
///
/// Side effects derive from facts in the event itself (this snapshot shows a scheduled cancellation; this event
/// is a failed payment), never from a comparison with the stored projection, so they do not depend on the order
/// events arrive in; the outbox's unique dedupe key makes each one happen once.
public enum EventReducer {
    /// Reduces one event.
    ///
    /// Dispatch follows ``HandledEventTypes``: a type in the table is read as the object the table names, any other
    /// type is ignored.
    /// - Parameters:
    ///   - type: the event type.
    ///   - payload: the event JSON.
    /// - Throws: when the event's `data.object` does not decode as the object its type implies.
    public static func reduce(type: String, payload: Data) throws -> ReducedEvent {
        guard let entry = HandledEventTypes.entry(for: type) else { return .ignored }
        switch entry.object {
        case .subscription:
            let subscription = try decodeObject(SubscriptionSnapshot.self, from: payload)
            var reduced = reduce(subscription: subscription, deleted: entry.endsObject)
            // Stripe sends this three days before a trial ends; the reminder is keyed by the trial's end, so each
            // trial is reminded of once however often the event is delivered.
            if entry.type == .customerSubscriptionTrialWillEnd, let trialEnd = subscription.trialEnd {
                reduced.outbox.append(
                    .trialEnding(
                        subscription: "\(subscription.id)",
                        customer: "\(subscription.customerID)",
                        trialEnd: trialEnd
                    )
                )
            }
            return reduced
        case .invoice:
            let invoice = try decodeObject(InvoiceSnapshot.self, from: payload)
            return ReducedEvent(snapshot: .invoice(invoice), isTerminal: entry.endsObject, outbox: [])
        case .paymentMethod:
            let method = try decodeObject(PaymentMethodSnapshot.self, from: payload)
            return ReducedEvent(
                snapshot: .paymentMethod(method),
                isTerminal: entry.endsObject || method.customerID == nil,
                outbox: []
            )
        case .customer:
            let customer = try decodeObject(CustomerSnapshot.self, from: payload)
            return ReducedEvent(snapshot: .customer(customer), isTerminal: entry.endsObject, outbox: [])
        case .checkoutSession:
            let session = try decodeObject(CompletedCheckout.self, from: payload)
            return ReducedEvent(snapshot: nil, isTerminal: false, outbox: [], customerLink: session.link)
        }
    }

    /// Reduces a subscription snapshot, from an event or from the API (reconciliation, re-fetch).
    ///
    /// Cancellations start the win-back sequence through its hook (``WinBackSequence/hookName``): the facts an event
    /// carries become hook rows in ``reduce(_:hooks:)``.
    public static func reduce(subscription: SubscriptionSnapshot, deleted: Bool) -> ReducedEvent {
        ReducedEvent(
            snapshot: .subscription(subscription),
            isTerminal: deleted || subscription.status.isTerminal,
            outbox: []
        )
    }

    /// Whether a snapshot fetched from the API shows an object that is gone for good.
    public static func isTerminal(_ snapshot: ObjectSnapshot) -> Bool {
        switch snapshot {
        case .subscription(let s): s.status.isTerminal
        case .invoice: false
        case .paymentMethod(let p): p.customerID == nil
        case .customer(let c): c.isDeleted
        }
    }

    /// The fields of a Checkout Session that say which account it was started for.
    private struct CompletedCheckout: Decodable {
        var mode: String?
        var status: String?
        var customer: String?
        var clientReferenceID: String?
        var livemode: Bool?

        enum CodingKeys: String, CodingKey {
            case mode, status, customer, livemode
            case clientReferenceID = "client_reference_id"
        }

        /// Only a completed subscription Checkout started by this library (which names the account in
        /// `client_reference_id`) links anything; one-off payments and foreign sessions do not.
        var link: CustomerLink? {
            guard mode == "subscription", status == "complete", let customer, !customer.isEmpty,
                let clientReferenceID, !clientReferenceID.isEmpty
            else { return nil }
            return CustomerLink(
                account: AccountID(clientReferenceID),
                customer: CustomerID(customer),
                livemode: livemode ?? false
            )
        }
    }

    private struct Envelope<Object: Decodable>: Decodable {
        struct Body: Decodable { var object: Object }
        var data: Body
    }

    static func decodeObject<Object: Decodable>(_ type: Object.Type, from payload: Data) throws -> Object {
        try JSONDecoder().decode(Envelope<Object>.self, from: payload).data.object
    }
}
