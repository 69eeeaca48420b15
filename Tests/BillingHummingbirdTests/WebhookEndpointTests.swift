import Foundation
import HTTPTypes
import StripeAPI
import Testing

@Suite struct WebhookEndpointTests {
    static let event = """
        {"id":"evt_test_1","object":"event","type":"customer.created","created":1700000000,"livemode":false,\
        "api_version":"2026-10-28.endive","pending_webhooks":1,"request":{"id":null,"idempotency_key":null},\
        "data":{"object":{"id":"cus_test_1","object":"customer","email":"a@example.test","created":1700000000,\
        "livemode":false,"metadata":{}}}}
        """

    static func deliver(_ browser: Browser, body: String, signature: String?) async throws -> Browser.Page {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let signature { headers[HTTPField.Name("Stripe-Signature")!] = signature }
        return try await browser.send("/webhooks/stripe", method: .post, headers: headers, body: body)
    }

    @Test func signedEventsAreAcknowledgedOnceStoredAndDuplicatesToo() async throws {
        try await ProductHarness.withApp(stripe: .unreachable) { browser, _ in
            let signature = WebhookSigner(secret: ProductHarness.webhookSecret).header(
                for: Data(Self.event.utf8),
                at: Date()
            )
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
            let signature = WebhookSigner(secret: ProductHarness.webhookSecret).header(
                for: Data(Self.event.utf8),
                at: Date()
            )
            let delivery = try await Self.deliver(browser, body: Self.event, signature: signature)
            let login = try await browser.get("/login")
            #expect(delivery.status == .ok)
            #expect(delivery.headers[.setCookie] == nil)
            #expect(login.headers[.setCookie]?.contains("acme_csrf=") == true)
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
