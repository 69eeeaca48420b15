import BillingDatabase
package import SQLKit
public import StripeAPI

/// What operators see and do with the log: listings, failures, replays (`billing events`, the insights page, the
/// benchmark).
extension EventLog {
    /// Which events a listing shows.
    public enum Filter: Sendable, Equatable {
        /// Every event.
        case all
        /// Events not processed yet.
        case pending
        /// Unprocessed events whose processing failed at least once.
        case failing

        fileprivate var condition: SQLQueryString {
            switch self {
            case .all: "TRUE"
            case .pending: "processed_at IS NULL"
            case .failing: "processed_at IS NULL AND attempts > 0"
            }
        }
    }

    /// The newest events first (by Stripe's `created`, then id).
    /// - Parameters:
    ///   - filter: which events.
    ///   - limit: the most events to return.
    public func recentEvents(_ filter: Filter = .all, limit: Int) async throws -> [StoredEvent] {
        try await database.read { sql in
            try await sql.raw(
                """
                SELECT \(Self.columns) FROM stripe_events WHERE \(filter.condition)
                ORDER BY created DESC, id DESC LIMIT \(bind: max(1, limit))
                """
            ).all(decoding: StoredEvent.self)
        }
    }

    /// The ids of every unprocessed event whose processing failed at least once.
    public func failingEventIDs() async throws -> [EventID] {
        try await database.read { sql in
            try await sql.raw("SELECT id FROM stripe_events WHERE \(Filter.failing.condition)")
                .all().map { EventID(try $0.decode(column: "id", as: String.self)) }
        }
    }

    /// Marks every event created at or after `created` (Unix seconds) unprocessed and due now, so the processor
    /// applies it again (older snapshots never overwrite newer ones, and outbox keys keep side effects once).
    /// - Returns: how many events were reset.
    @discardableResult
    public func markForReprocessing(createdSince created: Int64) async throws -> Int {
        try await database.transaction { sql in
            try await sql.raw(
                """
                UPDATE stripe_events SET processed_at = NULL, next_attempt_at = 0
                WHERE created >= \(bind: created) RETURNING id
                """
            ).all().count
        }
    }

    /// An event whose processing failed and that waits for a retry.
    public struct FailedEvent: Sendable, Equatable {
        /// The event id.
        public var id: String
        /// The event type.
        public var type: String
        /// Processing attempts so far.
        public var attempts: Int
        /// The last error, as recorded by the processor.
        public var lastError: String?
    }

    /// The most recently received unprocessed events with a recorded error, newest first.
    static func failedEvents(limit: Int, on sql: any SQLDatabase) async throws -> [FailedEvent] {
        try await sql.raw(
            """
            SELECT id, type, attempts, last_error FROM stripe_events \
            WHERE processed_at IS NULL AND last_error IS NOT NULL ORDER BY received_at DESC LIMIT \(bind: limit)
            """
        ).all().map {
            FailedEvent(
                id: try $0.decode(column: "id", as: String.self),
                type: try $0.decode(column: "type", as: String.self),
                attempts: Int(try $0.decode(column: "attempts", as: Int64.self)),
                lastError: try $0.decode(column: "last_error", as: String?.self)
            )
        }
    }

    /// Milliseconds from receipt to processing, one per event; every event must be processed.
    package func processingLags() async throws -> [Int64] {
        try await database.read { sql in
            try await sql.raw("SELECT processed_at - received_at AS lag FROM stripe_events").all().map {
                try $0.decode(column: "lag", as: Int64.self)
            }
        }
    }

    /// Deletes every event (benchmarks start from an empty log).
    package static func removeAll(on sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM stripe_events").run()
    }
}
