public import Foundation

/// The signed-in account, as the host application's own authentication knows it.
public struct BillingAccount: Sendable, Equatable {
    /// The host's account id; the library maps it to exactly one Stripe customer.
    public var id: AccountID
    /// Sent to Stripe when the customer is created (keep it stable per account).
    public var email: String
    /// Shown on the billing page and sent to Stripe as the customer's name.
    public var name: String
    /// The locale the account reads money and dates in (the billing page, its emails); the configured
    /// `billing.locale` when nil.
    public var locale: Locale?
    /// The time zone dates are shown in for the account; the configured `billing.timeZone` when nil.
    public var timeZone: TimeZone?

    /// Creates an account value.
    /// - Parameters:
    ///   - id: the host's account id.
    ///   - email: the account's email address.
    ///   - name: the account's display name.
    ///   - locale: the account's locale, when the host knows it (a profile setting); the configured default when nil.
    ///   - timeZone: the account's time zone, when the host knows it; the configured default when nil.
    public init(id: AccountID, email: String, name: String, locale: Locale? = nil, timeZone: TimeZone? = nil) {
        self.id = id
        self.email = email
        self.name = name
        self.locale = locale
        self.timeZone = timeZone
    }
}
