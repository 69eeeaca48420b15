import BillingCore
import BillingSupport
import Foundation

/// Renders cancellations by reason per week as a stacked bar chart in SVG, on the server (no JavaScript), with
/// both axes ticked and labelled, each bar's total, the week's save rate as a line on a percentage axis, and the
/// same numbers as a table for screen readers.
///
/// Every piece of text (reason labels come from configuration, reasons from the database) is XML-escaped here
/// because the fragment is inserted unescaped into the page.
struct InsightsChart {
    /// One week's column.
    struct Week: Equatable {
        /// Monday 00:00 UTC, Unix seconds.
        var start: Int64
        /// Cancellations per reason value.
        var counts: [String: Int]
        /// Offers shown and accepted that week; nil when none was shown.
        var offers: RetentionInsights.WeeklyOffers?

        var total: Int { counts.values.reduce(0, +) }
    }

    static let palette = [
        "#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4b5563",
    ]
    static let saveRateColor = "#111827"

    let weeks: [Week]
    /// Reason values in legend order (the configured order, then unknown values alphabetically).
    let reasons: [String]
    private let labels: [String: String]
    private let formatter: BillingFormatter

    /// - Parameters:
    ///   - cancellations: the cancellations per week and reason.
    ///   - offers: the offers per week.
    ///   - weeks: the week starts to show, oldest first.
    ///   - reasons: the configured reasons, whose labels replace the stored values.
    ///   - formatter: writes the week labels (in UTC, where the weeks start).
    init(
        cancellations: [RetentionInsights.WeeklyReason],
        offers: [RetentionInsights.WeeklyOffers],
        weeks: [Int64],
        reasons: [CancellationReason],
        formatter: BillingFormatter
    ) {
        self.weeks = weeks.map { start in
            var counts: [String: Int] = [:]
            for row in cancellations where row.weekStart == start { counts[row.reason, default: 0] += row.count }
            return Week(start: start, counts: counts, offers: offers.first { $0.weekStart == start && $0.shown > 0 })
        }
        let present = Set(cancellations.filter { weeks.contains($0.weekStart) }.map(\.reason))
        let configured = reasons.map(\.value).filter(present.contains)
        self.reasons = configured + present.subtracting(configured).sorted()
        labels = Dictionary(reasons.map { ($0.value, $0.label) }, uniquingKeysWith: { first, _ in first })
        self.formatter = BillingFormatter(locale: formatter.locale, timeZone: .gmt)
    }

    /// The reason's label: the configured one, else the stored value made readable (`too_expensive` → "Too
    /// expensive").
    func label(_ reason: String) -> String {
        if let label = labels[reason] { return label }
        let words = reason.replacingOccurrences(of: "_", with: " ").trimmingCharacters(in: .whitespaces)
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// The week's label with its year, such as "Jan 4, 2027".
    func label(week start: Int64) -> String {
        formatter.shortDate(Date(timeIntervalSince1970: TimeInterval(start)))
    }

    static func percent(_ rate: Double) -> String { "\(Int((rate * 100).rounded())) %" }

    /// Axis ticks from zero: steps of 1, 2 or 5 times a power of ten, at most six ticks, the last at or above
    /// `maximum`.
    static func ticks(upTo maximum: Int) -> [Int] {
        let top = max(maximum, 1)
        var magnitude = 1
        while true {
            for factor in [1, 2, 5] {
                let step = factor * magnitude
                if (top + step - 1) / step <= 5 {
                    return Array(stride(from: 0, through: (top + step - 1) / step * step, by: step))
                }
            }
            magnitude *= 10
        }
    }

    // MARK: Rendering

    /// The SVG and the table, as one HTML fragment.
    var html: String { "<figure class=\"chart\">\n\(svg)\n\(table)\n</figure>" }

    private static let width = 720
    private static let plotLeft = 56
    private static let plotRight = 656
    private static let plotTop = 28
    private static let plotBottom = 228

    /// The chart: left axis cancellations, right axis save rate, bottom axis weeks with years, legend below.
    var svg: String {
        let left = Self.plotLeft
        let right = Self.plotRight
        let top = Self.plotTop
        let bottom = Self.plotBottom
        let plotHeight = Double(bottom - top)
        let ticks = Self.ticks(upTo: weeks.map(\.total).max() ?? 0)
        let scale = Double(ticks.last ?? 1)
        let slot = weeks.isEmpty ? Double(right - left) : Double(right - left) / Double(weeks.count)
        let barWidth = max(slot * 0.6, 4)
        let legendRows = reasons.count + 1
        let height = bottom + 56 + 20 * legendRows
        func y(count: Double) -> Double { Double(bottom) - count / scale * plotHeight }
        func y(rate: Double) -> Double { Double(bottom) - rate * plotHeight }
        func center(_ index: Int) -> Double { Double(left) + slot * (Double(index) + 0.5) }
        func number(_ value: Double) -> String { String(format: "%.1f", value) }

        var parts = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" "
                + "viewBox=\"0 0 \(Self.width) \(height)\" width=\"100%\" font-family=\"sans-serif\" "
                + "data-testid=\"cancellations-chart\">",
            "<title id=\"chart-title\">Cancellations by reason per week, with the save rate</title>",
            "<desc id=\"chart-desc\">Stacked bars count the customers who cancelled each week, by reason; the line "
                + "is the share of save offers accepted. The table after the chart lists the same numbers.</desc>",
        ]
        // Left axis: gridlines, ticks and values.
        parts.append("<g data-testid=\"y-axis\" font-size=\"11\" fill=\"#6b7280\">")
        for tick in ticks {
            let tickY = number(y(count: Double(tick)))
            parts.append(
                "<line x1=\"\(left)\" x2=\"\(right)\" y1=\"\(tickY)\" y2=\"\(tickY)\" stroke=\"#e5e7eb\"/>"
                    + "<line x1=\"\(left - 4)\" x2=\"\(left)\" y1=\"\(tickY)\" y2=\"\(tickY)\" stroke=\"#6b7280\"/>"
                    + "<text x=\"\(left - 8)\" y=\"\(tickY)\" dy=\"4\" text-anchor=\"end\">\(tick)</text>"
            )
        }
        parts.append(
            "<line x1=\"\(left)\" x2=\"\(left)\" y1=\"\(top)\" y2=\"\(bottom)\" stroke=\"#6b7280\"/>"
                + "<text x=\"\(left - 40)\" y=\"\(top - 12)\" font-size=\"11\">Cancellations</text>"
        )
        parts.append("</g>")
        // Right axis: save rate in percent.
        parts.append("<g data-testid=\"rate-axis\" font-size=\"11\" fill=\"#6b7280\">")
        for percent in stride(from: 0, through: 100, by: 25) {
            let tickY = number(y(rate: Double(percent) / 100))
            parts.append(
                "<line x1=\"\(right)\" x2=\"\(right + 4)\" y1=\"\(tickY)\" y2=\"\(tickY)\" stroke=\"#6b7280\"/>"
                    + "<text x=\"\(right + 8)\" y=\"\(tickY)\" dy=\"4\">\(percent) %</text>"
            )
        }
        parts.append(
            "<line x1=\"\(right)\" x2=\"\(right)\" y1=\"\(top)\" y2=\"\(bottom)\" stroke=\"#6b7280\"/>"
                + "<text x=\"\(right - 20)\" y=\"\(top - 12)\" font-size=\"11\">Save rate</text>"
        )
        parts.append("</g>")
        // Bars, their totals and the week labels.
        parts.append("<g data-testid=\"bars\">")
        for (index, week) in weeks.enumerated() {
            let x = number(center(index) - barWidth / 2)
            var stacked = 0
            for (colorIndex, reason) in reasons.enumerated() {
                guard let count = week.counts[reason], count > 0 else { continue }
                let upper = y(count: Double(stacked + count))
                let lower = y(count: Double(stacked))
                stacked += count
                parts.append(
                    "<rect x=\"\(x)\" y=\"\(number(upper))\" width=\"\(number(barWidth))\" "
                        + "height=\"\(number(lower - upper))\" fill=\"\(Self.palette[colorIndex % Self.palette.count])\">"
                        + "<title>\(label(week: week.start).htmlEscaped), \(label(reason).htmlEscaped): \(count)</title>"
                        + "</rect>"
                )
            }
            if week.total > 0 {
                parts.append(
                    "<text x=\"\(number(center(index)))\" y=\"\(number(y(count: Double(week.total)) - 5))\" "
                        + "font-size=\"11\" font-weight=\"600\" text-anchor=\"middle\" fill=\"#1a1f36\" "
                        + "data-testid=\"bar-total\">\(week.total)</text>"
                )
            }
        }
        parts.append("</g>")
        parts.append("<g data-testid=\"x-axis\" font-size=\"11\" fill=\"#6b7280\">")
        parts.append("<line x1=\"\(left)\" x2=\"\(right)\" y1=\"\(bottom)\" y2=\"\(bottom)\" stroke=\"#6b7280\"/>")
        for (index, week) in weeks.enumerated() {
            let x = number(center(index))
            parts.append(
                "<line x1=\"\(x)\" x2=\"\(x)\" y1=\"\(bottom)\" y2=\"\(bottom + 4)\" stroke=\"#6b7280\"/>"
                    + "<text x=\"\(x)\" y=\"\(bottom + 18)\" text-anchor=\"middle\">"
                    + "\(label(week: week.start).htmlEscaped)</text>"
            )
        }
        parts.append(
            "<text x=\"\((left + right) / 2)\" y=\"\(bottom + 36)\" text-anchor=\"middle\">Week starting (UTC)</text>"
        )
        parts.append("</g>")
        // The save-rate line over the weeks that showed an offer.
        let points = weeks.enumerated().compactMap { index, week in
            week.offers?.saveRate.map { (x: center(index), y: y(rate: $0), rate: $0) }
        }
        parts.append("<g data-testid=\"save-rate-line\" fill=\"\(Self.saveRateColor)\">")
        if points.count > 1 {
            let path = points.map { "\(number($0.x)),\(number($0.y))" }.joined(separator: " ")
            parts.append(
                "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(Self.saveRateColor)\" stroke-width=\"2\"/>"
            )
        }
        for point in points {
            parts.append(
                "<circle cx=\"\(number(point.x))\" cy=\"\(number(point.y))\" r=\"3.5\"/>"
                    + "<text x=\"\(number(point.x + 6))\" y=\"\(number(point.y - 6))\" font-size=\"10\" "
                    + "stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">"
                    + "\(Self.percent(point.rate))</text>"
            )
        }
        parts.append("</g>")
        // Legend: one row per reason, then the line.
        parts.append("<g data-testid=\"legend\" font-size=\"12\" fill=\"#1a1f36\">")
        for (index, reason) in reasons.enumerated() {
            let rowY = bottom + 60 + 20 * index
            parts.append(
                "<rect x=\"\(left)\" y=\"\(rowY - 10)\" width=\"12\" height=\"12\" "
                    + "fill=\"\(Self.palette[index % Self.palette.count])\"/>"
                    + "<text x=\"\(left + 18)\" y=\"\(rowY)\">\(label(reason).htmlEscaped)</text>"
            )
        }
        let lineY = bottom + 60 + 20 * reasons.count
        parts.append(
            "<line x1=\"\(left)\" x2=\"\(left + 12)\" y1=\"\(lineY - 4)\" y2=\"\(lineY - 4)\" "
                + "stroke=\"\(Self.saveRateColor)\" stroke-width=\"2\"/>"
                + "<text x=\"\(left + 18)\" y=\"\(lineY)\">Save rate (offers accepted of shown)</text>"
        )
        parts.append("</g>")
        if weeks.allSatisfy({ $0.total == 0 }) {
            parts.append(
                "<text x=\"\((left + right) / 2)\" y=\"\((top + bottom) / 2)\" text-anchor=\"middle\" "
                    + "font-size=\"13\" fill=\"#6b7280\">No cancellations in these weeks</text>"
            )
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// The same numbers for screen readers: one row per week, one column per reason, the total and the save rate.
    var table: String {
        var rows = [
            "<table class=\"visually-hidden\" data-testid=\"cancellations-table\">",
            "<caption>Cancellations by reason per week, with the save rate</caption>",
            "<thead><tr><th scope=\"col\">Week starting</th>"
                + reasons.map { "<th scope=\"col\">\(label($0).htmlEscaped)</th>" }.joined()
                + "<th scope=\"col\">Total</th><th scope=\"col\">Save rate</th></tr></thead>",
            "<tbody>",
        ]
        for week in weeks {
            let rate =
                week.offers.flatMap { offers in
                    offers.saveRate.map { "\(Self.percent($0)) (\(offers.accepted) of \(offers.shown))" }
                } ?? "no offers"
            rows.append(
                "<tr><th scope=\"row\">\(label(week: week.start).htmlEscaped)</th>"
                    + reasons.map { "<td>\(week.counts[$0] ?? 0)</td>" }.joined()
                    + "<td>\(week.total)</td><td>\(rate)</td></tr>"
            )
        }
        rows.append("</tbody>")
        rows.append("</table>")
        return rows.joined(separator: "\n")
    }
}
