import BillingTestSupport
import Foundation
import StripeAPI
import Testing
import Vapor
import VaporTesting

/// The Hummingbird adapter's webhook matrix, against the Vapor adapter.
@Suite struct WebhookEndpointTests {
    static let event = Data(
        """
        {"id":"evt_test_1","object":"event","type":"customer.created","created":1700000000,"livemode":false,\
        "api_version":"2026-10-28.endive","pending_webhooks":1,"request":{"id":null,"idempotency_key":null},\
        "data":{"object":{"id":"cus_test_1","object":"customer","email":"a@example.test","created":1700000000,\
        "livemode":false,"metadata":{}}}}
        """.utf8
    )

    /// A valid signature of `body` for the app's webhook secret, made now.
    static func signature(_ body: Data = event, secret: String = VaporHarness.webhookSecret) -> String {
        WebhookSigner(secret: secret).header(for: body, at: Date())
    }

    @Test func signedEventsAreAcknowledgedOnceStoredAndDuplicatesToo() async throws {
        try await VaporHarness.withApp(stripe: .unreachable) { host in
            let signature = Self.signature()
            let first = try await host.deliver(Self.event, signature: signature)
            let duplicate = try await host.deliver(Self.event, signature: signature)
            #expect(first.status == .ok)
            #expect(duplicate.status == .ok)
            #expect(try await host.count("stripe_events") == 1)
        }
    }

    /// Stripe sends no cookies: the webhook route is mounted outside the host's session middleware, which still
    /// runs for the billing page.
    @Test func deliveriesSkipTheHostsSessionMiddleware() async throws {
        try await VaporHarness.withApp(stripe: .unreachable) { host in
            let delivery = try await host.deliver(Self.event, signature: Self.signature())
            let page = try await host.get("/settings/billing", as: "ada")
            #expect(delivery.status == .ok)
            #expect(delivery.headers.first(name: "X-Session") == nil)
            #expect(page.headers.first(name: "X-Session") == "restored")
        }
    }

    @Test func badOrMissingSignaturesAreRejected() async throws {
        try await VaporHarness.withApp(stripe: .unreachable) { host in
            let tampered = try await host.deliver(Self.event, signature: Self.signature(secret: "whsec_wrong"))
            let unsigned = try await host.deliver(Self.event, signature: nil)
            #expect(tampered.status == .badRequest)
            #expect(unsigned.status == .badRequest)
            #expect(try await host.count("stripe_events") == 0)
        }
    }

    @Test(arguments: [256 * 1024 + 1, 300 * 1024])
    func oversizedBodiesAreRefused(size: Int) async throws {
        try await VaporHarness.withApp(stripe: .unreachable) { host in
            let body = Data(String(repeating: "x", count: size).utf8)
            let page = try await host.deliver(body, signature: Self.signature(body))
            #expect(page.status == .payloadTooLarge)
            #expect(try await host.count("stripe_events") == 0)
        }
    }
}
