import BillingTestSupport
import Foundation
import HTTPTypes
import StripeAPI
import Testing

@Suite struct BillingPageTests {
    /// Subscribes the signed-up account's customer (created through the portal endpoint) to Pro monthly.
    static func subscribe(
        _ browser: Browser,
        _ running: RunningEmulator,
        email: String,
        cancelAtPeriodEnd: Bool = false
    ) async throws -> Browser.Page {
        let billing = try await browser.signUp(name: "Sub Scriber", email: email)
        _ = try await browser.post("/billing/portal", form: [("csrf_token", billing.csrfToken ?? "")])
        let stripe = running.stripe
        let customer = try #require(try await stripe.customers.list(CustomerListParameters(email: email)).data.first)
        let product = try await stripe.products.create(ProductCreateParameters(name: "Pro"))
        let price = try await stripe.prices.create(
            PriceCreateParameters(
                currency: "usd",
                product: product.id,
                unitAmount: 1200,
                recurring: Price.Recurring(interval: .month),
                lookupKey: "pro_monthly"
            )
        )
        let method = try await stripe.paymentMethods.attach("pm_card_visa", to: customer.id)
        _ = try await stripe.customers.update(
            customer.id,
            CustomerUpdateParameters(invoiceSettings: InvoiceSettingsParameters(defaultPaymentMethod: .set(method.id)))
        )
        _ = try await stripe.subscriptions.create(
            SubscriptionCreateParameters(
                customer: customer.id,
                items: [.init(price: price.id)],
                cancelAtPeriodEnd: cancelAtPeriodEnd
            )
        )
        // The portal's return link: the page refreshes the customer's subscriptions from Stripe.
        return try await browser.get("/settings/billing?from_portal=1")
    }

    @Test func freeAccountShowsTheFreePlanAndOnlyManageBilling() async throws {
        try await ProductHarness.withEmulatorApp { browser, _, _ in
            let page = try await browser.signUp(email: "free-page@example.test")
            #expect(page.status == .ok)
            #expect(page.body.contains("data-testid=\"plan-name\">Free<"))
            #expect(page.body.contains("Manage billing"))
            #expect(!page.body.contains("Cancel subscription"))
            #expect(page.body.contains("No invoices yet."))
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
        }
    }

    @Test func returningFromThePortalShowsTheNewSubscriptionBeforeAnyWebhook() async throws {
        try await ProductHarness.withEmulatorApp { browser, running, _ in
            let page = try await Self.subscribe(browser, running, email: "active@example.test")
            #expect(page.body.contains("Your billing details were refreshed from Stripe."))
            #expect(page.body.contains("data-testid=\"plan-name\">Pro<"))
            #expect(page.body.contains("$12.00 / month"))
            #expect(page.body.contains(">Active<"))
            #expect(page.body.contains("Renews on "))
            #expect(page.body.contains("Cancel subscription"))
            #expect(!page.body.contains("Update payment method"))
            // The emulator's default portal configuration disables plan changes: the page routes them to support.
            #expect(!page.body.contains("Change plan"))
            #expect(page.body.contains("data-testid=\"contact-support\""))
            let dashboard = try await browser.get("/dashboard")
            #expect(dashboard.body.contains("feature-unlocked"))
        }
    }

    @Test func cancelingSubscriptionOffersRenewInsteadOfCancel() async throws {
        try await ProductHarness.withEmulatorApp { browser, running, _ in
            let page = try await Self.subscribe(
                browser,
                running,
                email: "canceling@example.test",
                cancelAtPeriodEnd: true
            )
            #expect(page.body.contains(">Canceling<"))
            #expect(page.body.contains("Cancels on "))
            #expect(page.body.contains(">Renew<"))
            #expect(!page.body.contains("Cancel subscription"))
        }
    }

    @Test func webhooksFillInThePaymentMethodAndInvoices() async throws {
        try await ProductHarness.withEmulatorApp { browser, running, _ in
            _ = try await Self.subscribe(browser, running, email: "webhooks@example.test")
            let signer = WebhookSigner(secret: ProductHarness.webhookSecret)
            let events = try await running.stripe.events.list(EventListParameters(limit: 100))
            for event in events.data.reversed() {
                let payload = try StripeJSON.encoder.encode(event)
                let page = try await browser.send(
                    "/webhooks/stripe",
                    method: .post,
                    headers: [
                        HTTPField.Name("Stripe-Signature")!: signer.header(for: payload, at: Date()),
                        .contentType: "application/json",
                    ],
                    body: String(decoding: payload, as: UTF8.self)
                )
                #expect(page.status == .ok)
            }
            // The event processor applies stored events in the background; the page converges on them.
            var page = try await browser.get("/settings/billing")
            for _ in 0..<100 where !(page.body.contains("•••• 4242") && page.body.contains("View / PDF")) {
                try await Task.sleep(for: .milliseconds(20))
                page = try await browser.get("/settings/billing")
            }
            #expect(page.body.contains("Visa •••• 4242"))
            #expect(page.body.contains("$12.00"))
            #expect(page.body.contains("View / PDF"))
        }
    }

    @Test func pageDataIsHTMLEscaped() async throws {
        try await ProductHarness.withEmulatorApp { browser, _, _ in
            _ = try await browser.signUp(name: "<script>alert(1)</script>", email: "xss@example.test")
            let page = try await browser.get("/settings/profile")
            #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!page.body.contains("<script>alert(1)</script>"))
        }
    }

    @Test func aLoginReachedByARedirectSaysWhy() async throws {
        try await ProductHarness.withApp(stripe: .unreachable) { browser, _ in
            let redirected = try await browser.get("/login?next=%2Fsettings%2Fbilling")
            #expect(redirected.body.contains("data-testid=\"sign-in-needed\""))
            #expect(redirected.body.contains("Please sign in to continue."))
            let direct = try await browser.get("/login")
            #expect(!direct.body.contains("sign-in-needed"))
        }
    }

    @Test func responsesCarrySecurityHeadersAndSafeCookies() async throws {
        try await ProductHarness.withApp(stripe: .unreachable) { browser, _ in
            let page = try await browser.get("/login")
            #expect(page.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            #expect(page.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
            #expect(page.headers[.xContentTypeOptions] == "nosniff")
            #expect(page.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin")
            let cookie = try #require(page.headers[values: .setCookie].first)
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            // app.publicURL is https in these tests, so cookies are Secure.
            #expect(cookie.contains("Secure"))
        }
    }
}
