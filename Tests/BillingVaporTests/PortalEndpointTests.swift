import BillingTestSupport
import Foundation
import StripeAPI
import Testing
import Vapor
import VaporTesting

/// The Hummingbird adapter's portal matrix, against the Vapor adapter.
@Suite struct PortalEndpointTests {
    @Test func anonymousVisitorsAreSentToLogin() async throws {
        try await VaporHarness.withApp(stripe: .unreachable) { host in
            let page = try await host.get("/settings/billing")
            #expect(page.status == .seeOther)
            #expect(page.location == "/login?next=%2Fsettings%2Fbilling")
            let portal = try await host.post("/billing/portal", form: [("csrf_token", "csrf-nobody")])
            #expect(portal.status == .seeOther)
            #expect(portal.location?.hasPrefix("/login") == true)
            #expect(try await host.mappedCustomers() == 0)
        }
    }

    @Test(arguments: ["/billing/portal", "/billing/checkout"])
    func getOnTheEndpointsIsMethodNotAllowed(path: String) async throws {
        try await VaporHarness.withApp(stripe: .unreachable) { host in
            let page = try await host.get(path, as: "ada")
            #expect(page.status == .methodNotAllowed)
            #expect(page.headers.first(name: .allow) == "POST")
        }
    }

    @Test(arguments: [nil, "", "not-the-token", "csrf-someone-else"])
    func portalRequestsWithoutTheSessionsCSRFTokenAreForbidden(token: String?) async throws {
        try await EmulatorHarness.withEmulator { running in
            try await VaporHarness.withApp(stripe: .emulator(running)) { host in
                let form = token.map { [("csrf_token", $0)] } ?? []
                let page = try await host.post("/billing/portal", as: "csrf", form: form)
                #expect(page.status == .forbidden)
                #expect(page.body.string.contains("This form has expired"))
                #expect(try await host.mappedCustomers() == 0)
                let customers = try await running.stripe.customers.list()
                #expect(customers.data.isEmpty)
            }
        }
    }

    @Test func freeUserGetsACustomerOnceAndIsRedirectedToThePortal() async throws {
        try await EmulatorHarness.withEmulator { running in
            try await VaporHarness.withApp(stripe: .emulator(running)) { host in
                let billing = try await host.get("/settings/billing", as: "free")
                #expect(billing.status == .ok)
                #expect(billing.body.string.contains("Free"))
                #expect(billing.body.string.contains("value=\"csrf-free\""))
                for _ in 0..<3 {
                    let page = try await host.post("/billing/portal", as: "free", form: [("csrf_token", "csrf-free")])
                    #expect(page.status == .seeOther)
                    #expect(page.location?.hasPrefix(running.baseURL.absoluteString + "/p/session/") == true)
                    #expect(page.headers.first(name: .cacheControl) == "no-store")
                }
                #expect(try await host.mappedCustomers() == 1)
                let customers = try await running.stripe.customers.list(
                    CustomerListParameters(email: "free@example.test")
                )
                #expect(customers.data.count == 1)
            }
        }
    }

    @Test func returnURLAndCustomerComeFromTheServerNeverFromTheRequest() async throws {
        try await EmulatorHarness.withEmulator { running in
            try await VaporHarness.withApp(stripe: .emulator(running)) { host in
                _ = try await host.post("/billing/portal", as: "other", form: [("csrf_token", "csrf-other")])
                let otherCustomer = try #require(
                    try await running.stripe.customers.list(CustomerListParameters(email: "other@example.test")).data
                        .first
                )
                let page = try await host.post(
                    "/billing/portal",
                    as: "me",
                    form: [
                        ("csrf_token", "csrf-me"), ("return_url", "https://evil.example/steal"),
                        ("customer", otherCustomer.id.rawValue), ("account_id", "someone-else"),
                    ],
                    headers: ["X-Forwarded-Host": "evil.example", "Forwarded": "host=evil.example"]
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
                #expect(session.returnURL == VaporHarness.publicURL + "/settings/billing?from_portal=1")
            }
        }
    }

    @Test func unknownFlowsAreRejected() async throws {
        try await EmulatorHarness.withEmulator { running in
            try await VaporHarness.withApp(stripe: .emulator(running)) { host in
                let page = try await host.post(
                    "/billing/portal",
                    as: "flow",
                    form: [("csrf_token", "csrf-flow"), ("flow", "customer_update")]
                )
                #expect(page.status == .badRequest)
                #expect(try await host.mappedCustomers() == 0)
            }
        }
    }

    @Test func stripeDownShowsAFriendlyErrorPageAndWritesNothing() async throws {
        try await VaporHarness.withApp(stripe: .unreachable) { host in
            let billing = try await host.get("/settings/billing", as: "down")
            #expect(billing.status == .ok)
            let page = try await host.post(
                "/billing/portal",
                as: "down",
                form: [("csrf_token", "csrf-down"), ("flow", "payment_method_update")]
            )
            #expect(page.status == .serviceUnavailable)
            #expect(page.headers.contentType == .html)
            #expect(page.body.string.contains("open the billing portal"))
            #expect(page.body.string.contains("not reachable right now"))
            #expect(page.body.string.contains("Try again"))
            #expect(page.body.string.contains("value=\"payment_method_update\""))
            #expect(try await host.mappedCustomers() == 0)
        }
    }
}
