import BillingDatabase
import SQLKit

/// The event log's side of `billing status`: counts by state, the oldest pending event, recent processing lag.
extension EventLog {
    /// The `next_attempt_at` of a parked event (it used its last attempt): far enough in the future to stay out of
    /// every claim until `billing events retry` makes it due again.
    package static let parkedUntil = Int64.max / 2

    /// How the log stands, for an operator.
    public struct Status: Sendable, Equatable {
        /// All stored events.
        public var total: Int
        /// Events not processed yet (including failing and parked ones).
        public var pending: Int
        /// Pending events whose processing failed at least once and that will be retried.
        public var failing: Int
        /// Pending events that used their last attempt and wait for `billing events retry`.
        public var parked: Int
        /// When the oldest pending event that is not parked was received (Unix ms); nil when none is.
        public var oldestPendingReceivedAt: Int64?
    }

    /// Counts events by state and finds the oldest pending one, in one read.
    public func status() async throws -> Status {
        try await database.read { sql in
            let row = try await sql.raw(
                """
                SELECT COUNT(*) AS total, \
                COALESCE(SUM(CASE WHEN processed_at IS NULL THEN 1 ELSE 0 END), 0) AS pending, \
                COALESCE(SUM(CASE WHEN processed_at IS NULL AND attempts > 0 \
                AND next_attempt_at < \(bind: Self.parkedUntil) THEN 1 ELSE 0 END), 0) AS failing, \
                COALESCE(SUM(CASE WHEN processed_at IS NULL AND next_attempt_at >= \(bind: Self.parkedUntil) \
                THEN 1 ELSE 0 END), 0) AS parked, \
                MIN(CASE WHEN processed_at IS NULL AND next_attempt_at < \(bind: Self.parkedUntil) \
                THEN received_at END) AS oldest \
                FROM stripe_events
                """
            ).first()
            guard let row else { return Status(total: 0, pending: 0, failing: 0, parked: 0) }
            return Status(
                total: Int(try row.decode(column: "total", as: Int64.self)),
                pending: Int(try row.decode(column: "pending", as: Int64.self)),
                failing: Int(try row.decode(column: "failing", as: Int64.self)),
                parked: Int(try row.decode(column: "parked", as: Int64.self)),
                oldestPendingReceivedAt: try row.decode(column: "oldest", as: Int64?.self)
            )
        }
    }

    /// Milliseconds from receipt to processing of the `limit` most recently processed events, newest first.
    public func recentProcessingLags(limit: Int) async throws -> [Int64] {
        try await database.read { sql in
            try await sql.raw(
                """
                SELECT processed_at - received_at AS lag FROM stripe_events WHERE processed_at IS NOT NULL \
                ORDER BY processed_at DESC, id DESC LIMIT \(bind: max(1, limit))
                """
            ).all().map { try $0.decode(column: "lag", as: Int64.self) }
        }
    }
}
