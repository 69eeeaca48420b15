import BillingCore
import BillingVapor
import Foundation
import StripeAPI
import Testing
import Vapor
import VaporTesting

/// The probes of the Vapor adapter answer from the same core readiness as the Hummingbird ones.
@Suite struct HealthRouteTests {
    /// A Vapor app running billing's services (``BillingLifecycle``) with the probes mounted: billing's own, or,
    /// when `processorRunning` is false, those of a second billing on the same database whose processor never runs.
    static func withProbes(
        processorRunning: Bool,
        _ body: (any TestingApplicationTester, Billing) async throws -> Void
    ) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("health-\(UUID().uuidString).sqlite")
            .path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let billing = try await Billing.open(
            reader: VaporHarness.reader(stripe: .unreachable, databasePath: path),
            logger: VaporHarness.logger
        )
        let probed =
            processorRunning
            ? billing
            : Billing(
                configuration: billing.configuration,
                webhookVerifier: try WebhookVerifier(secrets: [VaporHarness.webhookSecret]),
                database: billing.database,
                stripe: billing.stripe,
                logger: VaporHarness.logger
            )
        let app = try await Application.make(.testing)
        app.logger.logLevel = .critical
        do {
            app.lifecycle.use(BillingLifecycle(billing: billing))
            probed.registerHealth(on: app.routes, timeout: .seconds(30))
            try await app.asyncBoot()
            try await body(try app.testing(), probed)
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    @Test func readyWhenBillingRunsWithTheAppAndLiveAlways() async throws {
        try await Self.withProbes(processorRunning: true) { tester, billing in
            var ready = try await tester.sendRequest(.GET, "/health/ready")
            // The processor starts with the app's boot; give it a moment to beat.
            for _ in 0..<1_500 where ready.status != .ok {
                try await Task.sleep(for: .milliseconds(20))
                ready = try await tester.sendRequest(.GET, "/health/ready")
            }
            #expect(ready.status == .ok)
            #expect(ready.headers.contentType == .json)
            #expect(ready.headers.first(name: .cacheControl) == "no-store")
            let text = ready.body.string
            for name in ["database", "migrations", "processor", "lag"] {
                #expect(text.contains(#"{"name":"\#(name)","ready":true}"#), "\(name) in \(text)")
            }
            // The same body the core gives (and the Hummingbird adapter sends).
            #expect(text == String(decoding: await billing.readiness(timeout: .seconds(30)).jsonBody, as: UTF8.self))

            let live = try await tester.sendRequest(.GET, "/health/live")
            #expect(live.status == .ok)
            #expect(live.body.string == #"{"checks":[],"status":"ok"}"#)
        }
    }

    @Test func notReadyWithoutTheEventProcessor() async throws {
        try await Self.withProbes(processorRunning: false) { tester, _ in
            let ready = try await tester.sendRequest(.GET, "/health/ready")
            #expect(ready.status == .serviceUnavailable)
            let text = ready.body.string
            #expect(text.hasSuffix(#""status":"unavailable"}"#))
            #expect(text.contains(#"{"name":"processor","problem":"not running","ready":false}"#))
            #expect(text.contains(#"{"name":"database","ready":true}"#))
            #expect(try await tester.sendRequest(.GET, "/health/live").status == .ok)
        }
    }
}
