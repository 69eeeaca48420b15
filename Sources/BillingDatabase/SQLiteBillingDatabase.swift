import BillingSupport
import Foundation
public import Logging
public import SQLKit
import SQLiteKit
import Synchronization

/// A ``BillingDatabase`` on one SQLite connection: WAL, a busy timeout, foreign keys, and a single serialized
/// writer, so each ``transaction(_:)`` runs alone on the connection.
public struct SQLiteBillingDatabase: BillingDatabase {
    /// How hard SQLite works to make a commit survive a crash.
    public enum Synchronous: String, Sendable {
        /// `PRAGMA synchronous=FULL`: each commit is fsynced and survives power loss.
        case full
        /// `PRAGMA synchronous=NORMAL`: with WAL a commit survives an app crash, not a power cut.
        case normal
    }

    private let connection: SQLiteConnection
    private let location: DatabaseConfiguration.SQLiteLocation
    private let synchronous: Synchronous
    private let lock = AsyncSerialLock()
    private let closer: SQLiteCloser
    private let logger: Logger

    public var dialect: DatabaseDialect { .sqlite }

    private init(
        connection: SQLiteConnection,
        location: DatabaseConfiguration.SQLiteLocation,
        synchronous: Synchronous,
        logger: Logger
    ) {
        self.connection = connection
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
    ///   - logger: receives connection logs; queries are logged at `debug`.
    /// - Throws: ``DatabaseConfigurationError/unusablePath`` saying in words why the file or its directory cannot
    ///   be created, opened or configured; nothing stays open after a throw.
    public static func open(
        _ location: DatabaseConfiguration.SQLiteLocation,
        synchronous: Synchronous = .full,
        busyTimeout: Duration = .seconds(5),
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
        return SQLiteBillingDatabase(
            connection: connection,
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

    public func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
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
    private func control(_ statement: String) async throws {
        let connection = self.connection
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

    /// Sets the WAL size, in pages, at which a commit on this connection checkpoints by itself (SQLite's default is
    /// 1,000; 0 turns it off).
    func setAutomaticCheckpoint(pages: Int) async throws {
        try await read { sql in
            try await sql.raw("PRAGMA wal_autocheckpoint=\(unsafeRaw: String(max(0, pages)))").run()
        }
    }

    /// Opens a second connection to the same file for checkpoints; nil for an in-memory database (no WAL).
    func openCheckpointer() async throws -> SQLiteCheckpointer? {
        guard case .file(let path) = location else { return nil }
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        return SQLiteCheckpointer(closer: SQLiteCloser(connection))
    }

    /// Closes the connection; the value must not be used afterwards.
    ///
    /// Safe to call more than once and from a cancelled task: only the first call closes, and it always does.
    public func close() async throws {
        try await closer.close()
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
