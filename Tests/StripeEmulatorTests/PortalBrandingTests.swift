import BillingTestSupport
import Foundation
import HTTPTypes
import StripeAPI
import Testing

@testable import StripeEmulator

/// Branding, languages and confirmations of the hosted portal and Checkout.
@Suite struct PortalBrandingTests {
    /// A portal session for the world's customer with `locale` (nil: none sent), opened without a browser.
    func openSession(
        _ emulator: RunningEmulator,
        _ world: PortalWorld,
        locale: String? = nil,
        acceptLanguage: String? = nil
    ) async throws -> (path: String, page: RunningEmulator.RawResponse) {
        var form: Form = [
            "customer": world.customer.rawValue, "configuration": world.configuration.rawValue,
            "return_url": "https://app.example/billing",
        ]
        if let locale { form["locale"] = locale }
        let session = try await emulator.call(.POST, "/v1/billing_portal/sessions", form)
        let url = try #require(session["url"]?.stringValue.flatMap(URL.init(string:)))
        let path = emulator.path(of: url)
        let headers = acceptLanguage.map { ["Accept-Language": $0] } ?? [:]
        return (path, try await emulator.raw(.get, path, headers: headers, authorized: false))
    }

    @Test func brandingValuesAppearEscapedInThePortalAndCheckout() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let world = try await PortalWorld.make(emulator)
            let branding = try await emulator.call(
                .POST,
                "/v1/test_helpers/branding",
                [
                    "business_name": "Acme <Notes> & \"Co\"", "logo_url": "https://cdn.acme.test/logo.png?v=1&s=2",
                    "icon_url": "https://cdn.acme.test/icon.png", "brand_color": "#0A2540",
                    "accent_color": "#FF5500", "button_style": "pill",
                ]
            )
            #expect(branding["brand_color"] == "#0a2540" && branding["button_style"] == "pill")

            let (_, page) = try await openSession(emulator, world)

            let html = page.text
            #expect(html.contains("Acme &lt;Notes&gt; &amp; &quot;Co&quot;"))
            #expect(!html.contains("<Notes>"))
            #expect(html.contains("Return to Acme &lt;Notes&gt; &amp; &quot;Co&quot;"))
            #expect(html.contains("id=\"brand-logo\" src=\"https://cdn.acme.test/logo.png?v=1&amp;s=2\""))
            #expect(html.contains("<link rel=\"icon\" href=\"https://cdn.acme.test/icon.png\">"))
            #expect(html.contains(":root{--primary:#ff5500;--primary-ink:#1a1f36}"))
            #expect(html.contains(".brand{background:#0a2540;color:#ffffff}"))
            #expect(html.contains(".button{border-radius:999px}"))
            #expect(page.headers[.contentSecurityPolicy]?.contains("img-src https: http:") == true)

            let checkout = try await emulator.call(
                .POST,
                "/v1/checkout/sessions",
                [
                    "mode": "subscription", "line_items[0][price]": world.prices[0].rawValue,
                    "line_items[0][quantity]": "1", "success_url": "https://app.example/ok",
                ]
            )
            let checkoutURL = try #require(checkout["url"]?.stringValue.flatMap(URL.init(string:)))
            let checkoutPage = try await emulator.raw(.get, emulator.path(of: checkoutURL), authorized: false)
            #expect(checkoutPage.text.contains("Acme &lt;Notes&gt; &amp; &quot;Co&quot;"))
            #expect(checkoutPage.text.contains("id=\"brand-logo\""))
            #expect(checkoutPage.text.contains(":root{--primary:#ff5500"))
        }
    }

    @Test(arguments: [
        ("brand_color", "red;}body{display:none"), ("accent_color", "#12345"), ("logo_url", "javascript:alert(1)"),
        ("icon_url", "http://cdn.acme.test/icon.png"), ("button_style", "round"),
    ])
    func invalidBrandingIsRefusedWithStripesErrorShape(field: String, value: String) async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let response = try await emulator.raw(
                .post,
                "/v1/test_helpers/branding",
                body: "\(field)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
            )
            #expect(response.status == 400)
            #expect(response.json?.at("error.type") == "invalid_request_error")
            #expect(response.json?.at("error.param")?.stringValue == field)
            let stored = try await emulator.call(.GET, "/v1/test_helpers/branding")
            #expect(stored[field] == .null)
        }
    }

    @Test func aGermanSessionRendersGermanTextDatesAndAmounts() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let world = try await PortalWorld.make(emulator)

            let (_, page) = try await openSession(emulator, world, locale: "de", acceptLanguage: "fr")

            let html = page.text
            #expect(html.contains("<html lang=\"de\">"))
            #expect(html.contains("Aktuelles Abo") && html.contains("Zahlungsmethode"))
            #expect(html.contains("Rechnungsverlauf") && html.contains("Zurück zu"))
            #expect(!html.contains("Current subscription") && !html.contains("Return to"))
            #expect(html.contains("20,00"))
            #expect(html.range(of: #"verlängert sich am \d{2}\.\d{2}\.\d{4}"#, options: .regularExpression) != nil)
        }
    }

    @Test func autoFollowsAcceptLanguageAndFallsBackToEnglish() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let world = try await PortalWorld.make(emulator)

            let french = try await openSession(
                emulator,
                world,
                locale: "auto",
                acceptLanguage: "it;q=0.9, fr-CA, en;q=0.5"
            )
            let none = try await openSession(emulator, world, locale: "auto")
            let japanese = try await openSession(emulator, world, locale: "ja")

            #expect(
                french.page.text.contains("Abonnement actuel") && french.page.text.contains("<html lang=\"fr-CA\">")
            )
            #expect(none.page.text.contains("Current subscription") && none.page.text.contains("$20.00"))
            #expect(japanese.page.text.contains("現在のサブスクリプション") && japanese.page.text.contains("$20.00"))
        }
    }

    @Test func anUnknownLocaleIsRefusedLikeStripe() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let world = try await PortalWorld.make(emulator)
            let response = try await emulator.raw(
                .post,
                "/v1/billing_portal/sessions",
                body: "customer=\(world.customer.rawValue)&return_url=https%3A%2F%2Fapp.example&locale=xx-YY"
            )
            #expect(response.status == 400)
            let error = try #require(response.json?["error"])
            #expect(error["type"] == "invalid_request_error")
            #expect(error["param"] == "locale")
            #expect(error["code"] == "parameter_invalid")
            #expect(error["message"]?.stringValue?.hasPrefix("Invalid locale: must be one of auto, bg, cs,") == true)
        }
    }

    @Test func addingACardAndChangingThePlanAreConfirmed() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let world = try await PortalWorld.make(emulator)
            let browser = try await PortalBrowser.open(emulator, try await world.session(emulator))

            let added = try await browser.post("/payment-methods", ["token": "tok_mastercard"])
            let addedPage = try await browser.get(String(try #require(added.location).dropFirst(browser.path.count)))
            let preview = try await browser.get(
                "/subscriptions/\(world.subscription)/update/confirm?price=\(world.prices[2])"
            )
            let changed = try await browser.post(
                "/subscriptions/\(world.subscription)/update",
                ["price": world.prices[2].rawValue, "quantity": "1"]
            )
            let changedPage = try await browser.get(
                String(try #require(changed.location).dropFirst(browser.path.count))
            )

            #expect(added.location == browser.path + "?notice=payment_method_added")
            #expect(
                addedPage.text.contains(
                    "<div class=\"notice\" role=\"status\" id=\"notice\">Payment method added</div>"
                )
            )
            #expect(preview.text.contains("data-proration=\"always_invoice\""))
            #expect(preview.text.contains("Prorated for the rest of the period (until "))
            #expect(preview.text.contains("for the unused time on your current plan"))
            #expect(changedPage.text.contains("id=\"notice\">Plan changed to Plan monthly</div>"))
            #expect(!(try await browser.get()).text.contains("id=\"notice\""))
        }
    }

    @Test func aNoticeNamesTheScheduledDowngrade() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let world = try await PortalWorld.make(emulator)
            let browser = try await PortalBrowser.open(emulator, try await world.session(emulator))

            let preview = try await browser.get(
                "/subscriptions/\(world.subscription)/update/confirm?price=\(world.prices[1])"
            )
            let changed = try await browser.post(
                "/subscriptions/\(world.subscription)/update",
                ["price": world.prices[1].rawValue, "quantity": "1"]
            )
            let page = try await browser.get(String(try #require(changed.location).dropFirst(browser.path.count)))

            #expect(preview.text.contains("You won&#39;t be charged until then."))
            #expect(page.text.contains("id=\"notice\">Plan changes to Plan monthly on "))
        }
    }

    @Test func withoutBrandingTheConfigurationNamesTheBusinessNotTheHost() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let world = try await PortalWorld.make(emulator)
            _ = try await emulator.call(
                .POST,
                "/v1/billing_portal/configurations/\(world.configuration)",
                ["name": "Acme Notes"]
            )

            let (_, page) = try await openSession(emulator, world)

            #expect(page.text.contains("Return to Acme Notes"))
            #expect(page.text.contains("<span class=\"logo\">A</span>"))
            #expect(!page.text.contains("Return to app.example"))
        }
    }

    @Test func everyLanguageTranslatesTheSameSentencesWithTheSamePlaceholders() {
        let german = PortalStrings.german.table
        for strings in PortalStrings.all where strings.language != "en" {
            #expect(Set(strings.table.keys) == Set(german.keys), "\(strings.language)")
            for (english, translated) in strings.table {
                let placeholders = { (text: String) in
                    Set(text.matches(of: /\{[a-z]+\}/).map { String(text[$0.range]) })
                }
                #expect(placeholders(english) == placeholders(translated), "\(strings.language): \(english)")
            }
        }
    }

    @Test func acceptLanguageIsOrderedByQuality() {
        #expect(PortalLocale.acceptedLanguages("en;q=0.5, de-DE, fr;q=0.8, *;q=0.1") == ["de-DE", "fr", "en"])
        #expect(PortalLocale.resolve(session: nil, preferred: [], acceptLanguage: "xx, es-MX").tag == "es-MX")
        #expect(PortalLocale.resolve(session: "auto", preferred: ["ja"], acceptLanguage: "de").tag == "ja")
        #expect(PortalLocale.resolve(session: "it", preferred: [], acceptLanguage: "de") == .english)
    }

    @Test func amountsAndDatesFollowTheLocale() throws {
        let german = try #require(PortalLocale(supported: "de"))
        let japanese = try #require(PortalLocale(supported: "ja"))
        #expect(german.money(123_450, currency: "eur").contains("1.234,50"))
        #expect(japanese.money(1200, currency: "jpy").contains("1,200"))
        #expect(!japanese.money(1200, currency: "jpy").contains("12.00"))
        #expect(PortalLocale.english.money(123_450, currency: "usd") == "$1,234.50")
        #expect(PortalLocale.english.date(1_767_571_200) == "Jan 5, 2026")
        #expect(german.date(1_767_571_200) == "05.01.2026")
    }
}
