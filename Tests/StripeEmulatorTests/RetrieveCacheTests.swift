import BillingTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import StripeAPI
import Testing

@testable import StripeEmulator

/// Retrieves are answered from each object's cached encoding; every kind of change must drop that cache.
@Suite struct RetrieveCacheTests {
    static let start = 1_767_225_600  // 2026-01-01T00:00:00Z

    @Test func retrieveAfterAnUpdateShowsTheUpdate() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let created = try await emulator.call(.POST, "/v1/customers", ["email": "old@example.com"])
            let id = try #require(created["id"]?.stringValue)
            let store = emulator.emulator.store

            #expect(try await emulator.call(.GET, "/v1/customers/\(id)")["email"] == "old@example.com")
            #expect(await store.hasEncodedBody(id))

            _ = try await emulator.call(.POST, "/v1/customers/\(id)", ["email": "new@example.com", "name": "Amy"])
            #expect(await !store.hasEncodedBody(id))
            let updated = try await emulator.call(.GET, "/v1/customers/\(id)")
            #expect(updated["email"] == "new@example.com")
            #expect(updated["name"] == "Amy")

            // Attaching a card through the payment method's own endpoint, then making it the default.
            let card = try await emulator.call(.POST, "/v1/payment_methods/pm_card_visa/attach", ["customer": id])
            let cardID = try #require(card["id"]?.stringValue)
            _ = try await emulator.call(
                .POST,
                "/v1/customers/\(id)",
                ["invoice_settings[default_payment_method]": cardID]
            )
            let withCard = try await emulator.call(.GET, "/v1/customers/\(id)")
            #expect(withCard.at("invoice_settings.default_payment_method")?.stringValue == cardID)

            _ = try await emulator.call(.DELETE, "/v1/customers/\(id)")
            let deleted = try await emulator.call(.GET, "/v1/customers/\(id)")
            #expect(deleted["deleted"] == true)
        }
    }

    @Test func cachedRetrieveMatchesTheGeneralReadAndStillExpands() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let price = try await emulator.monthlyPrice(1500)
            let first = try await emulator.raw(.get, "/v1/prices/\(price)")
            let cached = try await emulator.raw(.get, "/v1/prices/\(price)")
            #expect(cached.status == 200)
            #expect(cached.body == first.body)
            #expect(cached.headers[.contentType] == "application/json")
            #expect(cached.headers[HTTPField.Name("Request-Id")!]?.hasPrefix("req_") == true)

            let expanded = try await emulator.call(.GET, "/v1/prices/\(price)", expand: ["product"])
            #expect(expanded.at("product.object") == "product")
            let wrongKind = try await emulator.raw(.get, "/v1/customers/\(price)")
            #expect(wrongKind.status == 404)
            #expect(wrongKind.json?.at("error.message")?.stringValue == "No such customer: '\(price)'")
            let unknown = try await emulator.raw(.get, "/v1/prices/\(price)?limit=3")
            #expect(unknown.status == 400)
        }
    }

    @Test func advancingATestClockRefreshesCachedSubscriptionsAndTheClock() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let clock = try await emulator.call(
                .POST,
                "/v1/test_helpers/test_clocks",
                ["frozen_time": String(Self.start)]
            )
            let clockID = try #require(clock["id"]?.stringValue)
            let customer = try await emulator.customer(testClock: clockID)
            let price = try await emulator.monthlyPrice(2000)
            let subscription = try await emulator.call(
                .POST,
                "/v1/subscriptions",
                ["customer": customer, "items[0][price]": price]
            )
            let id = try #require(subscription["id"]?.stringValue)
            let store = emulator.emulator.store

            let before = try await emulator.call(.GET, "/v1/subscriptions/\(id)")
            #expect(before.at("items.data.0.current_period_start")?.intValue == Self.start)
            #expect(
                try await emulator.call(.GET, "/v1/test_helpers/test_clocks/\(clockID)")["frozen_time"]?.intValue
                    == Self.start
            )
            #expect(await store.hasEncodedBody(id))
            #expect(await store.hasEncodedBody(clockID))

            _ = try await emulator.call(
                .POST,
                "/v1/test_helpers/test_clocks/\(clockID)/advance",
                ["frozen_time": String(1_770_000_000)]
            )
            let renewed = try await emulator.call(.GET, "/v1/subscriptions/\(id)")
            #expect(renewed.at("items.data.0.current_period_start")?.intValue == 1_769_904_000)  // Feb 1
            #expect(renewed["latest_invoice"] != before["latest_invoice"])
            let advanced = try await emulator.call(.GET, "/v1/test_helpers/test_clocks/\(clockID)")
            #expect(advanced["frozen_time"]?.intValue == 1_770_000_000)
            #expect(advanced["status"] == "ready")
        }
    }

    /// Holds each webhook's reply until the test opens the gate, so the event can be read while it is pending.
    actor Gate {
        private(set) var arrived = 0
        private var waiting: [CheckedContinuation<Void, Never>] = []
        private var open = false

        func pass() async {
            arrived += 1
            if open { return }
            await withCheckedContinuation { waiting.append($0) }
        }

        func release() {
            open = true
            for continuation in waiting { continuation.resume() }
            waiting.removeAll()
        }
    }

    @Test func acknowledgedWebhookRefreshesTheCachedEvent() async throws {
        let gate = Gate()
        let router = Router()
        router.post("/hook") { _, _ -> HTTPResponse.Status in
            await gate.pass()
            return .ok
        }
        try await Application(router: router).test(.live) { hookClient in
            let hookPort = try #require(hookClient.port)
            try await EmulatorHarness.withEmulator { emulator in
                _ = try await emulator.emulator.store.ensureWebhookEndpoint(
                    url: "http://127.0.0.1:\(hookPort)/hook",
                    events: ["customer.created"]
                )
                _ = try await emulator.call(.POST, "/v1/customers", ["email": "hook@example.com"])
                let list = try await emulator.call(.GET, "/v1/events", ["type": "customer.created"])
                let eventID = try #require(list.at("data.0.id")?.stringValue)
                for _ in 0..<400 where await gate.arrived == 0 {
                    try await Task.sleep(for: .milliseconds(10))
                }
                #expect(await gate.arrived == 1)

                let pending = try await emulator.call(.GET, "/v1/events/\(eventID)")
                #expect(pending["pending_webhooks"]?.intValue == 1)
                #expect(await emulator.emulator.store.hasEncodedBody(eventID))

                await gate.release()
                var delivered = pending
                for _ in 0..<400 where delivered["pending_webhooks"]?.intValue != 0 {
                    try await Task.sleep(for: .milliseconds(10))
                    delivered = try await emulator.call(.GET, "/v1/events/\(eventID)")
                }
                #expect(delivered["pending_webhooks"]?.intValue == 0)
            }
        }
    }
}
