import Foundation

/// The language and formatting region a portal page renders in.
///
/// A session's `locale` names it; `auto` (or none) follows the customer's `preferred_locales`, then the browser's
/// `Accept-Language`, as Stripe's portal does. Languages without a string table render in English.
struct PortalLocale: Sendable, Equatable {
    /// The BCP 47 tag used for formatting, such as `de`, `fr-CA` or `en`.
    let tag: String
    /// The strings for the tag's language.
    let strings: PortalStrings

    static let english = PortalLocale(tag: "en", strings: .english)

    /// The locale for a tag with a string table, nil when its language has none.
    init?(supported tag: String) {
        let language = String(tag.split(separator: "-").first ?? "").lowercased()
        guard let strings = PortalStrings.table(language: language) else { return nil }
        self.init(tag: tag, strings: strings)
    }

    private init(tag: String, strings: PortalStrings) {
        self.tag = tag
        self.strings = strings
    }

    /// Resolves what a page renders in.
    /// - Parameters:
    ///   - session: the session's `locale` (nil or `auto` when not fixed).
    ///   - preferred: the customer's `preferred_locales`.
    ///   - acceptLanguage: the browser's `Accept-Language` header.
    static func resolve(session: String?, preferred: [String], acceptLanguage: String?) -> PortalLocale {
        if let session, session != "auto" { return PortalLocale(supported: session) ?? .english }
        for tag in preferred {
            if let locale = PortalLocale(supported: tag) { return locale }
        }
        for tag in Self.acceptedLanguages(acceptLanguage ?? "") {
            if let locale = PortalLocale(supported: tag) { return locale }
        }
        return .english
    }

    /// The tags of an `Accept-Language` header, most preferred first (`q=0` ones dropped).
    static func acceptedLanguages(_ header: String) -> [String] {
        var entries: [(tag: String, quality: Double, index: Int)] = []
        for (index, part) in header.split(separator: ",").enumerated() {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first, !tag.isEmpty, tag != "*" else { continue }
            var quality = 1.0
            for piece in pieces.dropFirst() where piece.hasPrefix("q=") {
                quality = Double(piece.dropFirst(2)) ?? 0
            }
            if quality > 0 { entries.append((tag, quality, index)) }
        }
        // Equal weights keep the header's order.
        return entries.sorted { ($0.quality, -$0.index) > ($1.quality, -$1.index) }.map(\.tag)
    }

    // MARK: formatting

    private var foundationLocale: Locale {
        Locale(identifier: tag.replacingOccurrences(of: "-", with: "_"))
    }

    /// A date in the locale's medium style (`Jan 5, 2026`, `05.01.2026`, `2026/01/05`), in UTC like the emulator's
    /// billing periods.
    func date(_ time: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = foundationLocale
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateStyle = .medium
        formatter.timeStyle = .none
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(time)))
    }

    /// Stripe's zero-decimal currencies: amounts are already in whole units.
    static let zeroDecimalCurrencies: Set<String> = [
        "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf",
    ]

    /// An amount in the currency's minor unit as the locale writes money (`$1,234.50`, `1.234,50 €`, `￥1,200`).
    func money(_ amount: Int, currency: String) -> String {
        let code = currency.lowercased()
        let formatter = NumberFormatter()
        formatter.numberStyle = .currency
        formatter.locale = foundationLocale
        formatter.currencyCode = code.uppercased()
        let decimal = Decimal(amount)
        let value = Self.zeroDecimalCurrencies.contains(code) ? decimal : decimal / 100
        if Self.zeroDecimalCurrencies.contains(code) {
            formatter.minimumFractionDigits = 0
            formatter.maximumFractionDigits = 0
        }
        return formatter.string(from: value as NSDecimalNumber) ?? BillingPeriod.money(amount, currency: currency)
    }
}
