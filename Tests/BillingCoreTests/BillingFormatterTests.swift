import BillingCore
import Configuration
import Foundation
import Testing

@Suite struct BillingFormatterTests {
    private func formatter(_ locale: String, _ timeZone: String = "UTC") throws -> BillingFormatter {
        BillingFormatter(
            locale: try #require(BillingFormatter.locale(identifier: locale)),
            timeZone: try #require(BillingFormatter.timeZone(identifier: timeZone))
        )
    }

    @Test(arguments: [
        ("en_US", 123_450, "usd", "$1,234.50"),
        ("de_DE", 123_450, "eur", "1.234,50\u{A0}€"),
        ("fr_FR", 123_450, "eur", "1\u{202F}234,50\u{A0}€"),
        ("en_US", 1_234, "jpy", "¥1,234"),
        ("ja_JP", 1_234, "jpy", "¥1,234"),
        ("en_US", 50_000, "krw", "₩50,000"),
        ("en_GB", 123_456_789, "gbp", "£1,234,567.89"),
        ("en_US", 1_234, "kwd", "KWD\u{A0}1.234"),
        ("de_DE", -1_250, "eur", "-12,50\u{A0}€"),
        ("en_US", 5, "usd", "$0.05"),
    ])
    func formatsAmountsInTheLocale(locale: String, amount: Int, currency: String, expected: String) throws {
        #expect(try formatter(locale).money(amount: amount, currency: currency) == expected)
    }

    @Test func zeroDecimalCurrenciesAreAlreadyInTheMajorUnit() {
        #expect(BillingFormatter.minorUnitsPerMajorUnit(currency: "JPY") == 1)
        #expect(BillingFormatter.minorUnitsPerMajorUnit(currency: "krw") == 1)
        #expect(BillingFormatter.minorUnitsPerMajorUnit(currency: "usd") == 100)
        #expect(BillingFormatter.minorUnitsPerMajorUnit(currency: "bhd") == 1000)
    }

    @Test func defaultLocaleFormIsUSEnglishWithGrouping() {
        #expect(BillingFormatter.standard.money(amount: 123_450, currency: "usd") == "$1,234.50")
        #expect(BillingFormatter.standard.money(amount: 1_200, currency: "eur") == "€12.00")
        #expect(BillingFormatter.standard.money(amount: 1_200, currency: "chf") == "CHF\u{A0}12.00")
    }

    @Test func recurringPricesNameTheirPeriod() throws {
        let german = try formatter("de_DE")
        #expect(german.price(amount: 1_200, currency: "eur", interval: "month") == "12,00\u{A0}€ / month")
        #expect(
            BillingFormatter.standard.price(amount: 3_000, currency: "jpy", interval: "month", intervalCount: 3)
                == "¥3,000 / 3 months"
        )
        #expect(BillingFormatter.standard.price(amount: 500, currency: "usd", interval: nil) == "$5.00")
    }

    /// 2027-01-15 00:30 UTC is still the 14th in Los Angeles; 23:30 UTC the same day is already the 16th in Tokyo.
    @Test func datesFallOnTheReadersDay() throws {
        let justAfterMidnight = Date(timeIntervalSince1970: 1_799_973_000)
        let justBeforeMidnight = Date(timeIntervalSince1970: 1_800_055_800)

        #expect(try formatter("en_US").date(justAfterMidnight) == "January 15, 2027")
        #expect(try formatter("en_US", "America/Los_Angeles").date(justAfterMidnight) == "January 14, 2027")
        #expect(try formatter("en_US", "Asia/Tokyo").date(justAfterMidnight) == "January 15, 2027")

        #expect(try formatter("en_US", "America/Los_Angeles").date(justBeforeMidnight) == "January 15, 2027")
        #expect(try formatter("en_US", "Asia/Tokyo").date(justBeforeMidnight) == "January 16, 2027")
        #expect(try formatter("ja_JP", "Asia/Tokyo").date(justBeforeMidnight) == "2027年1月16日")
        #expect(try formatter("de_DE", "Europe/Berlin").date(unixSeconds: 1_800_055_800) == "16. Januar 2027")
    }

    @Test func accountValuesOverrideTheConfiguredDefault() throws {
        let configured = try formatter("de_DE", "Europe/Berlin")
        let plain = BillingAccount(id: "acct_1", email: "a@example.com", name: "A")
        #expect(configured.resolved(for: plain) == configured)
        let tokyo = BillingAccount(
            id: "acct_2",
            email: "b@example.com",
            name: "B",
            timeZone: TimeZone(identifier: "Asia/Tokyo")
        )
        let resolved = configured.resolved(for: tokyo)
        #expect(resolved.locale.identifier == "de_DE")
        #expect(resolved.timeZone.identifier == "Asia/Tokyo")
    }

    @Test func identifiersAreCheckedAndNormalized() {
        #expect(BillingFormatter.locale(identifier: "de-DE")?.identifier == "de_DE")
        #expect(BillingFormatter.locale(identifier: "fr")?.identifier == "fr")
        #expect(BillingFormatter.locale(identifier: "xx_NOPE") == nil)
        #expect(BillingFormatter.locale(identifier: "") == nil)
        #expect(BillingFormatter.timeZone(identifier: "America/Los_Angeles") != nil)
        #expect(BillingFormatter.timeZone(identifier: "Mars/Olympus") == nil)
    }

    @Test func configurationReadsTheDefaultLocaleAndTimeZone() throws {
        let unset = try BillingConfiguration(reader: ConfigReader(provider: InMemoryProvider(values: [:])))
        #expect(unset.formatting == .standard)

        let set = try BillingConfiguration(
            reader: ConfigReader(
                provider: InMemoryProvider(values: ["billing.locale": "fr-FR", "billing.timeZone": "Europe/Paris"])
            )
        )
        #expect(set.formatting.locale.identifier == "fr_FR")
        #expect(set.formatting.timeZone.identifier == "Europe/Paris")

        #expect(throws: BillingConfigurationError.invalidLocale) {
            try BillingConfiguration(reader: ConfigReader(provider: InMemoryProvider(values: ["billing.locale": "qq"])))
        }
        #expect(throws: BillingConfigurationError.invalidTimeZone) {
            try BillingConfiguration(
                reader: ConfigReader(provider: InMemoryProvider(values: ["billing.timeZone": "Europe/Nowhere"]))
            )
        }
    }
}
