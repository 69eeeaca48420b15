import BillingSupport
import Logging
import SQLKit
import SQLiteKit

/// Read-only connections to a SQLite file in WAL mode, each serving one ``SQLiteBillingDatabase/read(_:)`` at a
/// time, so reads (billing pages, access checks) never queue behind the writer's transactions and fsyncs.
///
/// In WAL mode a reader sees the last commit made before each of its statements starts and neither waits for nor
/// blocks the writer. A read whose connections are all busy waits for the next one handed back, in arrival order.
actor SQLiteReaderPool {
    private let closers: [SQLiteCloser]
    private var idle: [SQLiteConnection]
    private var waiters: [CheckedContinuation<SQLiteConnection, any Error>] = []
    private var leased = 0
    private var isClosing = false
    private var drained: [CheckedContinuation<Void, Never>] = []

    private init(_ connections: [SQLiteConnection]) {
        self.closers = connections.map(SQLiteCloser.init)
        self.idle = connections
    }

    /// Opens `count` connections to `path` that refuse to write (`PRAGMA query_only`), each waiting up to
    /// `busyTimeout` for a lock.
    ///
    /// Foreign keys are left off: they only check writes, and these connections make none.
    /// - Throws: the first error opening or configuring a connection; none stays open after a throw.
    static func open(
        path: String,
        count: Int,
        busyTimeout: Duration,
        logger: Logger
    ) async throws -> SQLiteReaderPool {
        var connections: [SQLiteConnection] = []
        do {
            for _ in 0..<count {
                let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
                connections.append(connection)
                let sql = connection.sql()
                try await sql.raw("PRAGMA busy_timeout=\(unsafeRaw: String(busyTimeout.milliseconds))").run()
                try await sql.raw("PRAGMA query_only=ON").run()
            }
        } catch {
            for connection in connections { try? await SQLiteCloser(connection).close() }
            throw error
        }
        return SQLiteReaderPool(connections)
    }

    /// Takes an idle connection, waiting for one when all are busy; hand it back with ``release(_:)``.
    /// - Throws: ``SQLiteClosedError`` once ``close()`` has started.
    func lease() async throws -> SQLiteConnection {
        guard !isClosing else { throw SQLiteClosedError() }
        if let connection = idle.popLast() {
            leased += 1
            return connection
        }
        // `release(_:)` hands its connection over as it is, still counted as leased.
        return try await withCheckedThrowingContinuation { waiters.append($0) }
    }

    /// Hands a leased connection back, straight to the longest waiting read if there is one.
    func release(_ connection: SQLiteConnection) {
        if !waiters.isEmpty {
            waiters.removeFirst().resume(returning: connection)
            return
        }
        leased -= 1
        idle.append(connection)
        if isClosing && leased == 0 {
            for continuation in drained { continuation.resume() }
            drained.removeAll()
        }
    }

    /// Refuses new reads, waits for the running ones to hand their connections back, and closes every connection.
    ///
    /// Safe to call more than once and from a cancelled task: only the first call closes each connection, and it
    /// always does.
    func close() async throws {
        if !isClosing {
            isClosing = true
            let refused = waiters
            waiters.removeAll()
            for waiter in refused { waiter.resume(throwing: SQLiteClosedError()) }
        }
        if leased > 0 {
            await withCheckedContinuation { drained.append($0) }
        }
        var firstError: (any Error)?
        for closer in closers {
            do {
                try await closer.close()
            } catch {
                firstError = firstError ?? error
            }
        }
        if let firstError { throw firstError }
    }

    /// How many reads wait for a connection (for tests).
    var waiting: Int { waiters.count }

    /// How many connections are still open (for tests).
    var openConnections: Int {
        closers.filter { !$0.connection.isClosed }.count
    }
}

/// A read on a SQLite database that has been closed.
struct SQLiteClosedError: Error, CustomStringConvertible {
    var description: String { "the SQLite database is closed" }
}
