import BillingSupport
import Foundation
public import Logging
public import SQLKit
import SQLiteKit
import Synchronization

/// A ``BillingDatabase`` on SQLite: WAL, a busy timeout, foreign keys, and a single serialized writer connection, so
/// each ``transaction(_:)`` runs alone on it.
///
/// For a file, ``read(_:)`` runs on a small pool of read-only connections instead, so a billing page or an access
/// check never waits behind webhook intake or event processing. An in-memory database cannot be shared between
/// connections, so there reads take their turn on the writer.
public struct SQLiteBillingDatabase: BillingDatabase {
    /// How hard SQLite works to make a commit survive a crash.
    public enum Synchronous: String, Sendable {
        /// `PRAGMA synchronous=FULL`: each commit is fsynced and survives power loss.
        case full
        /// `PRAGMA synchronous=NORMAL`: with WAL a commit survives an app crash, not a power cut.
        case normal
    }

    private let connection: SQLiteConnection
    /// Nil for an in-memory database or when configured without read connections: reads use the writer.
    private let readers: SQLiteReaderPool?
    private let location: DatabaseConfiguration.SQLiteLocation
    private let synchronous: Synchronous
    private let lock = AsyncSerialLock()
    private let closer: SQLiteCloser
    private let logger: Logger

    public var dialect: DatabaseDialect { .sqlite }

    private init(
        connection: SQLiteConnection,
        readers: SQLiteReaderPool?,
        location: DatabaseConfiguration.SQLiteLocation,
        synchronous: Synchronous,
        logger: Logger
    ) {
        self.connection = connection
        self.readers = readers
        self.closer = SQLiteCloser(connection)
        self.location = location
        self.synchronous = synchronous
        self.logger = logger
    }

    /// Opens (creating if needed) a database.
    /// - Parameters:
    ///   - location: a file or an in-memory database.
    ///   - synchronous: commit durability; ``Synchronous/full`` unless you accept losing the last commits on power loss.
    ///   - busyTimeout: how long a statement waits for another process's lock on the same file.
    ///   - readConnections: how many read-only connections serve ``read(_:)`` for a file, each one read at a time;
    ///     0 runs reads on the writer. Ignored for an in-memory database, whose reads always use the writer.
    ///   - logger: receives connection logs; queries are logged at `debug`.
    /// - Throws: ``DatabaseConfigurationError/unusablePath`` saying in words why the file or its directory cannot
    ///   be created, opened or configured; nothing stays open after a throw.
    public static func open(
        _ location: DatabaseConfiguration.SQLiteLocation,
        synchronous: Synchronous = .full,
        busyTimeout: Duration = .seconds(5),
        readConnections: Int = DatabaseConfiguration.defaultSQLiteReadConnections,
        logger: Logger
    ) async throws -> SQLiteBillingDatabase {
        let storage: SQLiteConnection.Storage
        switch location {
        case .memory:
            storage = .memory
        case .file(let path):
            try createDirectory(for: path)
            storage = .file(path: path)
        }
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: storage, logger: logger)
        } catch {
            throw DatabaseConfigurationError.unusablePath(problem(opening: location, error))
        }
        let sql = connection.sql()
        do {
            if case .file = location {
                try await sql.raw("PRAGMA journal_mode=WAL").run()
            }
            try await sql.raw("PRAGMA busy_timeout=\(unsafeRaw: String(busyTimeout.milliseconds))").run()
            try await sql.raw("PRAGMA foreign_keys=ON").run()
            try await sql.raw("PRAGMA synchronous=\(unsafeRaw: synchronous.rawValue.uppercased())").run()
        } catch {
            try? await SQLiteCloser(connection).close()
            throw DatabaseConfigurationError.unusablePath(problem(opening: location, error))
        }
        var readers: SQLiteReaderPool?
        if case .file(let path) = location, readConnections > 0 {
            do {
                // Opened after the writer switched the file to WAL (a setting stored in the file), so the readers
                // run in WAL mode too.
                readers = try await SQLiteReaderPool.open(
                    path: path,
                    count: readConnections,
                    busyTimeout: busyTimeout,
                    logger: logger
                )
            } catch {
                try? await SQLiteCloser(connection).close()
                throw DatabaseConfigurationError.unusablePath(problem(opening: location, error))
            }
        }
        return SQLiteBillingDatabase(
            connection: connection,
            readers: readers,
            location: location,
            synchronous: synchronous,
            logger: logger
        )
    }

    /// Creates the directory of a SQLite file, or says in words why it cannot.
    private static func createDirectory(for path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw DatabaseConfigurationError.unusablePath("\(directory) is a file, not a directory")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            // Foundation's error reads "Error Domain=NSCocoaErrorDomain Code=4"; the system's own reason is
            // what an operator can act on, so ask for it by creating the missing part ourselves.
            throw DatabaseConfigurationError.unusablePath(
                "cannot create the directory \(directory) for the SQLite file (\(systemReason(creating: directory)))"
            )
        }
    }

    /// Why `mkdir` fails for the first missing directory on the way to `directory`, as the system words it.
    private static func systemReason(creating directory: String) -> String {
        var missing = URL(fileURLWithPath: directory)
        while !FileManager.default.fileExists(atPath: missing.deletingLastPathComponent().path),
            missing.path != "/"
        {
            missing.deleteLastPathComponent()
        }
        guard mkdir(missing.path, 0o755) != 0 else {
            // It could be created after all (a race with another process); the rest failed for a reason Foundation
            // did not tell.
            return "the directory could not be created"
        }
        return String(cString: strerror(errno)).lowercased()
    }

    private static func problem(opening location: DatabaseConfiguration.SQLiteLocation, _ error: any Error) -> String {
        switch location {
        case .memory: "cannot open an in-memory SQLite database (\(error))"
        case .file(let path): "cannot open the SQLite file \(path) (\(error))"
        }
    }

    /// Runs `body` on a read-only connection of a file database (on the writer for an in-memory one); it sees every
    /// transaction committed before each of its statements starts.
    ///
    /// On a file a read never waits for the writer, only for a free read connection, and its statements cannot
    /// write: a write throws (`attempt to write a readonly database`) and changes nothing, so writes belong in
    /// ``transaction(_:_:)`` or ``statement(_:_:)``. Each statement sees the latest commit, so two statements of one
    /// body may see different commits, as on PostgreSQL.
    public func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        guard let readers else { return try await readOnWriter(body) }
        let reader = try await readers.lease()
        do {
            let result = try await body(reader.sql())
            await readers.release(reader)
            return result
        } catch {
            await readers.release(reader)
            throw error
        }
    }

    /// Runs a read on the writer connection, in turn with the transactions.
    private func readOnWriter<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        await lock.acquire()
        do {
            let result = try await body(connection.sql())
            await lock.release()
            return result
        } catch {
            await lock.release()
            throw error
        }
    }

    public func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await transaction(.standard, body)
    }

    public func transaction<T: Sendable>(
        _ kind: TransactionKind,
        _ body: (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await withWriter(kind) { sql in
            // IMMEDIATE takes the write lock up front, so another process on the same file cannot make us fail
            // halfway with SQLITE_BUSY on the first write.
            try await control("BEGIN IMMEDIATE")
            do {
                let result = try await body(sql)
                try await control("COMMIT")
                return result
            } catch {
                do {
                    try await control("ROLLBACK")
                } catch {
                    logger.error("sqlite rollback failed", metadata: ["error": "\(error)"])
                }
                throw error
            }
        }
    }

    public func statement<T: Sendable>(
        _ kind: TransactionKind,
        _ body: (any SQLDatabase) async throws -> T
    ) async throws -> T {
        // Outside an explicit transaction SQLite commits each statement on its own (autocommit), taking the write
        // lock when the statement first writes. One statement cannot fail halfway, so `BEGIN IMMEDIATE` buys nothing.
        try await withWriter(kind, body)
    }

    /// Runs `body` holding the connection, queued per `kind`, with the sync mode `kind` asks for.
    private func withWriter<T: Sendable>(
        _ kind: TransactionKind,
        _ body: (any SQLDatabase) async throws -> T
    ) async throws -> T {
        await lock.acquire(urgent: kind == .urgent)
        let relaxSync = kind == .background && synchronous == .full
        do {
            if relaxSync { try await control("PRAGMA synchronous=NORMAL") }
            let result = try await body(connection.sql())
            await restoreSync(relaxSync)
            await lock.release()
            return result
        } catch {
            await restoreSync(relaxSync)
            await lock.release()
            throw error
        }
    }

    /// Runs a statement that keeps the shared connection consistent (transaction boundaries, the sync mode) even
    /// when the calling task is cancelled.
    ///
    /// SQLiteNIO skips work submitted from a cancelled task and throws `CancellationError`; a `ROLLBACK` or the
    /// restoring `PRAGMA synchronous=FULL` skipped that way would leave the one connection every caller shares inside
    /// an open transaction, or committing without fsync. The statement therefore runs in a task of its own, which
    /// does not inherit the cancellation, and is awaited.
    ///
    /// Most calls come from a task that is not cancelled; those run the statement directly and save the extra task
    /// (two thread hops on every transaction boundary). SQLiteNIO throws `CancellationError` only for work it
    /// skipped without running it, so a cancellation that lands meanwhile is caught and the statement runs again in
    /// its own task.
    private func control(_ statement: String) async throws {
        let connection = self.connection
        if !Task.isCancelled {
            do {
                try await connection.sql().raw(SQLQueryString(statement)).run()
                return
            } catch is CancellationError {
                // Skipped, not run: fall through.
            }
        }
        try await Task { try await connection.sql().raw(SQLQueryString(statement)).run() }.value
    }

    private func restoreSync(_ relaxed: Bool) async {
        guard relaxed else { return }
        do {
            try await control("PRAGMA synchronous=FULL")
        } catch {
            logger.error("sqlite could not restore synchronous=FULL", metadata: ["error": "\(error)"])
        }
    }

    public var hasWaitingUrgentTransactions: Bool {
        get async { await lock.hasUrgentWaiters }
    }

    /// Sets the WAL size, in pages, at which a commit on the writer connection checkpoints by itself (SQLite's
    /// default is 1,000; 0 turns it off).
    ///
    /// A per-connection setting, so it runs on the writer, the only connection that commits.
    func setAutomaticCheckpoint(pages: Int) async throws {
        try await statement(.standard) { sql in
            try await sql.raw("PRAGMA wal_autocheckpoint=\(unsafeRaw: String(max(0, pages)))").run()
        }
    }

    /// Opens a second connection to the same file for checkpoints; nil for an in-memory database (no WAL).
    func openCheckpointer() async throws -> SQLiteCheckpointer? {
        guard case .file(let path) = location else { return nil }
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        return SQLiteCheckpointer(closer: SQLiteCloser(connection))
    }

    /// Closes the read connections (once the running reads finish) and then the writer; the value must not be used
    /// afterwards, and reads started later throw.
    ///
    /// Safe to call more than once and from a cancelled task: only the first call closes each connection, and it
    /// always does. The writer closes last, so its close checkpoints the WAL into the file and removes it.
    public func close() async throws {
        var readersError: (any Error)?
        do {
            try await readers?.close()
        } catch {
            readersError = error
        }
        try await closer.close()
        if let readersError { throw readersError }
    }

    /// How many read connections are open (for tests).
    var openReadConnections: Int {
        get async { await readers?.openConnections ?? 0 }
    }

    /// How many reads wait for a read connection (for tests).
    var readersWaiting: Int {
        get async { await readers?.waiting ?? 0 }
    }
}

/// Closes one SQLite connection exactly once, even from a cancelled task.
///
/// SQLiteNIO skips work submitted from a cancelled task, and a connection released unclosed trips its
/// "SQLiteConnection was not closed before deinitializing" assertion; a task being cancelled is exactly when a
/// service shuts down, so the close runs in a task of its own, which does not inherit the cancellation. Closing twice
/// would hand SQLite a null handle, hence the flag.
final class SQLiteCloser: Sendable {
    let connection: SQLiteConnection
    private let closed = Mutex(false)

    init(_ connection: SQLiteConnection) {
        self.connection = connection
    }

    func close() async throws {
        let first = closed.withLock { closed in
            defer { closed = true }
            return !closed
        }
        guard first else { return }
        let connection = connection
        try await Task { try await connection.close() }.value
    }
}
