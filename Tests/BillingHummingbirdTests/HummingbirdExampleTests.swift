import BillingTestSupport
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SampleApp
import StripeAPI
import Testing

@testable import HummingbirdExample

/// Drives the README's example app (examples/hummingbird-app) as a host would run it: the billing page, the portal
/// redirect, and a signed webhook that is stored, projected and unlocks the gated route.
@Suite struct HummingbirdExampleTests {
    static let secret = "whsec_example_tests"

    @Test func theExampleMountsBillingAndGatesOnTheProjection() async throws {
        try await EmulatorHarness.withEmulator { running in
            let path = FileManager.default.temporaryDirectory
                .appendingPathComponent("example-\(UUID().uuidString).sqlite").path
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            let reader = ConfigReader.values([
                "app.publicURL": .init(.string("https://example.test"), isSecret: false),
                "database.url": .init(.string("sqlite:\(path)"), isSecret: true),
                "stripe.secretKey": .init(.string("sk_test_example"), isSecret: true),
                "stripe.apiBaseURL": .init(.string(running.baseURL.absoluteString), isSecret: false),
                "stripe.webhookSecrets": .init(.string(Self.secret), isSecret: true),
                "billing.events.pollIntervalMilliseconds": .init(.int(20), isSecret: false),
                "log.level": .init(.string("critical"), isSecret: false),
            ])
            let app = try await buildExampleApplication(reader: reader)
            try await app.test(.router) { client in
                let alice: HTTPFields = [HTTPField.Name("X-Demo-User")!: "alice"]
                let page = try await client.execute(uri: "/settings/billing", method: .get, headers: alice)
                #expect(page.status == .ok)
                #expect(String(buffer: page.body).contains("Manage billing"))

                var form = alice
                form[.contentType] = "application/x-www-form-urlencoded"
                let portal = try await client.execute(
                    uri: "/billing/portal",
                    method: .post,
                    headers: form,
                    body: ByteBuffer(string: "csrf_token=csrf-alice")
                )
                #expect(portal.status == .seeOther)
                let location = try #require(portal.headers[.location])
                #expect(location.hasPrefix(running.baseURL.absoluteString))

                let forged = try await client.execute(
                    uri: "/billing/portal",
                    method: .post,
                    headers: form,
                    body: ByteBuffer(string: "csrf_token=csrf-mallory")
                )
                #expect(forged.status == .forbidden)

                // Gated by RequireBilling: a page request goes to billing, an API request gets 402, a visitor logs in.
                let locked = try await client.execute(uri: "/pro", method: .get, headers: alice)
                #expect(locked.status == .seeOther)
                #expect(locked.headers[.location] == "/settings/billing")
                var api = alice
                api[.accept] = "application/json"
                let refused = try await client.execute(uri: "/pro", method: .get, headers: api)
                #expect(refused.status.code == 402)
                #expect(String(buffer: refused.body).contains(#""code":"subscription_required""#))
                let anonymous = try await client.execute(uri: "/pro", method: .get)
                #expect(anonymous.status == .seeOther)
                #expect(anonymous.headers[.location] == "/login?next=%2Fpro")
                let customers = try await running.stripe.customers.list(CustomerListParameters(limit: 10)).data
                #expect(customers.count == 1)
                let customer = try #require(customers.first).id.rawValue
                let events = StripeEventFactory(secret: Self.secret)
                let body = events.subscriptionEvent(
                    id: "evt_example_1",
                    type: "customer.subscription.created",
                    created: Int(Date().timeIntervalSince1970),
                    subscription: SubscriptionFixture(id: "sub_example_1", customer: customer)
                )
                var delivery: HTTPFields = [.contentType: "application/json"]
                delivery[HTTPField.Name("Stripe-Signature")!] = events.signature(for: body, at: Date())
                let stored = try await client.execute(
                    uri: "/webhooks/stripe",
                    method: .post,
                    headers: delivery,
                    body: ByteBuffer(bytes: body)
                )
                #expect(stored.status == .ok)

                // The processor runs as one of billing's services; wait (bounded) until the projection has it.
                var status = HTTPResponse.Status.seeOther
                for _ in 0..<250 where status != .ok {
                    status = try await client.execute(uri: "/pro", method: .get, headers: alice).status
                    if status != .ok { try await Task.sleep(for: .milliseconds(20)) }
                }
                #expect(status == .ok)
                let welcome = try await client.execute(uri: "/pro", method: .get, headers: api)
                #expect(String(buffer: welcome.body) == "Welcome to Pro, alice.")
            }
        }
    }
}
