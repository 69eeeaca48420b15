import BillingTestSupport
import Configuration
import Foundation
import SQLKit
import Testing

@testable import BillingCore
@testable import BillingDatabase

/// Reads of a SQLite file run on read-only connections beside the writer, so they never wait behind a transaction.
@Suite struct SQLiteReadConnectionTests {
    enum ReadOutcome: Equatable, Sendable {
        case read(Int)
        case failed(String)
        case timedOut
    }

    /// Counts how many reads run at once, and the most that ever did.
    actor Concurrency {
        private(set) var running = 0
        private(set) var most = 0
        func enter() {
            running += 1
            most = max(most, running)
        }
        func leave() { running -= 1 }
    }

    static func insertSetting(_ key: String, on sql: any SQLDatabase) async throws {
        try await sql.raw("INSERT INTO billing_settings (key, value, updated_at) VALUES (\(bind: key), 'v', 1)").run()
    }

    static func settingCount(_ database: any BillingDatabase) async throws -> Int {
        try await database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM billing_settings").first()?.decode(column: "n", as: Int.self)
                ?? 0
        }
    }

    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("readers-\(UUID().uuidString).sqlite").path
    }

    /// Opens a migrated file database at `path` with `readConnections` read connections; closes it when migrating
    /// fails.
    static func openMigrated(_ path: String, readConnections: Int) async throws -> SQLiteBillingDatabase {
        let database = try await SQLiteBillingDatabase.open(
            .file(path),
            readConnections: readConnections,
            logger: TestDatabase.logger
        )
        do {
            try await Migrator().migrate(database, logger: TestDatabase.logger)
        } catch {
            try? await database.close()
            throw error
        }
        return database
    }

    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// With the single connection every read queued behind the open transaction until it committed; now the read
    /// answers at once, from the last commit (without the transaction's uncommitted row).
    @Test func aReadCompletesWhileATransactionHoldsTheWriter() async throws {
        try await TestDatabase.with(.sqlite, file: true) { database in
            let (holding, holdingContinuation) = AsyncStream<Void>.makeStream()
            let (release, releaseContinuation) = AsyncStream<Void>.makeStream()
            let outcome = try await withThrowingTaskGroup(of: Void.self) { writer in
                writer.addTask {
                    try await database.transaction { sql in
                        try await Self.insertSetting("held", on: sql)
                        holdingContinuation.finish()
                        for await _ in release {}
                    }
                }
                for await _ in holding {}
                let outcome = await withTaskGroup(of: ReadOutcome.self) { race in
                    race.addTask {
                        do {
                            return .read(try await Self.settingCount(database))
                        } catch {
                            return .failed("\(error)")
                        }
                    }
                    race.addTask {
                        try? await Task.sleep(for: .seconds(5))
                        return .timedOut
                    }
                    let first = await race.next() ?? .timedOut
                    // Whatever happened, let the transaction commit, so a read queued behind it can finish too.
                    releaseContinuation.finish()
                    race.cancelAll()
                    return first
                }
                try await writer.waitForAll()
                return outcome
            }
            #expect(outcome == .read(0))
            #expect(try await Self.settingCount(database) == 1)
        }
    }

    @Test func aWriteThroughReadThrowsAndChangesNothing() async throws {
        try await TestDatabase.with(.sqlite, file: true) { database in
            let error = await #expect(throws: (any Error).self) {
                try await database.read { sql in try await Self.insertSetting("sneaky", on: sql) }
            }
            #expect(String(describing: error).contains("readonly"))
            await #expect(throws: (any Error).self) {
                try await database.read { sql in try await sql.raw("DELETE FROM billing_settings").run() }
            }
            let written = try await database.transaction { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM billing_settings").first()?.decode(
                    column: "n",
                    as: Int.self
                )
            }
            #expect(written == 0)
            // The connection that refused the write still serves reads.
            #expect(try await Self.settingCount(database) == 0)
        }
    }

    @Test(arguments: [TransactionKind.standard, .urgent, .background])
    func aReadSeesEachCommitRightAfterIt(kind: TransactionKind) async throws {
        try await TestDatabase.with(.sqlite, file: true) { database in
            for index in 0..<20 {
                if index.isMultiple(of: 2) {
                    try await database.transaction(kind) { sql in try await Self.insertSetting("t\(index)", on: sql) }
                } else {
                    try await database.statement(kind) { sql in try await Self.insertSetting("s\(index)", on: sql) }
                }
                #expect(try await Self.settingCount(database) == index + 1)
            }
        }
    }

    /// Each read connection serves one read at a time; reads beyond them wait for one and then all complete.
    @Test func moreReadsThanConnectionsTakeTurnsAndAllComplete() async throws {
        let path = Self.temporaryPath()
        defer { Self.remove(path) }
        let database = try await Self.openMigrated(path, readConnections: 2)
        do {
            try await database.transaction { sql in try await Self.insertSetting("one", on: sql) }
            let concurrency = Concurrency()
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<10 {
                    group.addTask {
                        try await database.read { sql in
                            await concurrency.enter()
                            try await Task.sleep(for: .milliseconds(20))
                            let count = try await sql.raw("SELECT COUNT(*) AS n FROM billing_settings").first()?
                                .decode(column: "n", as: Int.self)
                            await concurrency.leave()
                            return count ?? -1
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(counts == Array(repeating: 1, count: 10))
            #expect(await concurrency.most == 2)
            try await database.close()
        } catch {
            try? await database.close()
            throw error
        }
    }

    /// Closing closes every read connection exactly once (also from a cancelled task, and when called again), and
    /// the writer last: as the last connection it folds the WAL into the file and removes it.
    @Test func closeClosesTheReadConnectionsOnceAndLaterReadsThrow() async throws {
        let path = Self.temporaryPath()
        defer { Self.remove(path) }
        let database = try await Self.openMigrated(path, readConnections: 3)
        try await database.transaction { sql in try await Self.insertSetting("kept", on: sql) }
        #expect(try await Self.settingCount(database) == 1)
        #expect(await database.openReadConnections == 3)
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))

        let cancelled = Task {
            try? await Task.sleep(for: .seconds(60))  // returns as soon as the task is cancelled
            try await database.close()
        }
        cancelled.cancel()
        async let other: Void = database.close()
        try await cancelled.value
        try await other
        try await database.close()

        #expect(await database.openReadConnections == 0)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        await #expect(throws: SQLiteClosedError.self) { try await Self.settingCount(database) }

        let reopened = try await SQLiteBillingDatabase.open(.file(path), logger: TestDatabase.logger)
        #expect(try await Self.settingCount(reopened) == 1)
        try await reopened.close()
    }

    /// A read waiting for a connection when the database closes is refused instead of waiting forever; the running
    /// read finishes first, then its connection closes.
    @Test func closeWaitsForRunningReadsAndRefusesWaitingOnes() async throws {
        let path = Self.temporaryPath()
        defer { Self.remove(path) }
        let database = try await Self.openMigrated(path, readConnections: 1)
        let (reading, readingContinuation) = AsyncStream<Void>.makeStream()
        let (release, releaseContinuation) = AsyncStream<Void>.makeStream()
        let running = Task {
            try await database.read { sql in
                readingContinuation.finish()
                for await _ in release {}
                return try await sql.raw("SELECT COUNT(*) AS n FROM billing_settings").first()?.decode(
                    column: "n",
                    as: Int.self
                )
            }
        }
        for await _ in reading {}
        let waiting = Task { try await Self.settingCount(database) }
        // The waiting read queues for the only connection before the close starts.
        while await database.readersWaiting == 0 { try await Task.sleep(for: .milliseconds(5)) }
        let closing = Task { try await database.close() }
        await #expect(throws: SQLiteClosedError.self) { try await waiting.value }
        #expect(await database.openReadConnections == 1)
        releaseContinuation.finish()
        #expect(try await running.value == 0)
        try await closing.value
        #expect(await database.openReadConnections == 0)
    }

    @Test func theReadPoolSizeIsConfigured() throws {
        func configuration(_ values: [AbsoluteConfigKey: ConfigValue]) throws -> DatabaseConfiguration {
            try DatabaseConfiguration(
                reader: ConfigReader(provider: InMemoryProvider(values: values)).scoped(to: "database")
            )
        }

        #expect(try configuration([:]).sqliteReadConnections == 2)
        #expect(try configuration(["database.sqliteReadConnections": 0]).sqliteReadConnections == 0)
        #expect(try configuration(["database.sqliteReadConnections": 6]).sqliteReadConnections == 6)
        let error = #expect(throws: DatabaseConfigurationError.invalidReadConnections) {
            try configuration(["database.sqliteReadConnections": -1])
        }
        #expect(error?.environmentVariable == "DATABASE_SQLITE_READ_CONNECTIONS")
        #expect(throws: DatabaseConfigurationError.invalidReadConnections) {
            try configuration(["database.sqliteReadConnections": 65])
        }
    }

    /// An in-memory database cannot be shared between connections, so its reads stay on the writer and see its
    /// tables.
    @Test func anInMemoryDatabaseReadsOnTheWriter() async throws {
        try await TestDatabase.with(.sqlite) { database in
            try await database.transaction { sql in try await Self.insertSetting("one", on: sql) }
            #expect(try await Self.settingCount(database) == 1)
        }
    }
}
