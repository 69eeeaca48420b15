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
        private let closeDatabase: @Sendable () async throws -> Void

        init(database: any BillingDatabase, service: any Service, close: @escaping @Sendable () async throws -> Void) {
            self.database = database
            self.service = service
            self.closeDatabase = close
        }

        /// Closes what ``DatabaseConnector/open(_:logger:)`` opened, for a host that fails to start after opening
        /// and will never run ``service``.
        ///
        /// Closes the SQLite connections (safe to call more than once, and a no-op once ``service`` has closed
        /// them). A PostgreSQL pool holds connections only while ``service`` runs, so there is nothing to close;
        /// once it runs, stop it through its `ServiceGroup` instead.
        public func close() async throws {
            try await closeDatabase()
        }
    }

    /// Opens a database for a long-running process; the caller runs ``Opened/service``, or calls
    /// ``Opened/close()`` when it gives up before running it.
    /// - Throws: ``DatabaseConfigurationError`` when SQLite cannot create or open the file or the PostgreSQL
    ///   configuration is invalid; nothing stays open after a throw.
    public static func open(_ configuration: DatabaseConfiguration, logger: Logger) async throws -> Opened {
        switch configuration.backend {
        case .sqlite(let location):
            let database = try await SQLiteBillingDatabase.open(
                location,
                synchronous: configuration.sqliteSynchronous,
                readConnections: configuration.sqliteReadConnections,
                logger: logger
            )
            return Opened(
                database: database,
                service: SQLiteService(database: database, logger: logger),
                close: { try await database.close() }
            )
        case .postgres(let endpoint):
            let client = try PostgresBillingDatabase.makeClient(
                for: endpoint,
                connectTimeout: configuration.connectTimeout,
                logger: logger
            )
            return Opened(
                database: PostgresBillingDatabase(client: client, logger: logger),
                service: client,
                close: {}
            )
        }
    }

    /// Runs startup work (migrations, reading settings) on an opened database before its service runs.
    ///
    /// A PostgreSQL pool only hands out connections once ``Opened/service`` runs, which for an application is after
    /// it has been built, so startup work waiting on it would wait forever; PostgreSQL therefore gets a short-lived
    /// pool of its own here, which first waits at most ``DatabaseConfiguration/connectTimeout`` for the server.
    /// SQLite needs no service and uses the opened database (which may be in memory).
    ///
    /// - Throws: what `body` threw, or ``DatabaseConfigurationError/unreachable`` naming the PostgreSQL host and
    ///   port. `opened` is closed before the error is thrown, so a host that gives up has nothing left open.
    public static func beforeServices<T: Sendable>(
        _ opened: Opened,
        configuration: DatabaseConfiguration,
        logger: Logger,
        _ body: (any BillingDatabase) async throws -> T
    ) async throws -> T {
        do {
            switch configuration.backend {
            case .sqlite: return try await body(opened.database)
            case .postgres: return try await withDatabase(configuration, logger: logger, body)
            }
        } catch {
            try? await opened.close()
            throw error
        }
    }

    /// Opens a database, runs `body` with it, and closes it (for commands and tests).
    ///
    /// PostgreSQL must accept a connection within ``DatabaseConfiguration/connectTimeout`` before `body` runs.
    /// - Returns: what `body` returned.
    /// - Throws: ``DatabaseConfigurationError`` when the database cannot be opened or reached, or what `body` threw;
    ///   the database is closed either way.
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
                readConnections: configuration.sqliteReadConnections,
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
            // The pool logs every failed connection attempt at `info`; while start-up waits for the server,
            // `waitUntilReachable` reports the outcome as one error, so those lines only show when debugging.
            var poolLogger = logger
            if poolLogger.logLevel > .debug { poolLogger.logLevel = max(poolLogger.logLevel, .warning) }
            let client = try PostgresBillingDatabase.makeClient(
                for: endpoint,
                connectTimeout: configuration.connectTimeout,
                logger: poolLogger
            )
            return try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await client.run() }
                defer { group.cancelAll() }
                try await PostgresBillingDatabase.waitUntilReachable(
                    client,
                    endpoint: endpoint,
                    timeout: configuration.connectTimeout,
                    logger: logger
                )
                return try await body(PostgresBillingDatabase(client: client, logger: logger))
            }
        }
    }
}
