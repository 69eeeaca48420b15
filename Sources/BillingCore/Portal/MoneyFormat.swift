/// Formats Stripe amounts (minor units) for display, without locale surprises on the server.
package enum MoneyFormat {
    private static let symbols: [String: String] = ["usd": "$", "eur": "€", "gbp": "£", "cad": "CA$", "aud": "A$"]
    // Stripe's zero-decimal currencies that a SaaS is likely to bill in.
    private static let zeroDecimal: Set<String> = ["jpy", "krw", "vnd", "clp", "isk", "ugx", "xof", "xaf"]

    package static func string(amount: Int, currency: String) -> String {
        let code = currency.lowercased()
        let sign = amount < 0 ? "-" : ""
        let magnitude = abs(amount)
        let number: String
        if zeroDecimal.contains(code) {
            number = String(magnitude)
        } else {
            let cents = magnitude % 100
            number = "\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
        }
        if let symbol = symbols[code] { return sign + symbol + number }
        return sign + number + " " + code.uppercased()
    }
}
