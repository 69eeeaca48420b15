public import Logging
import PostgresNIO
public import ServiceLifecycle

/// Opens the ``BillingDatabase`` a ``DatabaseConfiguration`` names.
public enum DatabaseConnector {
    /// An opened database and the service that keeps it alive.
    public struct Opened: Sendable {
        /// The database to hand to stores.
        public let database: any BillingDatabase
        /// Run this in your `ServiceGroup` (the PostgreSQL pool; for SQLite, a service that closes the file on
        /// shutdown).
        public let service: any Service
    }

    /// Opens a database for a long-running process; the caller runs ``Opened/service``.
    /// - Throws: when SQLite cannot open the file or the PostgreSQL configuration is invalid.
    public static func open(_ configuration: DatabaseConfiguration, logger: Logger) async throws -> Opened {
        switch configuration.backend {
        case .sqlite(let location):
            let database = try await SQLiteBillingDatabase.open(
                location,
                synchronous: configuration.sqliteSynchronous,
                logger: logger
            )
            return Opened(database: database, service: SQLiteService(database: database, logger: logger))
        case .postgres(let endpoint):
            let client = try PostgresBillingDatabase.makeClient(for: endpoint, logger: logger)
            return Opened(database: PostgresBillingDatabase(client: client, logger: logger), service: client)
        }
    }

    /// Runs startup work (migrations, reading settings) on an opened database before its service runs.
    ///
    /// A PostgreSQL pool only hands out connections once ``Opened/service`` runs, which for an application is after
    /// it has been built, so startup work waiting on it would wait forever; PostgreSQL therefore gets a short-lived
    /// pool of its own here. SQLite needs no service and uses the opened database (which may be in memory).
    public static func beforeServices<T: Sendable>(
        _ opened: Opened,
        configuration: DatabaseConfiguration,
        logger: Logger,
        _ body: (any BillingDatabase) async throws -> T
    ) async throws -> T {
        switch configuration.backend {
        case .sqlite: try await body(opened.database)
        case .postgres: try await withDatabase(configuration, logger: logger, body)
        }
    }

    /// Opens a database, runs `body` with it, and closes it (for commands and tests).
    /// - Returns: what `body` returned.
    public static func withDatabase<T: Sendable>(
        _ configuration: DatabaseConfiguration,
        logger: Logger,
        _ body: (any BillingDatabase) async throws -> T
    ) async throws -> T {
        switch configuration.backend {
        case .sqlite(let location):
            let database = try await SQLiteBillingDatabase.open(
                location,
                synchronous: configuration.sqliteSynchronous,
                logger: logger
            )
            do {
                let result = try await body(database)
                try await database.close()
                return result
            } catch {
                try? await database.close()
                throw error
            }
        case .postgres(let endpoint):
            let client = try PostgresBillingDatabase.makeClient(for: endpoint, logger: logger)
            return try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await client.run() }
                defer { group.cancelAll() }
                return try await body(PostgresBillingDatabase(client: client, logger: logger))
            }
        }
    }
}
