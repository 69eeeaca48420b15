import BillingDatabase
import SQLKit

/// The outbox's side of `billing status` and of the backlog gauge.
extension OutboxStore {
    /// How the unfinished rows of one kind stand.
    public struct Backlog: Sendable, Equatable {
        /// The message kind (`winback.step`, `billing.hook`, …).
        public var kind: String
        /// Not sent yet and not failing (due now or later).
        public var pending: Int
        /// An attempt failed; retried later.
        public var failing: Int
        /// Given up on.
        public var failed: Int
    }

    /// Unfinished rows (not sent, not canceled) by kind, sorted by kind.
    public func backlogByKind() async throws -> [Backlog] {
        try await database.read { sql in
            try await sql.raw(
                """
                SELECT kind, \
                COALESCE(SUM(CASE WHEN failed_at IS NULL AND last_error IS NULL THEN 1 ELSE 0 END), 0) AS pending, \
                COALESCE(SUM(CASE WHEN failed_at IS NULL AND last_error IS NOT NULL THEN 1 ELSE 0 END), 0) \
                AS failing, \
                COALESCE(SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS failed \
                FROM outbox_messages WHERE sent_at IS NULL AND canceled_at IS NULL GROUP BY kind ORDER BY kind
                """
            ).all().map {
                Backlog(
                    kind: try $0.decode(column: "kind", as: String.self),
                    pending: Int(try $0.decode(column: "pending", as: Int64.self)),
                    failing: Int(try $0.decode(column: "failing", as: Int64.self)),
                    failed: Int(try $0.decode(column: "failed", as: Int64.self))
                )
            }
        }
    }

    /// Rows due at `now` (Unix ms) and not sent, canceled or failed, by kind; served by the pending index.
    package func dueCounts(now: Int64) async throws -> [String: Int] {
        try await database.read { sql in
            let rows = try await sql.raw(
                """
                SELECT kind, COUNT(*) AS n FROM outbox_messages WHERE sent_at IS NULL AND canceled_at IS NULL \
                AND failed_at IS NULL AND send_after <= \(bind: now) GROUP BY kind
                """
            ).all()
            var counts: [String: Int] = [:]
            for row in rows {
                counts[try row.decode(column: "kind", as: String.self)] = Int(
                    try row.decode(column: "n", as: Int64.self)
                )
            }
            return counts
        }
    }
}
