import BillingCore
import BillingSupport
import Foundation

/// Renders cancellations by reason per week as a stacked bar chart in SVG, on the server (no JavaScript).
///
/// Every piece of text in the SVG (reasons, dates) is XML-escaped here because the SVG is inserted unescaped
/// into the page.
enum InsightsChart {
    private static let palette = [
        "#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4b5563",
    ]

    static func svg(_ rows: [RetentionInsights.WeeklyReason], weeks: [Int64]) -> String {
        let reasons = Array(Set(rows.map(\.reason))).sorted()
        let width = 640
        let height = 240
        let chartTop = 10
        let chartBottom = 200
        let slot = weeks.isEmpty ? width : (width - 40) / weeks.count
        let totals = weeks.map { week in rows.filter { $0.weekStart == week }.reduce(0) { $0 + $1.count } }
        let maximum = max(totals.max() ?? 0, 1)
        var parts = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(width) \(height + 20 * reasons.count)\" "
                + "width=\"\(width)\" data-testid=\"cancellations-chart\">",
            "<title>Cancellations by reason per week</title>",
        ]
        for (index, week) in weeks.enumerated() {
            let x = 40 + index * slot
            var y = chartBottom
            for (colorIndex, reason) in reasons.enumerated() {
                let count = rows.first { $0.weekStart == week && $0.reason == reason }?.count ?? 0
                guard count > 0 else { continue }
                let barHeight = count * (chartBottom - chartTop) / maximum
                y -= barHeight
                parts.append(
                    "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(max(slot - 8, 4))\" height=\"\(barHeight)\" "
                        + "fill=\"\(palette[colorIndex % palette.count])\"><title>\(reason.htmlEscaped): \(count)</title></rect>"
                )
            }
            parts.append(
                "<text x=\"\(x)\" y=\"\(chartBottom + 16)\" font-size=\"10\">\(label(week).htmlEscaped)</text>"
            )
        }
        for (index, reason) in reasons.enumerated() {
            let y = height + 20 * index
            parts.append(
                "<rect x=\"40\" y=\"\(y - 10)\" width=\"10\" height=\"10\" fill=\"\(palette[index % palette.count])\"/>"
            )
            parts.append("<text x=\"56\" y=\"\(y)\" font-size=\"12\">\(reason.htmlEscaped)</text>")
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    private static func label(_ weekStart: Int64) -> String {
        let date = Date(timeIntervalSince1970: TimeInterval(weekStart))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.month, .day], from: date)
        return "\(parts.month ?? 0)/\(parts.day ?? 0)"
    }
}
