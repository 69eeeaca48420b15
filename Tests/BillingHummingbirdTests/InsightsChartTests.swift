import BillingCore
import Foundation
import Testing

@testable import SampleApp

@Suite struct InsightsChartTests {
    /// Monday 2027-01-04 00:00 UTC and the following week.
    static let first: Int64 = 1_799_020_800
    static let second: Int64 = first + 7 * 86_400

    func chart(locale: String = "en_US") -> InsightsChart {
        InsightsChart(
            cancellations: [
                .init(weekStart: Self.first, reason: "too_expensive", count: 3),
                .init(weekStart: Self.first, reason: "missing_features", count: 1),
                .init(weekStart: Self.second, reason: "too_expensive", count: 2),
                .init(weekStart: Self.second, reason: "<script>x</script>", count: 1),
                .init(weekStart: Self.second, reason: "not_listed_anywhere", count: 4),
            ],
            offers: [
                .init(weekStart: Self.first, shown: 4, accepted: 1),
                .init(weekStart: Self.second, shown: 2, accepted: 1),
            ],
            weeks: [Self.first, Self.second],
            reasons: CancellationReason.stripeDefaults + [CancellationReason("a&b", label: "Fish & \"chips\"")],
            formatter: BillingFormatter(
                locale: Locale(identifier: locale),
                timeZone: TimeZone(identifier: "Asia/Tokyo")!
            )
        )
    }

    @Test func axesCarryTicksAndValues() {
        let svg = chart().svg
        #expect(InsightsChart.ticks(upTo: 7) == [0, 2, 4, 6, 8])
        #expect(InsightsChart.ticks(upTo: 0) == [0, 1])
        #expect(InsightsChart.ticks(upTo: 23) == [0, 5, 10, 15, 20, 25])
        #expect(svg.contains("data-testid=\"y-axis\""))
        #expect(svg.contains("data-testid=\"x-axis\""))
        #expect(svg.contains("data-testid=\"rate-axis\""))
        for tick in ["0", "2", "4", "6", "8"] {
            #expect(svg.contains("text-anchor=\"end\">\(tick)</text>"), "left tick \(tick)")
        }
        for percent in ["0 %", "50 %", "100 %"] {
            #expect(svg.contains("dy=\"4\">\(percent)</text>"), "right tick \(percent)")
        }
        // Bar totals: 4 in the first week, 7 in the second.
        #expect(svg.contains("data-testid=\"bar-total\">4</text>"))
        #expect(svg.contains("data-testid=\"bar-total\">7</text>"))
    }

    @Test func weeksShowTheirYearInUTCAndReasonsTheirLabels() {
        let svg = chart().svg
        // The weeks start on Monday in UTC; a Tokyo reader still sees Monday's date.
        #expect(svg.contains(">Jan 4, 2027</text>"))
        #expect(svg.contains(">Jan 11, 2027</text>"))
        #expect(svg.contains(">It&#39;s too expensive</text>"))
        #expect(svg.contains(">Some features are missing</text>"))
        #expect(svg.contains(">Not listed anywhere</text>"))
        #expect(!svg.contains(">too_expensive<"))
        #expect(chart(locale: "de_DE").svg.contains(">4. Jan. 2027</text>"))
    }

    @Test func saveRateIsALineWithItsValues() {
        let svg = chart().svg
        #expect(svg.contains("data-testid=\"save-rate-line\""))
        #expect(svg.contains("<polyline"))
        #expect(svg.contains(">25 %</text>"))
        #expect(svg.contains(">50 %</text>"))
        #expect(svg.contains("Save rate (offers accepted of shown)"))
    }

    @Test func everyTextIsEscaped() {
        let html = chart().html
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;x&lt;/script&gt;"))
        let withLabel = InsightsChart(
            cancellations: [.init(weekStart: Self.first, reason: "a&b", count: 1)],
            offers: [],
            weeks: [Self.first],
            reasons: [CancellationReason("a&b", label: "Fish & \"chips\" <b>")],
            formatter: .standard
        ).html
        #expect(withLabel.contains("Fish &amp; &quot;chips&quot; &lt;b&gt;"))
        #expect(!withLabel.contains("<b>"))
    }

    @Test func tableRepeatsTheNumbersForScreenReaders() {
        let table = chart().table
        #expect(table.contains("class=\"visually-hidden\""))
        #expect(table.contains("<caption>"))
        #expect(table.contains("<th scope=\"col\">It&#39;s too expensive</th>"))
        #expect(table.contains("<th scope=\"row\">Jan 4, 2027</th><td>3</td><td>1</td>"))
        #expect(table.contains("<td>4</td><td>25 % (1 of 4)</td>"))
        #expect(table.contains("<td>7</td><td>50 % (1 of 2)</td>"))
        let svg = chart().svg
        #expect(svg.contains("role=\"img\" aria-labelledby=\"chart-title chart-desc\""))
    }
}
