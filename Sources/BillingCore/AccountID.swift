/// The host application's identifier for a billing account (a user, a team, an organisation).
///
/// The library never interprets it; it only stores it next to the Stripe customer it belongs to.
public struct AccountID: RawRepresentable, Hashable, Codable, Sendable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    /// The application's id string.
    public let rawValue: String

    /// Wraps an id string.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Wraps an id string.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }
}
