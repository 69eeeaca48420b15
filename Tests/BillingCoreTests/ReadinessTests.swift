import BillingDatabase
import BillingTestSupport
import Configuration
import Foundation
import SQLKit
import StripeAPI
import Synchronization
import Testing

@testable import BillingCore

/// `Billing.readiness`: each of its four checks fails on its own, and all pass on a migrated database with the
/// processor running and no event waiting too long.
@Suite struct ReadinessTests {
    static let secret = "whsec_ready"
    /// These tests check what each check answers, not how fast: with the whole suite running in parallel on two
    /// cores, the default two-second probe budget is sometimes spent waiting for a busy SQLite connection.
    static let generousTimeout: Duration = .seconds(30)
    static let backends = TestBackend.postgresURL == nil ? [TestBackend.sqlite] : TestBackend.allCases

    /// A clock a test moves by hand.
    final class Clock: Sendable {
        // Whole seconds, so lags in milliseconds come out exact.
        private let time = Mutex(Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)))
        var now: Date { time.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { time.withLock { $0 += seconds } }
    }

    static func billing(
        _ database: any BillingDatabase,
        readiness: ReadinessPolicy = ReadinessPolicy(),
        pollInterval: Duration = .milliseconds(20),
        clock: Clock = Clock()
    ) throws -> Billing {
        Billing(
            configuration: BillingConfiguration(
                publicURL: URL(string: "https://notes.example.test/")!,
                events: EventProcessorConfiguration(pollInterval: pollInterval),
                readiness: readiness
            ),
            webhookVerifier: try WebhookVerifier(secrets: [secret]),
            database: database,
            stripe: StripeClient(
                configuration: StripeConfiguration(
                    secretKey: "sk_test_ready",
                    apiBaseURL: URL(string: "http://127.0.0.1:1")!
                )
            ),
            logger: TestDatabase.logger,
            now: { clock.now }
        )
    }

    /// Runs `body` while the billing's event processor runs, then stops it.
    static func withProcessor(_ billing: Billing, _ body: () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await billing.processor.run() }
            for _ in 0..<6_000 where !billing.processor.heartbeat.current.isRunning {
                try await Task.sleep(for: .milliseconds(5))
            }
            do {
                try await body()
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
    }

    static func check(_ readiness: BillingReadiness, _ name: String) -> BillingReadiness.Check? {
        readiness.checks.first { $0.name == name }
    }

    @Test(arguments: backends)
    func readyWithEveryCheckPassing(_ backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let billing = try Self.billing(database)
            try await Self.withProcessor(billing) {
                let readiness = await billing.readiness(timeout: Self.generousTimeout)
                #expect(readiness.checks.map(\.name) == ["database", "migrations", "processor", "lag"])
                #expect(readiness.isReady, "\(readiness.checks)")
                #expect(readiness.httpStatus == 200)
                let body = String(decoding: readiness.jsonBody, as: UTF8.self)
                #expect(body.hasSuffix(#""status":"ok"}"#))
                #expect(body.contains(#"{"name":"lag","ready":true}"#))
            }
        }
    }

    @Test func notReadyWhileTheProcessorDoesNotRunAndReadyWhenNotRequired() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let stopped = try Self.billing(database)
            let readiness = await stopped.readiness(timeout: Self.generousTimeout)
            #expect(!readiness.isReady)
            #expect(readiness.httpStatus == 503)
            #expect(
                Self.check(readiness, "processor") == .init(name: "processor", isReady: false, problem: "not running")
            )
            #expect(readiness.checks.filter { !$0.isReady }.map(\.name) == ["processor"])
            // Back to not running once it stopped.
            try await Self.withProcessor(stopped) {
                #expect(await stopped.readiness(timeout: Self.generousTimeout).isReady)
            }
            #expect(
                Self.check(await stopped.readiness(timeout: Self.generousTimeout), "processor")?.problem
                    == "not running"
            )

            let webOnly = try Self.billing(database, readiness: ReadinessPolicy(requiresProcessor: false))
            #expect(await webOnly.readiness(timeout: Self.generousTimeout).isReady)
        }
    }

    @Test func notReadyWhenTheProcessorHeartbeatIsStale() async throws {
        try await TestDatabase.with(.sqlite) { database in
            // The processor beats, then waits its 10 s poll interval: its beat outlives the 50 ms allowed.
            let billing = try Self.billing(
                database,
                readiness: ReadinessPolicy(processorStaleAfter: .milliseconds(50)),
                pollInterval: .seconds(10)
            )
            try await Self.withProcessor(billing) {
                try await Task.sleep(for: .milliseconds(200))
                let readiness = await billing.readiness(timeout: Self.generousTimeout)
                #expect(Self.check(readiness, "processor")?.problem == "no heartbeat in time")
                #expect(readiness.httpStatus == 503)
            }
        }
    }

    @Test(arguments: backends)
    func notReadyWhenAMigrationIsMissing(_ backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let billing = try Self.billing(database, readiness: ReadinessPolicy(requiresProcessor: false))
            #expect(await billing.readiness(timeout: Self.generousTimeout).isReady)
            let last = try #require(BillingMigrations.all.last?.name)
            try await database.transaction { sql in
                try await sql.raw("DELETE FROM schema_migrations WHERE name = \(bind: last)").run()
            }
            let readiness = await billing.readiness(timeout: Self.generousTimeout)
            #expect(
                Self.check(readiness, "migrations")
                    == .init(name: "migrations", isReady: false, problem: "1 not applied; run billing migrate")
            )
            #expect(readiness.checks.filter { !$0.isReady }.map(\.name) == ["migrations"])
        }
    }

    @Test(arguments: backends)
    func notReadyWhileTheOldestUnprocessedEventWaitsLongerThanTheLimit(_ backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let clock = Clock()
            let billing = try Self.billing(
                database,
                readiness: ReadinessPolicy(maxLag: .seconds(60), requiresProcessor: false),
                clock: clock
            )
            let factory = StripeEventFactory(secret: Self.secret)
            let body = factory.body(
                id: "evt_lag_1",
                type: "customer.created",
                created: Int(clock.now.timeIntervalSince1970),
                object: .object(["id": .string("cus_lag"), "object": .string("customer")])
            )
            let outcome = await billing.receiveWebhook(
                body: body,
                signature: factory.signature(for: body, at: clock.now)
            )
            #expect(outcome.httpStatus == 200)

            clock.advance(30)
            #expect(Self.check(await billing.readiness(timeout: Self.generousTimeout), "lag")?.isReady == true)
            clock.advance(61)
            let late = await billing.readiness(timeout: Self.generousTimeout)
            #expect(
                Self.check(late, "lag")
                    == .init(name: "lag", isReady: false, problem: "oldest event waits 91 s (limit 60 s)")
            )
            #expect(late.httpStatus == 503)

            // Processed, it no longer counts.
            #expect(try await billing.processor.drain() == 1)
            #expect(await billing.readiness(timeout: Self.generousTimeout).isReady)
        }
    }

    @Test func theDatabaseGoneFailsTheChecksThatNeedIt() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ready-\(UUID().uuidString).sqlite")
            .path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let opened = try await DatabaseConnector.open(
            DatabaseConfiguration(backend: .sqlite(.file(path))),
            logger: TestDatabase.logger
        )
        _ = try await Migrator().migrate(opened.database, logger: TestDatabase.logger)
        let billing = try Self.billing(opened.database, readiness: ReadinessPolicy(requiresProcessor: false))
        #expect(await billing.readiness(timeout: Self.generousTimeout).isReady)
        try await opened.close()
        let readiness = await billing.readiness(timeout: Self.generousTimeout)
        #expect(readiness.checks.map(\.isReady) == [false, false, true, false])
        #expect(Self.check(readiness, "database")?.problem == "query failed")
        #expect(Self.check(readiness, "migrations")?.problem == "database unavailable")
        #expect(Self.check(readiness, "lag")?.problem == "database unavailable")
        #expect(!String(decoding: readiness.jsonBody, as: UTF8.self).contains(path))
    }

    @Test func policyAndLeasesAreReadFromConfigurationAndValidated() throws {
        func reader(_ values: [String: ConfigValue]) -> ConfigReader {
            ConfigReader(providers: [
                InMemoryProvider(
                    values: Dictionary(
                        uniqueKeysWithValues: values.map { (AbsoluteConfigKey(ConfigKey($0.key)), $0.value) }
                    )
                )
            ])
        }
        let defaults = try BillingConfiguration(reader: reader([:]))
        #expect(
            defaults.readiness
                == ReadinessPolicy(maxLag: .seconds(60), requiresProcessor: true, processorStaleAfter: .seconds(60))
        )
        #expect(defaults.claimLeases == ClaimLeases(hooks: .seconds(120), mail: .seconds(300)))

        let set = try BillingConfiguration(
            reader: reader([
                "health.ready.maxLagSeconds": .init(.int(15), isSecret: false),
                "health.ready.requireProcessor": .init(.bool(false), isSecret: false),
                "health.ready.processorStaleSeconds": .init(.int(9), isSecret: false),
                "billing.hooks.claimLeaseSeconds": .init(.int(30), isSecret: false),
                "billing.mail.claimLeaseSeconds": .init(.int(600), isSecret: false),
            ])
        )
        #expect(
            set.readiness
                == ReadinessPolicy(maxLag: .seconds(15), requiresProcessor: false, processorStaleAfter: .seconds(9))
        )
        #expect(set.claimLeases == ClaimLeases(hooks: .seconds(30), mail: .seconds(600)))

        for (key, value) in [
            ("health.ready.maxLagSeconds", 0), ("health.ready.processorStaleSeconds", -1),
            ("billing.hooks.claimLeaseSeconds", 4), ("billing.mail.claimLeaseSeconds", 86_401),
        ] {
            #expect {
                _ = try BillingConfiguration(reader: reader([key: .init(.int(value), isSecret: false)]))
            } throws: { error in
                (error as? ConfigurationError)?.key == key
            }
        }
    }
}
