import Foundation

/// Calendar arithmetic for billing periods, anchored like Stripe's (a period that starts on the 31st ends on the
/// last day of shorter months and returns to the 31st afterwards).
enum BillingPeriod {
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// `anchor` moved forward by `periods` whole intervals.
    static func add(_ periods: Int, of interval: String, count: Int, to anchor: Int) -> Int {
        let date = Date(timeIntervalSince1970: TimeInterval(anchor))
        let steps = periods * count
        let result: Date?
        switch interval {
        case "day": result = calendar.date(byAdding: .day, value: steps, to: date)
        case "week": result = calendar.date(byAdding: .day, value: 7 * steps, to: date)
        case "year": result = calendar.date(byAdding: .year, value: steps, to: date)
        default: result = calendar.date(byAdding: .month, value: steps, to: date)
        }
        return Int((result ?? date).timeIntervalSince1970)
    }

    /// The first period boundary after `time` for a cycle anchored at `anchor`.
    static func nextBoundary(after time: Int, anchor: Int, interval: String, count: Int) -> Int {
        var periods = 1
        var boundary = add(periods, of: interval, count: count, to: anchor)
        while boundary <= time, periods < 100_000 {
            periods += 1
            boundary = add(periods, of: interval, count: count, to: anchor)
        }
        return boundary
    }

    /// A date as Stripe's invoice descriptions print it, such as `Jan 5, 2026`.
    static func display(_ time: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "MMM d, yyyy"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(time)))
    }

    /// An amount in the minor unit as `$12.34`-style text.
    static func money(_ amount: Int, currency: String) -> String {
        let symbol: String
        switch currency.lowercased() {
        case "usd": symbol = "$"
        case "eur": symbol = "€"
        case "gbp": symbol = "£"
        default: symbol = currency.uppercased() + " "
        }
        let sign = amount < 0 ? "-" : ""
        let absolute = abs(amount)
        let cents = absolute % 100
        return "\(sign)\(symbol)\(absolute / 100).\(cents < 10 ? "0" : "")\(cents)"
    }
}
