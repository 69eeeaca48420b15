import BillingTestSupport
import Configuration
import Foundation
import StripeAPI
import Testing
import Vapor
import VaporTesting

@testable import VaporExample

/// Drives the README's example app (examples/vapor-app) as a host would run it: the billing page, the portal
/// redirect, and a signed webhook that is stored, projected by billing's services and unlocks the gated route.
@Suite struct VaporExampleTests {
    static let secret = "whsec_example_tests"

    @Test func theExampleMountsBillingAndGatesOnTheProjection() async throws {
        try await EmulatorHarness.withEmulator { running in
            let path = FileManager.default.temporaryDirectory
                .appendingPathComponent("vapor-example-\(UUID().uuidString).sqlite").path
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            let reader = VaporHarness.configuration([
                "app.publicURL": .init(.string("https://example.test"), isSecret: false),
                "database.url": .init(.string("sqlite:\(path)"), isSecret: true),
                "stripe.secretKey": .init(.string("sk_test_example"), isSecret: true),
                "stripe.apiBaseURL": .init(.string(running.baseURL.absoluteString), isSecret: false),
                "stripe.webhookSecrets": .init(.string(Self.secret), isSecret: true),
                "billing.events.pollIntervalMilliseconds": .init(.int(20), isSecret: false),
            ])
            let app = try await Application.make(.testing)
            app.logger.logLevel = .critical
            do {
                try await configureExample(app, reader: reader)
                try await app.asyncBoot()
                try await Self.drive(try app.testing(), running)
                try await app.asyncShutdown()
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
        }
    }

    static func drive(_ app: any TestingApplicationTester, _ running: RunningEmulator) async throws {
        let alice: HTTPHeaders = ["X-Demo-User": "alice"]
        let live = try await app.sendRequest(.GET, "/health/live")
        #expect(live.status == .ok)
        #expect(live.body.string.contains(#""status":"ok""#))
        let page = try await app.sendRequest(.GET, "/settings/billing", headers: alice)
        #expect(page.status == .ok)
        #expect(page.body.string.contains("Manage billing"))

        var form = alice
        form.contentType = .urlEncodedForm
        let portal = try await app.sendRequest(
            .POST,
            "/billing/portal",
            headers: form,
            body: ByteBuffer(string: "csrf_token=csrf-alice")
        )
        #expect(portal.status == .seeOther)
        #expect(portal.headers.first(name: .location)?.hasPrefix(running.baseURL.absoluteString) == true)
        let forged = try await app.sendRequest(
            .POST,
            "/billing/portal",
            headers: form,
            body: ByteBuffer(string: "csrf_token=csrf-mallory")
        )
        #expect(forged.status == .forbidden)

        var api = alice
        api.replaceOrAdd(name: .accept, value: "application/json")
        #expect(try await app.sendRequest(.GET, "/pro", headers: api).status == .paymentRequired)
        #expect(try await app.sendRequest(.GET, "/pro", headers: alice).status == .seeOther)
        let customers = try await running.stripe.customers.list(CustomerListParameters(limit: 10)).data
        #expect(customers.count == 1)
        let customer = try #require(customers.first).id.rawValue
        let events = StripeEventFactory(secret: secret)
        let body = events.subscriptionEvent(
            id: "evt_example_1",
            type: "customer.subscription.created",
            created: Int(Date().timeIntervalSince1970),
            subscription: SubscriptionFixture(id: "sub_example_1", customer: customer)
        )
        let stored = try await app.sendRequest(
            .POST,
            "/webhooks/stripe",
            headers: ["Content-Type": "application/json", "Stripe-Signature": events.signature(for: body, at: Date())],
            body: ByteBuffer(bytes: body)
        )
        #expect(stored.status == .ok)

        // The processor runs as one of billing's services; wait (bounded) until the projection has it.
        var status = HTTPResponseStatus.paymentRequired
        for _ in 0..<250 where status != .ok {
            status = try await app.sendRequest(.GET, "/pro", headers: api).status
            if status != .ok { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(status == .ok)
    }
}
