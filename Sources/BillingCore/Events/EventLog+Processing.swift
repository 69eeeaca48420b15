import BillingDatabase
import SQLKit

/// The statements ``EventProcessor`` runs inside its own transactions: claim, re-check, mark, record failures.
extension EventLog {
    /// An event claimed for processing.
    struct ClaimedEvent: Decodable, Sendable {
        var id: String
        var type: String
        var created: Int64
        var payload: String
        var attempts: Int64
        /// When the delivery was stored (Unix ms), for the processing-lag metric.
        var receivedAt: Int64

        enum CodingKeys: String, CodingKey {
            case id, type, created, payload, attempts
            case receivedAt = "received_at"
        }
    }

    /// Claims up to `limit` due events (unprocessed, `next_attempt_at <= now`), in the order they are due.
    ///
    /// On PostgreSQL the rows are locked `FOR UPDATE SKIP LOCKED` until the transaction ends, so concurrent
    /// processors claim disjoint batches; on SQLite the transaction already owns the single writer.
    static func claimDue(
        now: Int64,
        limit: Int,
        dialect: DatabaseDialect,
        on sql: any SQLDatabase
    ) async throws -> [ClaimedEvent] {
        try await sql.raw(
            """
            SELECT id, type, created, payload, attempts, received_at FROM stripe_events
            WHERE processed_at IS NULL AND next_attempt_at <= \(bind: now)
            ORDER BY next_attempt_at, created, id LIMIT \(bind: limit)\(unsafeRaw: dialect.claimSuffix)
            """
        ).all(decoding: ClaimedEvent.self)
    }

    /// The ids among `ids` that are still unprocessed, claimed again like ``claimDue(now:limit:dialect:on:)`` (the
    /// rest of an earlier claim, after the processor let an urgent transaction go first).
    static func stillPending(
        _ ids: [String],
        dialect: DatabaseDialect,
        on sql: any SQLDatabase
    ) async throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        let rows = try await sql.raw(
            """
            SELECT id FROM stripe_events WHERE id IN \(SQLBind.group(ids.map { $0 as any Encodable & Sendable })) \
            AND processed_at IS NULL\(unsafeRaw: dialect.claimSuffix)
            """
        ).all()
        return Set(try rows.map { try $0.decode(column: "id", as: String.self) })
    }

    /// Locks one event for the rest of the transaction (waiting if needed) and returns it while it is unprocessed.
    static func lockPending(
        _ id: String,
        dialect: DatabaseDialect,
        on sql: any SQLDatabase
    ) async throws -> ClaimedEvent? {
        try await sql.raw(
            """
            SELECT id, type, created, payload, attempts, received_at FROM stripe_events
            WHERE id = \(bind: id) AND processed_at IS NULL\(unsafeRaw: dialect.lockRowSuffix)
            """
        ).first(decoding: ClaimedEvent.self)
    }

    /// Marks events processed at `now` (Unix ms) and clears their last error.
    static func markProcessed(_ ids: [String], now: Int64, on sql: any SQLDatabase) async throws {
        guard !ids.isEmpty else { return }
        try await sql.raw(
            """
            UPDATE stripe_events SET processed_at = \(bind: now), last_error = NULL
            WHERE id IN \(SQLBind.group(ids.map { $0 as any Encodable & Sendable }))
            """
        ).run()
    }

    /// Records a failed attempt: the attempt count, the error, and when the event is due again (Unix ms).
    static func recordFailure(
        _ id: String,
        attempts: Int64,
        error: String,
        nextAttemptAt: Int64,
        on sql: any SQLDatabase
    ) async throws {
        try await sql.raw(
            """
            UPDATE stripe_events SET attempts = \(bind: attempts), last_error = \(bind: error), \
            next_attempt_at = \(bind: nextAttemptAt) WHERE id = \(bind: id)
            """
        ).run()
    }
}
