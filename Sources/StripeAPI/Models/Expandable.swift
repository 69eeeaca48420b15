/// A Stripe object that can be referenced by id or embedded with `expand[]`.
public protocol StripeIdentifiable: Codable, Sendable {
    /// The object's id.
    var id: StripeID<Self> { get }
}

/// A field that holds either an id or, when the request asked for `expand[]=field`, the whole object.
public enum Expandable<Object: StripeIdentifiable>: Codable, Sendable {
    /// The field was not expanded.
    case id(StripeID<Object>)
    /// The field was expanded.
    case object(Object)

    /// The id, whichever form arrived.
    public var id: StripeID<Object> {
        switch self {
        case .id(let id): id
        case .object(let object): object.id
        }
    }

    /// The embedded object, when expanded.
    public var object: Object? {
        if case .object(let object) = self { return object }
        return nil
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let id = try? container.decode(String.self) {
            self = .id(StripeID(rawValue: id))
        } else {
            self = .object(try container.decode(Object.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .id(let id): try container.encode(id)
        case .object(let object): try container.encode(object)
        }
    }
}
