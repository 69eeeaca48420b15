public import Logging
public import SQLKit

/// A ``BillingDatabase`` on a PostgreSQL database the host application already runs, such as a Vapor app's Fluent
/// database (`app.db as? any SQLDatabase`), so billing and the app share one connection pool.
///
/// The host owns the pool: it starts it, runs it and closes it; billing only leases connections. Billing's tables
/// live next to the host's, in the schema the host's connections use, and are created by running
/// `BillingMigrations` at the host's startup.
///
/// A transaction leases one connection for its whole length (SQLKit's `withSession`) and brackets the work with
/// `BEGIN` and `COMMIT`, or `ROLLBACK` when it throws; reads and single statements run on any pooled connection, in
/// autocommit.
public struct SharedPostgresBillingDatabase: BillingDatabase {
    private let database: any SQLDatabase
    private let logger: Logger

    public var dialect: DatabaseDialect { .postgresql }

    /// Wraps the host's database.
    /// - Parameters:
    ///   - database: a pooled PostgreSQL `SQLDatabase`; with Fluent, `app.db as? any SQLDatabase`.
    ///   - logger: where transaction failures are logged.
    /// - Throws: ``DatabaseConfigurationError/unsupportedURL`` when `database` does not speak PostgreSQL.
    public init(_ database: any SQLDatabase, logger: Logger) throws {
        guard database.dialect.name == "postgresql" else { throw DatabaseConfigurationError.unsupportedURL }
        self.database = database
        self.logger = logger
    }

    public func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await body(database)
    }

    public func statement<T: Sendable>(
        _ kind: TransactionKind,
        _ body: (any SQLDatabase) async throws -> T
    ) async throws -> T {
        // Outside `BEGIN` each statement commits on its own (autocommit).
        try await body(database)
    }

    public func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await withSession { session in
            try await session.raw("BEGIN").run()
            let result: T
            do {
                result = try await body(session)
            } catch {
                do {
                    try await session.raw("ROLLBACK").run()
                } catch let rollbackError {
                    logger.error("could not roll back a billing transaction", metadata: ["error": "\(rollbackError)"])
                }
                throw error
            }
            try await session.raw("COMMIT").run()
            return result
        }
    }

    /// Runs `body` on one leased connection.
    ///
    /// SQLKit hands the session only to an escaping, `Sendable` closure, while the protocol's bodies are neither; so
    /// the lease is held by a child task that passes the session out and keeps the connection until `body` is done.
    /// The session never outlives the lease: `body` finishes before the child task is released.
    private func withSession<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let (sessions, handOff) = AsyncStream.makeStream(of: (any SQLDatabase).self)
        let (releases, release) = AsyncStream.makeStream(of: Void.self)
        let database = self.database
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { handOff.finish() }
                try await database.withSession { session in
                    handOff.yield(session)
                    handOff.finish()
                    for await _ in releases {}
                }
            }
            var leased = sessions.makeAsyncIterator()
            guard let session = await leased.next() else {
                // The lease failed before it started; the child task's error says why.
                release.finish()
                try await group.waitForAll()
                throw DatabaseConfigurationError.unreachable
            }
            let result: T
            do {
                result = try await body(session)
            } catch {
                release.finish()
                try? await group.waitForAll()
                throw error
            }
            release.finish()
            try await group.waitForAll()
            return result
        }
    }
}
