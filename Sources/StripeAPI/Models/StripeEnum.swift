/// A Stripe enumeration that tolerates values this version of the library does not know.
///
/// Stripe adds enum values in monthly releases; an exhaustive Swift `enum` would fail to decode the whole object
/// the day a new value appears. Conforming types are structs over the raw string with static members for the
/// known values, compared with `==` (the pattern AsyncHTTPClient uses for its errors).
public protocol StripeEnum: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral
where RawValue == String {
    init(rawValue: String)
}

extension StripeEnum {
    public init(stringLiteral value: String) { self.init(rawValue: value) }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Free-form key/value data attached to Stripe objects (at most 50 keys).
public typealias Metadata = [String: String]
