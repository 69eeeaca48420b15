import BillingCLI
import BillingCore
import BillingDatabase
import BillingTestSupport
import Foundation
import SQLKit
import Testing

@Suite struct StatusCommandTests {
    /// Seeds one processed, one pending, one failing and one parked event and a win-back trigger.
    func seed(_ context: OperatorTestContext, now: Int64) async throws {
        let configuration = try DatabaseConfiguration(url: context.databaseURL)
        try await DatabaseConnector.withDatabase(configuration, logger: TestDatabase.logger) { database in
            try await Migrator().migrate(database, logger: TestDatabase.logger)
            try await database.transaction { sql in
                func insert(_ id: String, receivedAt: Int64, processedAt: Int64?, attempts: Int, next: Int64)
                    async throws
                {
                    try await sql.raw(
                        """
                        INSERT INTO stripe_events (id, type, created, livemode, payload, received_at, processed_at, \
                        attempts, next_attempt_at) VALUES (\(bind: id), 'customer.created', 1700000000, \
                        \(bind: false), '{}', \(bind: receivedAt), \(bind: processedAt), \(bind: attempts), \
                        \(bind: next))
                        """
                    ).run()
                }
                try await insert(
                    "evt_done",
                    receivedAt: now - 600_000,
                    processedAt: now - 598_500,
                    attempts: 0,
                    next: 0
                )
                try await insert("evt_pending", receivedAt: now - 90_000, processedAt: nil, attempts: 0, next: 0)
                try await insert("evt_failing", receivedAt: now - 30_000, processedAt: nil, attempts: 2, next: now)
                try await insert(
                    "evt_parked",
                    receivedAt: now - 7_200_000,
                    processedAt: nil,
                    attempts: 10,
                    next: Int64.max / 2
                )
                try await OutboxStore.enqueue(
                    [OutboxMessage.subscriptionCanceled(subscription: "sub_1", customer: "cus_1")],
                    sourceEventID: nil,
                    now: now,
                    on: sql
                )
            }
        }
    }

    @Test func printsOneScreenFromASeededDatabase() async throws {
        let context = try OperatorTestContext(emulator: nil)
        defer { context.remove() }
        try await seed(context, now: Int64(Date().timeIntervalSince1970 * 1000))

        try await context.run(["status"])

        let text = context.output.text
        #expect(text.contains("database:   reachable (sqlite)"))
        #expect(text.contains("migrations: \(BillingMigrations.all.count) applied, 0 pending"))
        #expect(text.contains("events:     4 total, 3 pending, 1 failing, 1 parked"))
        // The parked event is older, but it waits for an operator, not for the processor.
        // Seeded 90 s before the seed's `now`; the command reads the clock later, by however long a busy machine took.
        let oldest = try #require(text.firstMatch(of: /oldest pending: (\d+)m (\d+)s/))
        #expect((90...600).contains(Int(oldest.1)! * 60 + Int(oldest.2)!))
        #expect(text.contains("lag (last 1): p50 1.5s, p95 1.5s, max 1.5s"))
        #expect(text.contains("outbox subscription.canceled: 1 pending, 0 failing, 0 failed"))
        #expect(text.contains("hooks:      0 failing, 0 failed"))
    }

    @Test func saysWhatIsMissingOnAnUnmigratedDatabaseAndChangesNothing() async throws {
        let context = try OperatorTestContext(emulator: nil)
        defer { context.remove() }

        try await context.run(["status"])

        let text = context.output.text
        #expect(text.contains("migrations: 0 applied, \(BillingMigrations.all.count) pending (run billing migrate)"))
        #expect(text.contains("events:     unavailable (run billing migrate)"))
        let configuration = try DatabaseConfiguration(url: context.databaseURL)
        let applied = try await DatabaseConnector.withDatabase(configuration, logger: TestDatabase.logger) {
            try? await Migrator().appliedMigrations($0)
        }
        #expect(applied == nil, "status must not create the schema")
    }

    @Test func formatsAgesForPeople() {
        #expect(StatusCommand.age(milliseconds: 850) == "850ms")
        #expect(StatusCommand.age(milliseconds: 12_345) == "12.3s")
        #expect(StatusCommand.age(milliseconds: 245_000) == "4m 05s")
        #expect(StatusCommand.age(milliseconds: 12_000_000) == "3h 20m")
    }
}
