/// A user of the sample product.
public struct Account: Sendable, Equatable, Codable {
    /// The account id (also the billing `AccountID`).
    public var id: String
    /// The login email, stored lowercased.
    public var email: String
    /// The display name.
    public var name: String
}
