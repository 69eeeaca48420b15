/// A user of the sample product.
public struct Account: Sendable, Equatable, Codable {
    /// The account id (also the billing `AccountID`).
    public var id: String
    /// The login email, stored lowercased.
    public var email: String
    /// The display name.
    public var name: String
    /// The locale chosen on the profile page (such as `de_DE`); the configured `billing.locale` when nil.
    public var locale: String? = nil
    /// The IANA time zone chosen on the profile page; the configured `billing.timeZone` when nil.
    public var timeZone: String? = nil
}
