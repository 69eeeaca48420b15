import BillingTestSupport
import BillingVapor
import Foundation
import Testing
import Vapor
import VaporTesting

/// The billing page renders from the shared templates, in the library's page or the host's layout.
@Suite struct BillingPageTests {
    @Test func theBillingPageShowsTheFreePlanInTheLibrarysPage() async throws {
        try await VaporHarness.withApp(stripe: .unreachable) { host in
            let page = try await host.get("/settings/billing", as: "ada")
            #expect(page.status == .ok)
            #expect(page.headers.contentType == .html)
            #expect(page.headers.first(name: .cacheControl) == "no-store")
            let html = page.body.string
            #expect(html.hasPrefix("<!doctype html>"))
            #expect(html.contains("<title>Billing</title>"))
            #expect(html.contains("Manage billing"))
            #expect(html.contains("You have no paid subscription."))
            // The plan name says "Free"; no status badge repeats it.
            #expect(!html.contains("data-testid=\"status\""))
            #expect(html.contains("value=\"csrf-ada\""))
        }
    }

    @Test func theHostsLayoutWrapsEveryBillingPage() async throws {
        let layout: BillingLayout = { content, request in
            let user = request.headers.first(name: "X-Test-User") ?? "?"
            return "<html><nav>Acme for \(user)</nav><h1>\(content.title)</h1>\(content.html)</html>"
        }
        try await VaporHarness.withApp(stripe: .unreachable, layout: layout) { host in
            let page = try await host.get("/settings/billing", as: "ada")
            let forbidden = try await host.post("/billing/portal", as: "ada", form: [])
            #expect(page.body.string.hasPrefix("<html><nav>Acme for ada</nav><h1>Billing</h1>"))
            #expect(page.body.string.contains("Manage billing"))
            #expect(forbidden.status == .forbidden)
            #expect(forbidden.body.string.hasPrefix("<html><nav>Acme for ada</nav><h1>Forbidden</h1>"))
        }
    }
}
