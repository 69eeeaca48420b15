/// Formats Stripe amounts (minor units) in the default locale (US English), for text with no reader in mind
/// such as log lines and the catalog's cached price labels. Pages and emails use the account's
/// ``BillingFormatter`` instead.
package enum MoneyFormat {
    /// An amount in words, such as `$1,234.50` or `¥1,234`.
    /// - Parameters:
    ///   - amount: the amount in the currency's minor unit.
    ///   - currency: the ISO 4217 code, in either case.
    /// - Returns: the amount with the currency's symbol.
    package static func string(amount: Int, currency: String) -> String {
        BillingFormatter.standard.money(amount: amount, currency: currency)
    }
}
