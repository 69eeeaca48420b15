public import SQLKit

/// A SQL database the billing library reads and writes, on SQLite or PostgreSQL.
///
/// Everything above this protocol speaks SQLKit only. The two operations are the whole contract:
/// ``read(_:)`` for queries that need no atomicity, and ``transaction(_:)`` for "run this closure in one
/// transaction on one connection". On SQLite transactions run on a single serialized connection (one writer) and
/// reads of a file on read-only connections beside it; on PostgreSQL both lease a connection from a pooled
/// `PostgresClient`.
public protocol BillingDatabase: Sendable {
    /// Which SQL dialect the database speaks; branch on it only in ``DatabaseDialect``'s helpers.
    var dialect: DatabaseDialect { get }

    /// Runs `body` with a connection outside any explicit transaction.
    ///
    /// It may run on another connection than the transactions, so it sees what they committed and must not write.
    /// - Parameter body: the work: queries only; it must not start its own transaction.
    /// - Returns: what `body` returned.
    func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T

    /// Runs `body` in one transaction on one connection; commits when it returns, rolls back when it throws.
    /// - Parameter body: the work; every statement it runs through the given database is part of the transaction.
    /// - Returns: what `body` returned, after the commit succeeded.
    /// - Throws: what `body` threw (after the rollback), or the database's error.
    func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T

    /// Runs `body` in one transaction like ``transaction(_:)``, scheduled and synced per `kind`.
    func transaction<T: Sendable>(
        _ kind: TransactionKind,
        _ body: (any SQLDatabase) async throws -> T
    ) async throws -> T

    /// Runs `body`, which must run exactly one statement, as that statement's own implicit transaction, scheduled
    /// and synced per `kind`.
    ///
    /// A single statement is atomic on both backends, so this skips the `BEGIN` and `COMMIT` round trips of
    /// ``transaction(_:_:)``; on the webhook intake path those were two of its three statements.
    func statement<T: Sendable>(
        _ kind: TransactionKind,
        _ body: (any SQLDatabase) async throws -> T
    ) async throws -> T

    /// Whether ``TransactionKind/urgent`` transactions are queued behind the one running now.
    ///
    /// A long ``TransactionKind/background`` transaction checks it between units of work and commits early, so an
    /// urgent one (webhook intake) waits for one unit rather than a whole batch.
    var hasWaitingUrgentTransactions: Bool { get async }
}

/// How a transaction is scheduled and made durable where the backend lets us choose (SQLite).
public enum TransactionKind: Sendable, Equatable {
    /// In arrival order, durable at commit.
    case standard
    /// Short and latency-critical (webhook intake): started before queued standard and background transactions,
    /// durable at commit.
    case urgent
    /// Background work (event processing): durable at the next durable commit rather than at its own.
    ///
    /// With SQLite in WAL mode the commit is written without its own fsync; a power loss may drop the last
    /// background commits, but always whole transactions in order, and never after a later durable commit. For
    /// work that is safely repeatable, such as applying an event and marking it processed together, that costs
    /// nothing and keeps fsyncs off the intake path.
    case background
}

extension BillingDatabase {
    /// Backends without a transaction queue or a sync setting run every kind like ``transaction(_:)``.
    public func transaction<T: Sendable>(
        _ kind: TransactionKind,
        _ body: (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await transaction(body)
    }

    /// Backends without a cheaper single-statement path run it as a transaction.
    public func statement<T: Sendable>(
        _ kind: TransactionKind,
        _ body: (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await transaction(kind, body)
    }

    /// Backends whose transactions do not queue behind each other never have urgent ones waiting.
    public var hasWaitingUrgentTransactions: Bool {
        get async { false }
    }
}

/// The SQL dialects the billing library supports, and the few statements that differ between them.
///
/// Keeping every dialect difference here means the stores, migrations and processors are one code path.
public enum DatabaseDialect: String, Sendable, Hashable {
    /// SQLite 3 (through SQLiteKit): one writer, WAL.
    case sqlite
    /// PostgreSQL 13 or later (through PostgresKit and `PostgresClient`).
    case postgresql

    /// The suffix that makes a `SELECT` claim rows without waiting for other claimers.
    ///
    /// PostgreSQL skips rows another transaction has locked, so several app instances share the work. SQLite has a
    /// single writer, so a transaction already owns every row it reads.
    public var claimSuffix: String {
        switch self {
        case .sqlite: ""
        case .postgresql: " FOR UPDATE SKIP LOCKED"
        }
    }

    /// How many event processing loops one process runs by default: SQLite's single writer serializes them, so one;
    /// PostgreSQL claims with `SKIP LOCKED` and each loop mostly waits on its own round trips, so several.
    public var defaultProcessingWorkers: Int {
        switch self {
        case .sqlite: 1
        case .postgresql: 4
        }
    }

    /// The suffix that locks one known row for the rest of the transaction (waiting if needed).
    public var lockRowSuffix: String {
        switch self {
        case .sqlite: ""
        case .postgresql: " FOR UPDATE"
        }
    }

    /// A query returning one row with a boolean column `locked`: whether this transaction now holds the
    /// per-object lock for `key`, or nil when the dialect needs none (SQLite: the writer already owns everything).
    ///
    /// PostgreSQL's transaction-scoped advisory lock is taken with `try`, so two processors never wait on each
    /// other (no deadlocks); the loser leaves the event for its next poll.
    public func tryLockObject(_ key: String) -> SQLQueryString? {
        switch self {
        case .sqlite: nil
        // Advisory locks are database-wide; the schema in the key keeps deployments in other schemas apart.
        case .postgresql:
            "SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || ':' || \(bind: key))) AS locked"
        }
    }

    /// A statement that serializes concurrent migrators inside a transaction, or nil when the dialect needs none.
    var migrationLockStatement: String? {
        switch self {
        case .sqlite: nil
        // Per schema, like the object locks; released at commit.
        case .postgresql: "SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':billing-migrations'))"
        }
    }
}
