public import Foundation

/// Where the billing tables live, parsed from a `database.url`.
///
/// Accepted forms:
/// - `sqlite::memory:`: a private in-memory SQLite database (tests).
/// - `sqlite:./var/billing.sqlite`, `sqlite:/abs/path.sqlite`, `sqlite:///abs/path.sqlite`: a SQLite file (WAL).
/// - `postgres://user:password@host:5432/database` (or `postgresql://`), with optional query items
///   `sslmode=disable|prefer|require` (default `prefer`) and `schema=name` (sets `search_path`).
public struct DatabaseConfiguration: Sendable, Equatable {
    /// The default URL: a SQLite file under `./var/`.
    public static let defaultURL = "sqlite:./var/billing.sqlite"

    /// A SQLite database location.
    public enum SQLiteLocation: Sendable, Equatable {
        /// A private in-memory database, gone when closed.
        case memory
        /// A file path (its directory is created if missing).
        case file(String)
    }

    /// How to reach PostgreSQL.
    public struct PostgresEndpoint: Sendable, Equatable {
        /// The host name or address.
        public var host: String
        /// The TCP port.
        public var port: Int
        /// The role to log in as.
        public var username: String
        /// The password; never logged.
        public var password: String?
        /// The database name.
        public var database: String?
        /// `disable`, `prefer` or `require`.
        public var sslMode: String
        /// The schema to put first on the `search_path`, or nil for the server's default.
        public var schema: String?
        /// The most connections the pool opens.
        public var maximumConnections: Int

        /// Creates an endpoint.
        public init(
            host: String,
            port: Int = 5432,
            username: String,
            password: String? = nil,
            database: String? = nil,
            sslMode: String = "prefer",
            schema: String? = nil,
            maximumConnections: Int = 20
        ) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.database = database
            self.sslMode = sslMode
            self.schema = schema
            self.maximumConnections = maximumConnections
        }
    }

    /// The backend and its location.
    public enum Backend: Sendable, Equatable {
        /// SQLite at a location.
        case sqlite(SQLiteLocation)
        /// PostgreSQL at an endpoint.
        case postgres(PostgresEndpoint)
    }

    /// The backend to open.
    public var backend: Backend
    /// SQLite commit durability (ignored for PostgreSQL).
    public var sqliteSynchronous: SQLiteBillingDatabase.Synchronous

    /// Creates a configuration for a backend.
    public init(backend: Backend, sqliteSynchronous: SQLiteBillingDatabase.Synchronous = .full) {
        self.backend = backend
        self.sqliteSynchronous = sqliteSynchronous
    }

    /// Parses a `database.url`.
    /// - Throws: ``DatabaseConfigurationError`` for an unsupported scheme or a URL without a host.
    public init(url: String, sqliteSynchronous: SQLiteBillingDatabase.Synchronous = .full) throws {
        self.sqliteSynchronous = sqliteSynchronous
        if url.hasPrefix("sqlite:") {
            var path = String(url.dropFirst("sqlite:".count))
            if path == ":memory:" || path == "memory" || path.isEmpty {
                backend = .sqlite(.memory)
                return
            }
            if path.hasPrefix("//") { path.removeFirst(2) }
            backend = .sqlite(.file(path))
            return
        }
        guard let components = URLComponents(string: url),
            let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme)
        else {
            throw DatabaseConfigurationError.unsupportedURL
        }
        guard let host = components.host, !host.isEmpty else { throw DatabaseConfigurationError.missingHost }
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") },
            uniquingKeysWith: { _, last in last }
        )
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        backend = .postgres(
            PostgresEndpoint(
                host: host,
                port: components.port ?? 5432,
                username: components.user?.removingPercentEncoding ?? "postgres",
                password: components.password?.removingPercentEncoding,
                database: database.isEmpty ? nil : database,
                sslMode: query["sslmode"] ?? "prefer",
                schema: query["schema"].flatMap { $0.isEmpty ? nil : $0 },
                maximumConnections: query["pool_max"].flatMap(Int.init) ?? 20
            )
        )
    }
}

/// Why a database configuration was rejected. The description never contains the password.
public struct DatabaseConfigurationError: Error, Equatable, CustomStringConvertible, Sendable {
    private enum Code: String, Sendable {
        case unsupportedURL = "database.url must start with sqlite: or postgres://"
        case missingHost = "a postgres:// database.url needs a host"
        case invalidSchema = "the schema name may contain only letters, digits and underscores"
        case invalidSynchronous = "database.sqliteSynchronous must be full or normal"
    }

    private let code: Code
    private init(_ code: Code) { self.code = code }

    /// The URL scheme is neither SQLite nor PostgreSQL.
    public static var unsupportedURL: Self { Self(.unsupportedURL) }
    /// A PostgreSQL URL without a host.
    public static var missingHost: Self { Self(.missingHost) }
    /// The `schema` query item is not a plain identifier.
    public static var invalidSchema: Self { Self(.invalidSchema) }
    /// `database.sqliteSynchronous` has an unknown value.
    public static var invalidSynchronous: Self { Self(.invalidSynchronous) }

    public var description: String { code.rawValue }
}
