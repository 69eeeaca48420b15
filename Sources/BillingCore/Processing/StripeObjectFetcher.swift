public import StripeAPI

/// A Stripe object the processor may re-fetch.
public enum ObjectReference: Sendable, Hashable, CustomStringConvertible {
    /// A subscription.
    case subscription(SubscriptionID)
    /// An invoice.
    case invoice(InvoiceID)
    /// A payment method.
    case paymentMethod(PaymentMethodID)
    /// A customer.
    case customer(CustomerID)

    /// The reference of the object a snapshot describes.
    public init(_ snapshot: ObjectSnapshot) {
        switch snapshot {
        case .subscription(let s): self = .subscription(s.id)
        case .invoice(let i): self = .invoice(i.id)
        case .paymentMethod(let p): self = .paymentMethod(p.id)
        case .customer(let c): self = .customer(c.id)
        }
    }

    public var description: String {
        switch self {
        case .subscription(let id): "subscription \(id)"
        case .invoice(let id): "invoice \(id)"
        case .paymentMethod(let id): "payment method \(id)"
        case .customer(let id): "customer \(id)"
        }
    }
}

/// Reads the current state of a Stripe object, the source of truth when two snapshots tie.
///
/// ``StripeClient`` is the live implementation; tests use a fake that returns stubbed snapshots and fails on
/// anything else.
public protocol StripeObjectFetcher: Sendable {
    /// The object's current state, or nil when Stripe no longer has it.
    func currentSnapshot(of object: ObjectReference) async throws -> ObjectSnapshot?
}

extension StripeClient: StripeObjectFetcher {
    /// Retrieves the object with `GET /v1/<resource>/<id>`; a `resource_missing` error becomes nil.
    public func currentSnapshot(of object: ObjectReference) async throws -> ObjectSnapshot? {
        do {
            switch object {
            case .subscription(let id):
                return .subscription(try await send(.GET, "/v1/subscriptions/\(id)", as: SubscriptionSnapshot.self))
            case .invoice(let id):
                return .invoice(try await send(.GET, "/v1/invoices/\(id)", as: InvoiceSnapshot.self))
            case .paymentMethod(let id):
                return .paymentMethod(
                    try await send(.GET, "/v1/payment_methods/\(id)", as: PaymentMethodSnapshot.self)
                )
            case .customer(let id):
                return .customer(try await send(.GET, "/v1/customers/\(id)", as: CustomerSnapshot.self))
            }
        } catch let error as StripeError where error.code == "resource_missing" {
            return nil
        }
    }
}
