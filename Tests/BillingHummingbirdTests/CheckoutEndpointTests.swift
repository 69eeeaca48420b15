import BillingDatabase
import BillingTestSupport
import Configuration
import Foundation
import HTTPTypes
import SQLKit
import SampleApp
import StripeAPI
import Testing

/// `POST /billing/checkout` on the real sample app, against the emulator's Checkout.
@Suite struct CheckoutEndpointTests {
    /// Runs `body` with the app against a fresh emulator seeded with the demo catalog (offered through the seeded
    /// portal configuration).
    static func withCatalogApp<T: Sendable>(
        _ body: @Sendable (Browser, RunningEmulator, String) async throws -> T
    ) async throws -> T {
        try await EmulatorHarness.withEmulator { running in
            let configuration = try await DemoSeeder.seedCatalog(stripe: running.stripe)
            let extra: [String: ConfigValue] = [
                "stripe.portalConfiguration": .init(.string(configuration.rawValue), isSecret: false)
            ]
            return try await ProductHarness.withApp(stripe: .emulator(running), extra: extra) { browser, path in
                try await body(browser, running, path)
            }
        }
    }

    /// The price id a plan form on the billing page posts, found by its lookup key.
    static func price(_ lookupKey: String, on page: Browser.Page) -> String? {
        guard let form = page.body.range(of: "data-testid=\"plan-\(lookupKey)\"") else { return nil }
        let rest = page.body[form.upperBound...]
        guard let field = rest.range(of: "name=\"price\" value=\"") else { return nil }
        let value = rest[field.upperBound...]
        return value.firstIndex(of: "\"").map { String(value[..<$0]) }
    }

    /// The value of the first `name="csrf"` field on an emulator page.
    static func emulatorCSRF(_ html: String) -> String? {
        guard let range = html.range(of: "name=\"csrf\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    /// Pays a Checkout session on the emulator's hosted page over HTTP, like a customer would.
    /// - Returns: the page's redirect location (the app's success URL).
    static func pay(_ checkoutURL: String, on running: RunningEmulator) async throws -> String {
        let path = String(checkoutURL.dropFirst(running.baseURL.absoluteString.count))
        let page = try await running.raw(.get, path, authorized: false)
        #expect(page.status == 200)
        let csrf = try #require(emulatorCSRF(page.text))
        let form = [
            ("csrf", csrf), ("number", "4242 4242 4242 4242"), ("expiry", "12 / 34"), ("cvc", "123"),
        ]
        .map { "\($0.0)=\(Browser.escape($0.1))" }.joined(separator: "&")
        let paid = try await running.raw(.post, path, body: form, authorized: false)
        #expect(paid.status == 303)
        return try #require(paid.headers[.location])
    }

    @Test func freeUserSeesThePlanChooserAndIsSentToCheckoutWithOneCustomer() async throws {
        try await Self.withCatalogApp { browser, running, path in
            let billing = try await browser.signUp(email: "chooser@example.test")
            #expect(billing.body.contains("data-testid=\"plans\""))
            for key in ["pro_monthly", "pro_yearly", "team_monthly"] {
                #expect(Self.price(key, on: billing) != nil, "missing plan \(key)")
            }
            #expect(Self.price("free_monthly", on: billing) == nil)
            let price = try #require(Self.price("pro_monthly", on: billing))
            let page = try await browser.post(
                "/billing/checkout",
                form: [("csrf_token", billing.csrfToken ?? ""), ("price", price)]
            )
            #expect(page.status == .seeOther)
            #expect(page.location?.hasPrefix(running.baseURL.absoluteString + "/c/pay/cs_") == true)
            #expect(try await ProductHarness.mappedCustomers(databasePath: path) == 1)
            let customers = try await running.stripe.customers.list(
                CustomerListParameters(email: "chooser@example.test")
            )
            #expect(customers.data.count == 1)
        }
    }

    @Test(arguments: [nil, "", "not-the-token"])
    func checkoutWithoutTheSessionsCSRFTokenIsForbidden(token: String?) async throws {
        try await Self.withCatalogApp { browser, running, path in
            let billing = try await browser.signUp(email: "forged@example.test")
            let price = try #require(Self.price("pro_monthly", on: billing))
            var form = [("price", price)]
            if let token { form.append(("csrf_token", token)) }
            let page = try await browser.post("/billing/checkout", form: form)
            #expect(page.status == .forbidden)
            #expect(try await ProductHarness.mappedCustomers(databasePath: path) == 0)
            #expect(try await running.stripe.customers.list().data.isEmpty)
        }
    }

    @Test(arguments: ["price_not_in_the_catalog", "not-a-price", ""])
    func aPriceOutsideTheCatalogIsABadRequest(price: String) async throws {
        try await Self.withCatalogApp { browser, running, path in
            let billing = try await browser.signUp(email: "outside@example.test")
            let free = try await running.stripe.prices.list(PriceListParameters(lookupKeys: ["free_monthly"])).data
            for candidate in [price] + free.map(\.id.rawValue) {
                let page = try await browser.post(
                    "/billing/checkout",
                    form: [("csrf_token", billing.csrfToken ?? ""), ("price", candidate)]
                )
                #expect(page.status == .badRequest, "price \(candidate)")
            }
            #expect(try await ProductHarness.mappedCustomers(databasePath: path) == 0)
        }
    }

    @Test func aLiveSubscriberIsSentToThePortalNotToASecondCheckout() async throws {
        try await Self.withCatalogApp { browser, running, _ in
            let billing = try await browser.signUp(email: "twice@example.test")
            let token = try #require(billing.csrfToken)
            let price = try #require(Self.price("pro_monthly", on: billing))
            let first = try await browser.post("/billing/checkout", form: [("csrf_token", token), ("price", price)])
            let success = try await Self.pay(try #require(first.location), on: running)
            #expect(success.hasPrefix(ProductHarness.publicURL + "/settings/billing?checkout_session=cs_"))
            // Back in the app: the return refreshes the account from Stripe, so it now knows about the subscription.
            let back = try await browser.get(String(success.dropFirst(ProductHarness.publicURL.count)))
            #expect(back.body.contains("data-testid=\"refreshed\""))
            let team = try #require(Self.price("team_monthly", on: billing))
            let second = try await browser.post("/billing/checkout", form: [("csrf_token", token), ("price", team)])
            #expect(second.status == .seeOther)
            #expect(second.location?.hasPrefix(running.baseURL.absoluteString + "/p/session/") == true)
            let sessions = try await running.stripe.events.list(EventListParameters(type: "checkout.session.created"))
            #expect(sessions.data.count <= 1)
        }
    }

    @Test func stripeDownShowsAFriendlyErrorPage() async throws {
        try await ProductHarness.withApp(stripe: .unreachable) { browser, path in
            let billing = try await browser.signUp(email: "down@example.test")
            #expect(billing.status == .ok)
            let page = try await browser.post(
                "/billing/checkout",
                form: [("csrf_token", billing.csrfToken ?? ""), ("price", "price_pro_monthly")]
            )
            #expect(page.status == .serviceUnavailable)
            #expect(page.body.contains("start the checkout"))
            #expect(page.body.contains("Try again"))
            #expect(try await ProductHarness.mappedCustomers(databasePath: path) == 0)
        }
    }

    @Test func returningFromAPaidCheckoutShowsTheNewPlanBeforeAnyWebhook() async throws {
        try await Self.withCatalogApp { browser, running, _ in
            let billing = try await browser.signUp(email: "paid@example.test")
            #expect(billing.body.contains("Free"))
            let price = try #require(Self.price("pro_yearly", on: billing))
            let checkout = try await browser.post(
                "/billing/checkout",
                form: [("csrf_token", billing.csrfToken ?? ""), ("price", price)]
            )
            let success = try await Self.pay(try #require(checkout.location), on: running)
            // No webhook endpoint is registered with the emulator, so only the return refresh can know the plan.
            let deliveries = try await running.stripe.webhookEndpoints.list().data
            #expect(deliveries.isEmpty)
            let page = try await browser.get(String(success.dropFirst(ProductHarness.publicURL.count)))
            #expect(page.status == .ok)
            #expect(page.body.contains("data-testid=\"refreshed\""))
            #expect(page.body.contains("data-testid=\"plan-name\">Pro<"))
            #expect(!page.body.contains("data-testid=\"plans\""))
        }
    }

    /// A `once` promotion code is consumed by the first invoice, so the subscription Stripe returns carries no
    /// discount: the page shows it from that invoice, refreshed on the return before any webhook.
    @Test func returningFromACheckoutWithAPromotionCodeShowsTheDiscount() async throws {
        try await Self.withCatalogApp { browser, running, _ in
            try await DemoSeeder.seedPromotionCode(stripe: running.stripe)
            let billing = try await browser.signUp(email: "welcome@example.test")
            #expect(!billing.body.contains("data-testid=\"discount\""))
            let price = try #require(Self.price("pro_yearly", on: billing))
            let checkout = try await browser.post(
                "/billing/checkout",
                form: [("csrf_token", billing.csrfToken ?? ""), ("price", price)]
            )
            let url = try #require(checkout.location)
            let path = String(url.dropFirst(running.baseURL.absoluteString.count))
            let csrf = try #require(Self.emulatorCSRF(try await running.raw(.get, path, authorized: false).text))
            let applied = try await running.raw(
                .post,
                path + "/promotion",
                body: "csrf=\(Browser.escape(csrf))&code=\(DemoSeeder.welcomeCode)",
                authorized: false
            )
            #expect(applied.status == 303)
            let success = try await Self.pay(url, on: running)
            #expect(try await running.stripe.webhookEndpoints.list().data.isEmpty)
            let subscription = try #require(try await running.stripe.subscriptions.list().data.first)
            #expect(subscription.discounts.isEmpty)

            let page = try await browser.get(String(success.dropFirst(ProductHarness.publicURL.count)))
            #expect(page.body.contains("data-testid=\"plan-name\">Pro<"))
            #expect(
                page.body.contains(
                    "data-testid=\"discount\">WELCOME20 — 20% off: $24.00 off your latest invoice "
                        + "($96.00 instead of $120.00).<"
                )
            )
            // Later views read the same from the projection.
            let again = try await browser.get("/settings/billing")
            #expect(again.body.contains("WELCOME20 — 20% off: $24.00 off your latest invoice"))
        }
    }

    @Test func aCheckoutWithoutAPromotionCodeShowsNoDiscount() async throws {
        try await Self.withCatalogApp { browser, running, _ in
            let billing = try await browser.signUp(email: "fullprice@example.test")
            let price = try #require(Self.price("pro_yearly", on: billing))
            let checkout = try await browser.post(
                "/billing/checkout",
                form: [("csrf_token", billing.csrfToken ?? ""), ("price", price)]
            )
            let success = try await Self.pay(try #require(checkout.location), on: running)
            let page = try await browser.get(String(success.dropFirst(ProductHarness.publicURL.count)))
            #expect(page.body.contains("data-testid=\"plan-name\">Pro<"))
            #expect(!page.body.contains("data-testid=\"discount\""))
        }
    }

    /// The seeded trial login: its customer exists before any Checkout, on its own test clock, so the Checkout for
    /// Team starts the trial on that clock (and advancing the clock can run the trial to its end).
    @Test func theSeededTrialAccountsCheckoutRunsOnItsTestClock() async throws {
        try await EmulatorHarness.withEmulator { running in
            let configuration = try await DemoSeeder.seedCatalog(stripe: running.stripe)
            let extra: [String: ConfigValue] = [
                "stripe.portalConfiguration": .init(.string(configuration.rawValue), isSecret: false),
                "app.seedDemoAccounts": .init(.bool(true), isSecret: false),
            ]
            try await ProductHarness.withApp(stripe: .emulator(running), extra: extra) { browser, path in
                let stripe = running.stripe
                let clocks = try await stripe.testClocks.list().data.filter { $0.name == "demo trial" }
                let clock = try #require(clocks.first)
                #expect(clocks.count == 1)
                let customers = try await stripe.customers.list(
                    CustomerListParameters(email: "trial@acme.test", testClock: clock.id)
                ).data
                let customer = try #require(customers.first)
                #expect(customers.count == 1)
                let mapped = try await Self.scalar(
                    """
                    SELECT c.stripe_customer_id AS v FROM billing_customers c
                    JOIN app_accounts a ON a.id = c.account_id WHERE a.email = 'trial@acme.test'
                    """,
                    databasePath: path
                )
                #expect(mapped == customer.id.rawValue)

                let login = try await browser.get("/login")
                let signedIn = try await browser.post(
                    "/login",
                    form: [
                        ("csrf_token", login.csrfToken ?? ""), ("email", "trial@acme.test"),
                        ("password", "password123"),
                    ]
                )
                #expect(signedIn.status == .seeOther)
                let billing = try await browser.get("/settings/billing")
                #expect(billing.body.contains("data-testid=\"plan-name\">Free<"))
                let team = try #require(Self.price("team_monthly", on: billing))
                let checkout = try await browser.post(
                    "/billing/checkout",
                    form: [("csrf_token", billing.csrfToken ?? ""), ("price", team)]
                )
                let success = try await Self.pay(try #require(checkout.location), on: running)
                let page = try await browser.get(String(success.dropFirst(ProductHarness.publicURL.count)))
                #expect(page.body.contains("data-testid=\"status\">Trial<"))
                let subscriptions = try await stripe.subscriptions.list(
                    SubscriptionListParameters(customer: customer.id)
                ).data
                #expect(subscriptions.map(\.status) == [.trialing])
                #expect(subscriptions.first?.testClock?.id == clock.id)
                #expect(
                    subscriptions.first?.trialEnd
                        == clock.frozenTime.addingTimeInterval(TimeInterval(DemoSeeder.teamTrialDays * 86_400))
                )
            }
        }
    }

    /// Reads one string column of the first row of `query` from the app's database file.
    static func scalar(_ query: SQLQueryString, databasePath: String) async throws -> String? {
        try await DatabaseConnector.withDatabase(
            DatabaseConfiguration(backend: .sqlite(.file(databasePath))),
            logger: TestDatabase.logger
        ) { database in
            try await database.read { sql in
                try await sql.raw(query).first()?.decode(column: "v", as: String?.self)
            }
        }
    }

    @Test func aCompletedCheckoutNamingAnotherAccountIsAcknowledgedAndIgnored() async throws {
        try await ProductHarness.withEmulatorApp { browser, _, path in
            let owner = try await browser.signUp(email: "owner@example.test")
            _ = try await browser.post("/billing/portal", form: [("csrf_token", owner.csrfToken ?? "")])
            let customer = try #require(
                try await Self.scalar(
                    "SELECT stripe_customer_id AS v FROM billing_customers",
                    databasePath: path
                )
            )
            await browser.forgetCookies()
            try await browser.signUp(email: "intruder@example.test")
            let intruder = try #require(
                try await Self.scalar(
                    "SELECT id AS v FROM app_accounts WHERE email = 'intruder@example.test'",
                    databasePath: path
                )
            )
            let session: JSONValue = .object([
                "id": .string("cs_test_forged"), "object": .string("checkout.session"),
                "mode": .string("subscription"), "status": .string("complete"), "customer": .string(customer),
                "client_reference_id": .string(intruder), "livemode": .bool(false),
            ])
            let body = StripeEventFactory(secret: ProductHarness.webhookSecret).body(
                id: "evt_forged_checkout",
                type: "checkout.session.completed",
                created: Int(Date().timeIntervalSince1970),
                object: session
            )
            let page = try await browser.send(
                "/webhooks/stripe",
                method: .post,
                headers: [
                    HTTPField.Name("Stripe-Signature")!: WebhookSigner(secret: ProductHarness.webhookSecret).header(
                        for: body,
                        at: Date()
                    ),
                    .contentType: "application/json",
                ],
                body: String(decoding: body, as: UTF8.self)
            )
            #expect(page.status == .ok)
            // The processor runs in the background: wait (bounded) until it has applied the event.
            var processed: String?
            for _ in 0..<250 where processed == nil {
                processed = try await Self.scalar(
                    """
                    SELECT CAST(processed_at AS TEXT) AS v FROM stripe_events
                    WHERE id = 'evt_forged_checkout' AND processed_at IS NOT NULL
                    """,
                    databasePath: path
                )
                if processed == nil { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(processed != nil)
            #expect(try await ProductHarness.mappedCustomers(databasePath: path) == 1)
            let mapped = try await Self.scalar(
                "SELECT account_id AS v FROM billing_customers WHERE account_id = \(bind: intruder)",
                databasePath: path
            )
            #expect(mapped == nil)
            let billing = try await browser.get("/settings/billing")
            #expect(billing.body.contains("data-testid=\"plan-name\">Free<"))
        }
    }

    /// The demo seed `billing serve` runs: Team monthly starts with a trial through Checkout, and `WELCOME20` is
    /// accepted on the hosted page; seeding again creates nothing new.
    @Test func theDemoSeedOffersATrialAndAWelcomeCode() async throws {
        try await Self.withCatalogApp { browser, running, _ in
            let first = try await DemoSeeder.seedPromotionCode(stripe: running.stripe)
            let again = try await DemoSeeder.seedPromotionCode(stripe: running.stripe)
            #expect(first == again)
            _ = try await DemoSeeder.seedCatalog(stripe: running.stripe)
            let team = try #require(
                try await running.stripe.prices.list(PriceListParameters(lookupKeys: ["team_monthly"])).data.first
            )
            #expect(team.recurring?.trialPeriodDays == DemoSeeder.teamTrialDays)
            #expect(
                try await running.stripe.prices.list(PriceListParameters(lookupKeys: ["team_monthly"])).data.count == 1
            )

            let billing = try await browser.signUp(email: "trial@example.test")
            let checkout = try await browser.post(
                "/billing/checkout",
                form: [("csrf_token", billing.csrfToken ?? ""), ("price", team.id.rawValue)]
            )
            let url = try #require(checkout.location)
            let path = String(url.dropFirst(running.baseURL.absoluteString.count))
            let page = try await running.raw(.get, path, authorized: false)
            #expect(page.text.contains("Start trial"))
            let csrf = try #require(Self.emulatorCSRF(page.text))
            let applied = try await running.raw(
                .post,
                path + "/promotion",
                body: "csrf=\(Browser.escape(csrf))&code=\(DemoSeeder.welcomeCode)",
                authorized: false
            )
            #expect(applied.status == 303)
            #expect(try await running.raw(.get, path, authorized: false).text.contains("WELCOME20 applied"))
            let success = try await Self.pay(url, on: running)
            let back = try await browser.get(String(success.dropFirst(ProductHarness.publicURL.count)))
            #expect(back.body.contains("data-testid=\"plan-name\">Team<"))
            let subscriptions = try await running.stripe.subscriptions.list()
            #expect(subscriptions.data.map(\.status) == [.trialing])
        }
    }
}
