import BillingDatabase
import BillingTestSupport
import Configuration
import Foundation
import HTTPTypes
import SQLKit
import StripeAPI
import Testing

@Suite struct WebhookEndpointTests {
    static let event = """
        {"id":"evt_test_1","object":"event","type":"customer.created","created":1700000000,"livemode":false,\
        "api_version":"2026-10-28.endive","pending_webhooks":1,"request":{"id":null,"idempotency_key":null},\
        "data":{"object":{"id":"cus_test_1","object":"customer","email":"a@example.test","created":1700000000,\
        "livemode":false,"metadata":{}}}}
        """

    /// A valid signature of ``event`` for the app's webhook secret, made now.
    static func signature() -> String {
        WebhookSigner(secret: ProductHarness.webhookSecret).header(for: Data(event.utf8), at: Date())
    }

    static func deliver(_ browser: Browser, body: String, signature: String?) async throws -> Browser.Page {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let signature { headers[HTTPField.Name("Stripe-Signature")!] = signature }
        return try await browser.send("/webhooks/stripe", method: .post, headers: headers, body: body)
    }

    @Test func signedEventsAreAcknowledgedOnceStoredAndDuplicatesToo() async throws {
        try await ProductHarness.withApp(stripe: .unreachable) { browser, _ in
            let signature = Self.signature()
            let first = try await Self.deliver(browser, body: Self.event, signature: signature)
            let duplicate = try await Self.deliver(browser, body: Self.event, signature: signature)
            #expect(first.status == .ok)
            #expect(duplicate.status == .ok)
        }
    }

    /// Stripe sends no cookies: the webhook route skips sessions, so no CSRF cookie is minted for each delivery
    /// (the log-in page, for contrast, still gets one).
    @Test func deliveriesGetNoSessionCookie() async throws {
        try await ProductHarness.withApp(stripe: .unreachable) { browser, _ in
            let signature = Self.signature()
            let delivery = try await Self.deliver(browser, body: Self.event, signature: signature)
            let login = try await browser.get("/login")
            #expect(delivery.status == .ok)
            #expect(delivery.headers[.setCookie] == nil)
            #expect(login.headers[.setCookie]?.contains("acme_csrf=") == true)
        }
    }

    /// The whole app on PostgreSQL: it migrates before its connection pool runs as a service (this used to wait
    /// forever), then stores a delivery durably before answering 200.
    @Test(.enabled(if: TestBackend.postgresURL != nil))
    func theAppStartsAndStoresDeliveriesOnPostgreSQL() async throws {
        let base = try #require(TestBackend.postgresURL)
        let schema = "app_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let admin = try DatabaseConfiguration(url: base)
        try await DatabaseConnector.withDatabase(admin, logger: TestDatabase.logger) { database in
            try await database.transaction { try await $0.raw("CREATE SCHEMA \(ident: schema)").run() }
        }
        let url = base + (base.contains("?") ? "&" : "?") + "schema=\(schema)"
        do {
            try await ProductHarness.withApp(
                stripe: .unreachable,
                extra: ["database.url": .init(.string(url), isSecret: true)]
            ) { browser, _ in
                let signature = Self.signature()
                let page = try await Self.deliver(browser, body: Self.event, signature: signature)
                #expect(page.status == .ok)
            }
            let stored = try await DatabaseConnector.withDatabase(
                try DatabaseConfiguration(url: url),
                logger: TestDatabase.logger
            ) { database in
                try await database.read { sql in
                    try await sql.raw("SELECT COUNT(*) AS n FROM stripe_events WHERE id = 'evt_test_1'").first()?
                        .decode(column: "n", as: Int.self)
                }
            }
            #expect(stored == 1)
        } catch {
            try? await Self.dropSchema(schema, admin: admin)
            throw error
        }
        try await Self.dropSchema(schema, admin: admin)
    }

    static func dropSchema(_ schema: String, admin: DatabaseConfiguration) async throws {
        try await DatabaseConnector.withDatabase(admin, logger: TestDatabase.logger) { database in
            try await database.transaction { try await $0.raw("DROP SCHEMA \(ident: schema) CASCADE").run() }
        }
    }

    @Test func badOrMissingSignaturesAreRejected() async throws {
        try await ProductHarness.withApp(stripe: .unreachable) { browser, _ in
            let wrong = WebhookSigner(secret: "whsec_wrong").header(for: Data(Self.event.utf8), at: Date())
            let tampered = try await Self.deliver(browser, body: Self.event, signature: wrong)
            let unsigned = try await Self.deliver(browser, body: Self.event, signature: nil)
            #expect(tampered.status == .badRequest)
            #expect(unsigned.status == .badRequest)
        }
    }

    @Test func oversizedBodiesAreRefused() async throws {
        try await ProductHarness.withApp(stripe: .unreachable) { browser, _ in
            let body = String(repeating: "x", count: 300 * 1024)
            let signature = WebhookSigner(secret: ProductHarness.webhookSecret).header(for: Data(body.utf8), at: Date())
            let page = try await Self.deliver(browser, body: body, signature: signature)
            #expect(page.status == .contentTooLarge)
        }
    }
}
