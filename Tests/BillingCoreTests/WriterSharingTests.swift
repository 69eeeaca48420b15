import BillingDatabase
import BillingTestSupport
import Foundation
import Logging
import SQLKit
import ServiceLifecycle
import StripeAPI
import Testing

@testable import BillingCore

/// How event processing shares the single SQLite writer with webhook intake, and how checkpoints stay off it.
@Suite struct WriterSharingTests {
    /// Forwards to a real database but always reports urgent transactions waiting, and counts background ones.
    struct ContendedDatabase: BillingDatabase {
        let base: any BillingDatabase
        let backgroundTransactions = Counter()

        actor Counter {
            var value = 0
            func increment() { value += 1 }
        }

        var dialect: DatabaseDialect { base.dialect }
        var hasWaitingUrgentTransactions: Bool {
            get async { true }
        }

        func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
            try await base.read(body)
        }

        func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
            try await base.transaction(body)
        }

        func transaction<T: Sendable>(
            _ kind: TransactionKind,
            _ body: (any SQLDatabase) async throws -> T
        ) async throws -> T {
            if kind == .background { await backgroundTransactions.increment() }
            return try await base.transaction(kind, body)
        }

        func statement<T: Sendable>(
            _ kind: TransactionKind,
            _ body: (any SQLDatabase) async throws -> T
        ) async throws -> T {
            try await base.statement(kind, body)
        }
    }

    static func events(_ harness: BillingHarness) -> [Data] {
        (0..<6).map { index in
            var subscription = SubscriptionFixture(id: "sub_\(index % 3)", customer: "cus_\(index % 3)")
            subscription.cancelAtPeriodEnd = index >= 3
            return harness.factory.subscriptionEvent(
                id: "evt_\(index)",
                created: 1_780_000_000 + index,
                subscription: subscription
            )
        }
    }

    /// With intake always waiting and no slice, one batch commits after every unit (an event, or a chunk of one
    /// event when applying in batches) and carries the rest of its claim into the next transaction: every event is
    /// applied exactly once, to the same projection as one uninterrupted transaction gives.
    @Test(arguments: [true, false])
    func aBatchYieldsToWaitingIntakeAfterEachUnitAndStillAppliesAll(inBatches: Bool) async throws {
        let expected = try await TestDatabase.with(.sqlite) { database in
            let harness = try BillingHarness(database: database)
            for body in Self.events(harness) { try await harness.record(body) }
            let result = try await harness.processor().processBatch()
            #expect(result.processed == 6)
            return try await ProjectionDump.load(database)
        }
        try await TestDatabase.with(.sqlite) { base in
            let database = ContendedDatabase(base: base)
            let harness = try BillingHarness(database: database)
            for body in Self.events(harness) { try await harness.record(body) }
            var configuration = EventProcessorConfiguration(
                batchSize: 16,
                refetchPolicy: .never,
                writerSlice: .zero,
                appliesInBatches: inBatches
            )
            configuration.chunkSize = 1
            let processor = EventProcessor(
                database: database,
                configuration: configuration,
                fetcher: FailingObjectFetcher(),
                logger: TestDatabase.logger,
                hooks: harness.hooks,
                now: { BillingHarness.now }
            )
            let result = try await processor.processBatch()
            #expect(result.claimed == 6)
            #expect(result.processed == 6)
            #expect(await database.backgroundTransactions.value == 6)
            #expect(try await harness.events.counts().pending == 0)
            #expect(try await ProjectionDump.load(base) == expected)
            #expect(try await processor.processBatch().claimed == 0)
        }
    }

    /// While the database service runs, a second connection checkpoints the WAL in the background: the data reach
    /// the database file although the writer's own automatic checkpoint is pushed far out.
    @Test func theDatabaseServiceCheckpointsTheWALInTheBackground() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wal-\(UUID().uuidString).sqlite")
            .path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let opened = try await DatabaseConnector.open(
            DatabaseConfiguration(backend: .sqlite(.file(path))),
            logger: TestDatabase.logger
        )
        let database = opened.database
        try await Migrator().migrate(database, logger: TestDatabase.logger)
        let group = ServiceGroup(configuration: .init(services: [opened.service], logger: TestDatabase.logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            func fileSize() throws -> Int {
                (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            }
            // Let the service take over checkpoints, then write about 2 MB (under SQLite's default 1,000 pages, so
            // without the service nothing would be copied into the file yet).
            try await Task.sleep(for: .milliseconds(300))
            let before = try fileSize()
            let payload = String(repeating: "x", count: 4_000)
            for batch in 0..<10 {
                try await database.transaction { sql in
                    for index in 0..<50 {
                        try await sql.raw(
                            """
                            INSERT INTO stripe_events (id, type, created, livemode, payload, received_at)
                            VALUES (\(bind: "evt_\(batch)_\(index)"), 'test.event', 1, FALSE, \(bind: payload), 1)
                            """
                        ).run()
                    }
                }
            }
            // A per-connection setting: ask the writer, the connection that commits.
            let autocheckpoint = try await database.statement(.standard) { sql in
                try await sql.raw("PRAGMA wal_autocheckpoint").first()?.decode(
                    column: "wal_autocheckpoint",
                    as: Int.self
                )
            }
            var grown = false
            for _ in 0..<40 where !grown {
                try await Task.sleep(for: .milliseconds(100))
                grown = try fileSize() >= before + 1_500_000
            }
            #expect(autocheckpoint == 16_384)
            #expect(grown)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
