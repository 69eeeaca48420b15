/// A parameter that can be set to a value or explicitly cleared.
///
/// Stripe clears a field when it receives an empty string (`cancel_at=`, `metadata[key]=`, `description=`);
/// `nil` in a parameter struct means "leave unchanged" and is not sent at all.
public enum Unsettable<Value: Encodable & Sendable>: Encodable, Sendable {
    /// Sends the value.
    case set(Value)
    /// Sends an empty string, which clears the field in Stripe.
    case unset

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .set(let value): try container.encode(value)
        case .unset: try container.encode("")
        }
    }
}

extension Unsettable: Equatable where Value: Equatable {}
