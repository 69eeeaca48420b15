public import Foundation

/// Formats money and dates for one reader: amounts in any ISO currency with the locale's symbols, separators and
/// symbol placement, and dates on the day they fall on in the reader's time zone.
///
/// Every page and email formats through one of these. ``Billing`` builds the account's formatter from
/// ``BillingAccount/locale`` and ``BillingAccount/timeZone`` over the configured default
/// (``BillingConfiguration/formatting``, keys `billing.locale` and `billing.timeZone`).
///
/// ```swift
/// let formatter = BillingFormatter(locale: Locale(identifier: "de_DE"), timeZone: TimeZone(identifier: "Europe/Berlin")!)
/// formatter.money(amount: 123_450, currency: "eur")  // "1.234,50 €"
/// formatter.money(amount: 1_234, currency: "jpy")    // "¥1,234" in en_US (JPY amounts are whole yen)
/// ```
public struct BillingFormatter: Sendable, Equatable {
    /// The locale numbers, currency symbols, month names and date order come from.
    public var locale: Locale
    /// The time zone dates are shown in, so a renewal just after midnight UTC shows on the reader's day.
    public var timeZone: TimeZone

    /// Creates a formatter.
    /// - Parameters:
    ///   - locale: the reader's locale.
    ///   - timeZone: the reader's time zone.
    public init(locale: Locale, timeZone: TimeZone) {
        self.locale = locale
        self.timeZone = timeZone
    }

    /// US English in UTC: the formatter when neither the configuration nor the account names a locale.
    public static let standard = BillingFormatter(locale: Locale(identifier: "en_US"), timeZone: .gmt)

    /// This formatter with the account's own locale and time zone where it has them.
    /// - Parameter account: the account being shown or written to.
    /// - Returns: the account's formatter; this one's values fill in what the account does not say.
    public func resolved(for account: BillingAccount) -> BillingFormatter {
        resolved(locale: account.locale, timeZone: account.timeZone)
    }

    /// This formatter with the given locale and time zone where they are known.
    /// - Parameters:
    ///   - locale: the reader's locale, nil for this formatter's.
    ///   - timeZone: the reader's time zone, nil for this formatter's.
    /// - Returns: the reader's formatter.
    public func resolved(locale: Locale?, timeZone: TimeZone?) -> BillingFormatter {
        BillingFormatter(locale: locale ?? self.locale, timeZone: timeZone ?? self.timeZone)
    }

    // MARK: Money

    /// An amount in words, such as `$1,234.50`, `1.234,50 €` or `¥1,234`.
    /// - Parameters:
    ///   - amount: the amount in the currency's minor unit, as Stripe sends it (cents for USD, whole yen for JPY).
    ///   - currency: the ISO 4217 code, in either case (Stripe sends lowercase).
    /// - Returns: the amount with the currency's symbol and the locale's separators.
    public func money(amount: Int64, currency: String) -> String {
        let code = currency.uppercased()
        let major = Decimal(amount) / Self.minorUnitsPerMajorUnit(currency: code)
        return major.formatted(Decimal.FormatStyle.Currency(code: code, locale: locale))
    }

    /// An amount in words; see ``money(amount:currency:)-(Int64,_)``.
    /// - Parameters:
    ///   - amount: the amount in the currency's minor unit.
    ///   - currency: the ISO 4217 code.
    /// - Returns: the amount with the currency's symbol and the locale's separators.
    public func money(amount: Int, currency: String) -> String {
        money(amount: Int64(amount), currency: currency)
    }

    /// A recurring price in words, such as `$12.00 / month` or `¥1,200 / 3 months`.
    /// - Parameters:
    ///   - amount: the unit amount in the minor unit.
    ///   - currency: the ISO 4217 code.
    ///   - interval: Stripe's recurring interval (`day`, `week`, `month`, `year`); nil for a one-time price.
    ///   - intervalCount: how many intervals one period spans.
    /// - Returns: the amount, followed by the period when the price recurs.
    public func price(amount: Int64, currency: String, interval: String?, intervalCount: Int = 1) -> String {
        let money = money(amount: amount, currency: currency)
        guard let interval else { return money }
        return intervalCount == 1 ? "\(money) / \(interval)" : "\(money) / \(intervalCount) \(interval)s"
    }

    /// How many minor units make one major unit in Stripe's API for a currency: 1 for Stripe's zero-decimal
    /// currencies (JPY, KRW, …), 1000 for its three-decimal ones, 100 otherwise.
    ///
    /// Stripe's list, not ISO 4217's: Stripe sends ISK, HUF and TWD amounts with two decimals even though the
    /// currencies have none in practice (the formatter then rounds them to whole units), and UGX with none.
    /// - Parameter currency: the ISO 4217 code, in either case.
    /// - Returns: 1, 100 or 1000.
    public static func minorUnitsPerMajorUnit(currency: String) -> Decimal {
        let code = currency.lowercased()
        if zeroDecimal.contains(code) { return 1 }
        if threeDecimal.contains(code) { return 1000 }
        return 100
    }

    private static let zeroDecimal: Set<String> = [
        "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof",
        "xpf",
    ]
    private static let threeDecimal: Set<String> = ["bhd", "jod", "kwd", "omr", "tnd"]

    // MARK: Dates

    /// A day in words in the reader's time zone, such as `January 31, 2027` or `31. Januar 2027`.
    /// - Parameter date: the instant.
    /// - Returns: the date of that instant in ``timeZone``, written the locale's way.
    public func date(_ date: Date) -> String {
        date.formatted(Date.FormatStyle(date: .long, time: .omitted, locale: locale, timeZone: timeZone))
    }

    /// A short day in the reader's time zone, such as `Jan 31, 2027` or `31.01.2027`.
    /// - Parameter date: the instant.
    /// - Returns: the abbreviated date of that instant in ``timeZone``, with the year.
    public func shortDate(_ date: Date) -> String {
        date.formatted(Date.FormatStyle(date: .abbreviated, time: .omitted, locale: locale, timeZone: timeZone))
    }

    /// A short day and time in the reader's time zone, such as `Jan 31, 2027 at 6:00 PM`.
    /// - Parameter date: the instant.
    /// - Returns: the date and time of that instant in ``timeZone``, written the locale's way.
    public func dateTime(_ date: Date) -> String {
        date.formatted(Date.FormatStyle(date: .abbreviated, time: .shortened, locale: locale, timeZone: timeZone))
    }

    /// A day from a Unix timestamp in seconds, as Stripe sends them; see ``date(_:)``.
    /// - Parameter seconds: seconds since 1970 (UTC).
    /// - Returns: the date in words.
    public func date(unixSeconds seconds: Int64) -> String {
        date(Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    // MARK: Identifiers

    /// A locale for an identifier a person or a configuration file wrote: `de_DE`, `de-DE`, `fr` or `pt-BR`.
    /// - Parameter identifier: the identifier, with `_` or `-`.
    /// - Returns: the locale, or nil when Foundation knows no such locale (so a typo fails loudly instead of
    ///   silently formatting like the root locale).
    public static func locale(identifier: String) -> Locale? {
        let normalized = identifier.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "-", with: "_")
        guard !normalized.isEmpty, knownLocales.contains(normalized) else { return nil }
        return Locale(identifier: normalized)
    }

    /// A time zone for an IANA identifier such as `America/Los_Angeles`, or `UTC`.
    /// - Parameter identifier: the identifier.
    /// - Returns: the time zone, or nil when the identifier is unknown.
    public static func timeZone(identifier: String) -> TimeZone? {
        let trimmed = identifier.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        return TimeZone(identifier: trimmed)
    }

    /// The locale identifiers Foundation can format for, such as `de_DE`, sorted.
    public static var availableLocaleIdentifiers: [String] { knownLocales.sorted() }

    private static let knownLocales = Set(Locale.availableIdentifiers)
}
