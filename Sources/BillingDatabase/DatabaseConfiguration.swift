import Foundation

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
    /// How many read-only connections serve reads of a SQLite file by default.
    public static let defaultSQLiteReadConnections = 2
    /// The most read connections ``sqliteReadConnections`` accepts.
    public static let maximumSQLiteReadConnections = 64

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
    /// How many read-only connections serve reads of a SQLite file, so reads never wait behind the writer; 0 runs
    /// them on the writer (ignored for an in-memory database and for PostgreSQL).
    public var sqliteReadConnections: Int
    /// How long start-up waits for PostgreSQL to accept a connection before it gives up (ignored for SQLite).
    public var connectTimeout: Duration

    /// Creates a configuration for a backend.
    /// - Parameters:
    ///   - backend: the backend and its location.
    ///   - sqliteSynchronous: SQLite commit durability.
    ///   - sqliteReadConnections: read-only connections for reads of a SQLite file; 0 reads on the writer.
    ///   - connectTimeout: how long to wait for PostgreSQL to accept a connection.
    public init(
        backend: Backend,
        sqliteSynchronous: SQLiteBillingDatabase.Synchronous = .full,
        sqliteReadConnections: Int = DatabaseConfiguration.defaultSQLiteReadConnections,
        connectTimeout: Duration = .seconds(10)
    ) {
        self.backend = backend
        self.sqliteSynchronous = sqliteSynchronous
        self.sqliteReadConnections = sqliteReadConnections
        self.connectTimeout = connectTimeout
    }

    /// Parses a `database.url`.
    /// - Throws: ``DatabaseConfigurationError`` for an unsupported scheme or a URL without a host.
    public init(
        url: String,
        sqliteSynchronous: SQLiteBillingDatabase.Synchronous = .full,
        sqliteReadConnections: Int = DatabaseConfiguration.defaultSQLiteReadConnections,
        connectTimeout: Duration = .seconds(10)
    ) throws {
        self.sqliteSynchronous = sqliteSynchronous
        self.sqliteReadConnections = sqliteReadConnections
        self.connectTimeout = connectTimeout
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

/// Why a database configuration was rejected, or why the database it names could not be opened.
///
/// The description is one line naming the environment variable, the key, the problem and the fix, in the format of
/// StripeAPI's `ConfigurationError` (BillingDatabase does not depend on the Stripe client, so it has its own type).
/// It never contains the password of a PostgreSQL URL; errors compare equal by kind only.
public struct DatabaseConfigurationError: Error, Equatable, CustomStringConvertible, Sendable {
    private enum Code: Sendable {
        case unsupportedURL
        case missingHost
        case invalidSchema
        case invalidSynchronous
        case invalidReadConnections
        case invalidConnectTimeout
        case unusablePath
        case unreachable
    }

    private let code: Code
    /// The dotted configuration key, such as `database.url`.
    public let key: String
    /// What is wrong, in words.
    public let problem: String
    /// How to fix it.
    public let fix: String

    private init(_ code: Code, key: String = "database.url", problem: String, fix: String) {
        self.code = code
        self.key = key
        self.problem = problem
        self.fix = fix
    }

    private static let urlForms = "sqlite:<path>, sqlite::memory: or postgres://user:password@host:5432/database"

    /// The URL scheme is neither SQLite nor PostgreSQL.
    public static var unsupportedURL: Self {
        Self(.unsupportedURL, problem: "the scheme is neither sqlite: nor postgres://", fix: "use \(urlForms)")
    }
    /// A PostgreSQL URL without a host.
    public static var missingHost: Self {
        Self(.missingHost, problem: "a postgres:// URL needs a host", fix: "use \(urlForms)")
    }
    /// The `schema` query item is not a plain identifier.
    public static var invalidSchema: Self {
        Self(
            .invalidSchema,
            problem: "the schema query item may contain only letters, digits and underscores",
            fix: "use a plain name such as ?schema=billing"
        )
    }
    /// `database.sqliteSynchronous` has an unknown value.
    public static var invalidSynchronous: Self {
        Self(.invalidSynchronous, key: "database.sqliteSynchronous", problem: "unknown mode", fix: "use full or normal")
    }
    /// `database.sqliteReadConnections` is negative or above ``DatabaseConfiguration/maximumSQLiteReadConnections``.
    public static var invalidReadConnections: Self {
        Self(
            .invalidReadConnections,
            key: "database.sqliteReadConnections",
            problem: "must be a whole number from 0 to \(DatabaseConfiguration.maximumSQLiteReadConnections)",
            fix: "leave it unset for \(DatabaseConfiguration.defaultSQLiteReadConnections), or 0 to read on the writer"
        )
    }
    /// `database.connectTimeoutSeconds` is not a positive number.
    public static var invalidConnectTimeout: Self {
        Self(
            .invalidConnectTimeout,
            key: "database.connectTimeoutSeconds",
            problem: "must be a positive number of seconds",
            fix: "leave it unset for 10 s"
        )
    }
    /// The SQLite file or its directory cannot be created or opened.
    public static var unusablePath: Self { unusablePath("the SQLite file cannot be opened") }
    /// PostgreSQL did not accept a connection within the connect timeout.
    public static var unreachable: Self { unreachable("PostgreSQL did not accept a connection") }

    static func unusablePath(_ problem: String) -> Self {
        Self(
            .unusablePath,
            problem: problem,
            fix: "point it at a file in a writable directory, such as sqlite:./var/billing.sqlite"
        )
    }

    static func unreachable(_ problem: String) -> Self {
        Self(
            .unreachable,
            problem: problem,
            fix: "check that the server is running and reachable, or raise DATABASE_CONNECT_TIMEOUT_SECONDS"
        )
    }

    /// The environment variable that sets ``key``, such as `DATABASE_URL`.
    public var environmentVariable: String {
        var name = ""
        var previous: Character?
        for character in key {
            // swift-configuration's rule: a word boundary before a capital that follows a lowercase letter.
            if let previous, previous.isLowercase, character.isUppercase { name.append("_") }
            name += character.isLetter || character.isNumber ? character.uppercased() : "_"
            previous = character
        }
        return name
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    public var description: String { "\(environmentVariable) (\(key)): \(problem); \(fix)" }
}
