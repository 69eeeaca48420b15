import BillingTestSupport
import Foundation
import HTTPTypes
import StripeAPI
import Testing

@Suite struct PortalEndpointTests {
    @Test func anonymousVisitorsAreSentToLogin() async throws {
        try await ProductHarness.withApp(stripe: .unreachable) { browser, _ in
            let page = try await browser.get("/settings/billing")
            #expect(page.status == .seeOther)
            #expect(page.location == "/login?next=%2Fsettings%2Fbilling")
            let login = try await browser.get("/login")
            let portal = try await browser.post("/billing/portal", form: [("csrf_token", login.csrfToken ?? "")])
            #expect(portal.status == .seeOther)
            #expect(portal.location?.hasPrefix("/login") == true)
        }
    }

    @Test func getOnThePortalEndpointIsMethodNotAllowed() async throws {
        try await ProductHarness.withApp(stripe: .unreachable) { browser, _ in
            let page = try await browser.get("/billing/portal")
            #expect(page.status == .methodNotAllowed)
            #expect(page.headers[.allow] == "POST")
        }
    }

    @Test(arguments: [nil, "", "not-the-token"])
    func portalRequestsWithoutTheSessionsCSRFTokenAreForbidden(token: String?) async throws {
        try await ProductHarness.withEmulatorApp { browser, running, path in
            try await browser.signUp(email: "csrf@example.test")
            let form = token.map { [("csrf_token", $0)] } ?? []
            let page = try await browser.post("/billing/portal", form: form)
            #expect(page.status == .forbidden)
            #expect(try await ProductHarness.mappedCustomers(databasePath: path) == 0)
            let customers = try await running.stripe.customers.list()
            #expect(customers.data.isEmpty)
        }
    }

    @Test func freeUserGetsACustomerOnceAndIsRedirectedToThePortal() async throws {
        try await ProductHarness.withEmulatorApp { browser, running, path in
            let billing = try await browser.signUp(email: "free@example.test")
            #expect(billing.body.contains("Free"))
            let token = try #require(billing.csrfToken)
            for _ in 0..<3 {
                let page = try await browser.post("/billing/portal", form: [("csrf_token", token)])
                #expect(page.status == .seeOther)
                #expect(page.location?.hasPrefix(running.baseURL.absoluteString + "/p/session/") == true)
            }
            #expect(try await ProductHarness.mappedCustomers(databasePath: path) == 1)
            let customers = try await running.stripe.customers.list(CustomerListParameters(email: "free@example.test"))
            #expect(customers.data.count == 1)
        }
    }

    @Test func returnURLAndCustomerComeFromTheServerNeverFromTheRequest() async throws {
        try await ProductHarness.withEmulatorApp { browser, running, _ in
            let other = try await browser.signUp(email: "other@example.test")
            _ = try await browser.post("/billing/portal", form: [("csrf_token", other.csrfToken ?? "")])
            let otherCustomer = try #require(
                try await running.stripe.customers.list(CustomerListParameters(email: "other@example.test")).data.first
            )
            await browser.forgetCookies()
            let billing = try await browser.signUp(email: "me@example.test")
            let page = try await browser.post(
                "/billing/portal",
                form: [
                    ("csrf_token", billing.csrfToken ?? ""), ("return_url", "https://evil.example/steal"),
                    ("customer", otherCustomer.id.rawValue), ("account_id", "someone-else"),
                ],
                headers: [
                    HTTPField.Name("X-Forwarded-Host")!: "evil.example",
                    HTTPField.Name("Forwarded")!: "host=evil.example",
                ]
            )
            #expect(page.status == .seeOther)
            let events = try await running.stripe.events.list(
                EventListParameters(type: "billing_portal.session.created")
            )
            let session = try #require(events.data.first).object(as: PortalSession.self)
            let mine = try #require(
                try await running.stripe.customers.list(CustomerListParameters(email: "me@example.test")).data.first
            )
            #expect(session.customer == mine.id)
            #expect(session.customer != otherCustomer.id)
            #expect(session.returnURL == ProductHarness.publicURL + "/settings/billing?from_portal=1")
        }
    }

    @Test func unknownFlowsAreRejected() async throws {
        try await ProductHarness.withEmulatorApp { browser, _, path in
            let billing = try await browser.signUp(email: "flow@example.test")
            let page = try await browser.post(
                "/billing/portal",
                form: [("csrf_token", billing.csrfToken ?? ""), ("flow", "customer_update")]
            )
            #expect(page.status == .badRequest)
            #expect(try await ProductHarness.mappedCustomers(databasePath: path) == 0)
        }
    }

    @Test func stripeDownShowsAFriendlyErrorPageAndWritesNothing() async throws {
        try await ProductHarness.withApp(stripe: .unreachable) { browser, path in
            let billing = try await browser.signUp(email: "down@example.test")
            #expect(billing.status == .ok)
            let page = try await browser.post(
                "/billing/portal",
                form: [("csrf_token", billing.csrfToken ?? ""), ("flow", "payment_method_update")]
            )
            #expect(page.status == .serviceUnavailable)
            #expect(
                page.body.contains("couldn&#39;t open the billing portal")
                    || page.body.contains("open the billing portal")
            )
            #expect(page.body.contains("Try again"))
            #expect(page.body.contains("value=\"payment_method_update\""))
            #expect(try await ProductHarness.mappedCustomers(databasePath: path) == 0)
        }
    }
}
