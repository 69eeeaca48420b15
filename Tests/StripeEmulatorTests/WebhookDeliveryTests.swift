import BillingTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOHTTP1
import StripeAPI
import StripeEmulator
import Testing

@Suite struct WebhookDeliveryTests {
    /// A webhook receiver that answers 500 to the first `failures` deliveries.
    actor Receiver {
        let failures: Int
        private(set) var received: [(body: Data, signature: String?, userAgent: String?)] = []

        init(failures: Int) { self.failures = failures }

        func record(body: Data, signature: String?, userAgent: String?) -> HTTPResponse.Status {
            received.append((body, signature, userAgent))
            return received.count <= failures ? .internalServerError : .ok
        }
    }

    @Test func failingEndpointGetsTheSignedEventOnTheThirdAttempt() async throws {
        let receiver = Receiver(failures: 2)
        let router = Router()
        router.post("/hook") { request, context -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 1 << 20)
            return await receiver.record(
                body: Data(body.readableBytesView),
                signature: request.headers[HTTPField.Name("Stripe-Signature")!],
                userAgent: request.headers[.userAgent]
            )
        }
        try await Application(router: router).test(.live) { hookClient in
            let hookPort = try #require(hookClient.port)
            try await EmulatorHarness.withEmulator { emulator in
                let endpoint = try await emulator.emulator.store.ensureWebhookEndpoint(
                    url: "http://127.0.0.1:\(hookPort)/hook",
                    events: ["customer.created"]
                )
                let customer = try await emulator.call(.POST, "/v1/customers", ["email": "hook@example.com"])
                var attempts: [DeliveryLog.Attempt] = []
                for _ in 0..<200 where attempts.count < 3 {
                    try await Task.sleep(for: .milliseconds(25))
                    attempts = await emulator.emulator.deliveries.all()
                }
                #expect(attempts.map(\.attempt) == [1, 2, 3])
                #expect(attempts.map(\.succeeded) == [false, false, true])
                #expect(attempts.map(\.status) == [500, 500, 200])

                let received = await receiver.received
                #expect(received.count == 3)
                let verifier = try WebhookVerifier(secrets: [endpoint.secret])
                for delivery in received {
                    #expect(delivery.userAgent == "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
                    try verifier.verify(payload: delivery.body, header: delivery.signature, now: Date())
                    let event = try JSONDecoder().decode(JSONValue.self, from: delivery.body)
                    #expect(event["type"] == "customer.created")
                    #expect(event.at("data.object.id") == customer["id"])
                }
                let event = try await emulator.call(.GET, "/v1/events", ["type": "customer.created"])
                #expect(event.at("data.0.pending_webhooks")?.intValue == 0)
            }
        }
    }

    @Test func deletedEndpointStopsRetrying() async throws {
        let receiver = Receiver(failures: 100)
        let router = Router()
        router.post("/hook") { request, _ -> HTTPResponse.Status in
            await receiver.record(body: Data(), signature: nil, userAgent: nil)
        }
        try await Application(router: router).test(.live) { hookClient in
            let hookPort = try #require(hookClient.port)
            let configuration = EmulatorHarness.testConfiguration(
                retryDelays: [.seconds(1), .seconds(1)]
            )
            try await EmulatorHarness.withEmulator(configuration: configuration) { emulator in
                let endpoint = try await emulator.emulator.store.ensureWebhookEndpoint(
                    url: "http://127.0.0.1:\(hookPort)/hook"
                )
                _ = try await emulator.call(.POST, "/v1/products", ["name": "Gone"])
                for _ in 0..<100 where await receiver.received.isEmpty {
                    try await Task.sleep(for: .milliseconds(10))
                }
                _ = try await emulator.call(.DELETE, "/v1/webhook_endpoints/\(endpoint.id)")
                try await Task.sleep(for: .milliseconds(1500))
                #expect(await receiver.received.count == 1)
            }
        }
    }

    @Test func ensuringAnEndpointAgainKeepsItsSecretAndTakesTheNewEventTypes() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let first = try await emulator.emulator.store.ensureWebhookEndpoint(url: "http://127.0.0.1:9/hook")
            // Read once, so the stored body is published and a stale copy would show.
            let before = try await emulator.call(.GET, "/v1/webhook_endpoints/\(first.id)")
            #expect(before["enabled_events"] == ["*"])

            let second = try await emulator.emulator.store.ensureWebhookEndpoint(
                url: "http://127.0.0.1:9/hook",
                events: ["customer.subscription.updated", "invoice.paid"]
            )
            #expect(second.id == first.id)
            #expect(second.secret == first.secret)
            let after = try await emulator.call(.GET, "/v1/webhook_endpoints/\(first.id)")
            #expect(after["enabled_events"] == ["customer.subscription.updated", "invoice.paid"])
            let list = try await emulator.call(.GET, "/v1/webhook_endpoints")
            #expect(list["data"]?.elements?.count == 1)
        }
    }
}
