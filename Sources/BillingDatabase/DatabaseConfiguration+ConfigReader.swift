public import Configuration

extension DatabaseConfiguration {
    /// Reads the database configuration from a reader scoped to `database`.
    ///
    /// Keys (environment variable in brackets):
    /// - `url` (`DATABASE_URL`), string, secret (it may hold a password), default `sqlite:./var/billing.sqlite`:
    ///   `sqlite::memory:`, `sqlite:<path>` or `postgres://user:password@host:port/db[?sslmode=…&schema=…]`.
    /// - `sqliteSynchronous` (`DATABASE_SQLITE_SYNCHRONOUS`), string, default `full`: `full` fsyncs every commit
    ///   (survives power loss); `normal` survives an app crash only, and commits faster.
    /// - `sqliteReadConnections` (`DATABASE_SQLITE_READ_CONNECTIONS`), int, default 2, 0 to 64: read-only
    ///   connections that serve reads of a SQLite file (billing pages, access checks) so they never wait behind the
    ///   writer; each runs one read at a time. 0 runs reads on the writer. Ignored for `sqlite::memory:`.
    /// - `connectTimeoutSeconds` (`DATABASE_CONNECT_TIMEOUT_SECONDS`), double, default 10: how long start-up waits
    ///   for PostgreSQL to accept a connection before it fails naming the host and port.
    ///
    /// - Parameter reader: a reader scoped to `database` (`reader.scoped(to: "database")`).
    /// - Throws: ``DatabaseConfigurationError`` for an unusable value.
    public init(reader: ConfigReader) throws {
        let url = reader.string(forKey: "url", isSecret: true, default: DatabaseConfiguration.defaultURL)
        let synchronousName = reader.string(forKey: "sqliteSynchronous", default: "full")
        guard let synchronous = SQLiteBillingDatabase.Synchronous(rawValue: synchronousName.lowercased()) else {
            throw DatabaseConfigurationError.invalidSynchronous
        }
        let readConnections = reader.int(
            forKey: "sqliteReadConnections",
            default: DatabaseConfiguration.defaultSQLiteReadConnections
        )
        guard (0...DatabaseConfiguration.maximumSQLiteReadConnections).contains(readConnections) else {
            throw DatabaseConfigurationError.invalidReadConnections
        }
        let timeout = reader.double(forKey: "connectTimeoutSeconds", default: 10)
        guard timeout > 0, timeout.isFinite else { throw DatabaseConfigurationError.invalidConnectTimeout }
        try self.init(
            url: url,
            sqliteSynchronous: synchronous,
            sqliteReadConnections: readConnections,
            connectTimeout: .milliseconds(Int64(timeout * 1000))
        )
    }
}
