public import BillingDatabase
import Foundation
package import SQLKit
public import StripeAPI

/// The durable log of received Stripe events (`stripe_events`): insert-if-absent at intake, claim and mark at
/// processing, failures with attempts and backoff, and manual retry.
public struct EventLog: Sendable {
    /// The database holding `stripe_events`.
    public let database: any BillingDatabase

    /// Creates an event log over a migrated database.
    public init(database: any BillingDatabase) {
        self.database = database
    }

    /// Inserts an event unless one with the same id exists, and commits.
    /// - Parameters:
    ///   - envelope: the parsed envelope.
    ///   - payload: the raw body, stored verbatim.
    ///   - receivedAt: the receipt time in Unix milliseconds.
    /// - Returns: true when the event was new, false for a duplicate delivery.
    public func record(_ envelope: EventEnvelope, payload: String, receivedAt: Int64) async throws -> Bool {
        try await database.statement(.urgent) { sql in
            try await Self.insert(envelope, payload: payload, receivedAt: receivedAt, on: sql)
        }
    }

    package static func insert(
        _ envelope: EventEnvelope,
        payload: String,
        receivedAt: Int64,
        on sql: any SQLDatabase
    ) async throws -> Bool {
        let row = try await sql.raw(
            """
            INSERT INTO stripe_events (id, type, created, livemode, api_version, object_id, payload, received_at, \
            attempts, next_attempt_at)
            VALUES (\(bind: envelope.id.rawValue), \(bind: envelope.type), \(bind: envelope.created), \
            \(bind: envelope.livemode), \(bind: envelope.apiVersion), \(bind: envelope.objectID), \(bind: payload), \
            \(bind: receivedAt), 0, 0)
            ON CONFLICT (id) DO NOTHING
            RETURNING id
            """
        ).first()
        return row != nil
    }

    /// Inserts many events with one multi-row statement; returns, per input, whether it was new (a second copy of
    /// an id within the batch counts as a duplicate).
    ///
    /// Written as text with binds rather than with SQLKit's insert builder, which quotes each identifier with a
    /// string search-and-replace (see `ProjectionStore.upsert`); the column names are fixed here.
    static func insertBatch(_ items: [EventWriter.Item], on sql: any SQLDatabase) async throws -> [Bool] {
        guard !items.isEmpty else { return [] }
        var query = SQLQueryString(
            """
            INSERT INTO stripe_events (id, type, created, livemode, api_version, object_id, payload, received_at, \
            attempts, next_attempt_at) VALUES\u{20}
            """
        )
        for (index, item) in items.enumerated() {
            let envelope = item.envelope
            query.appendLiteral(index == 0 ? "(" : ", (")
            query.appendInterpolation(
                binds: [
                    envelope.id.rawValue, envelope.type, envelope.created, envelope.livemode, envelope.apiVersion,
                    envelope.objectID, item.payload, item.receivedAt,
                ]
            )
            query.appendLiteral(", 0, 0)")
        }
        query.appendLiteral(" ON CONFLICT (id) DO NOTHING RETURNING id")
        let rows = try await sql.raw(query).all()
        var inserted = Set(try rows.map { try $0.decode(column: "id", as: String.self) })
        return items.map { inserted.remove($0.envelope.id.rawValue) != nil }
    }

    /// One stored event.
    public struct StoredEvent: Sendable, Equatable, Decodable {
        /// The event id.
        public var id: String
        /// The event type.
        public var type: String
        /// Stripe's `created` (Unix seconds).
        public var created: Int64
        /// Whether it came from live mode.
        public var livemode: Bool
        /// The raw body.
        public var payload: String
        /// Receipt time (Unix ms).
        public var receivedAt: Int64
        /// Processing time (Unix ms), nil while pending.
        public var processedAt: Int64?
        /// Failed processing attempts.
        public var attempts: Int64
        /// The last processing error.
        public var lastError: String?
        /// The earliest next attempt (Unix ms).
        public var nextAttemptAt: Int64

        enum CodingKeys: String, CodingKey {
            case id, type, created, livemode, payload, attempts
            case receivedAt = "received_at"
            case processedAt = "processed_at"
            case lastError = "last_error"
            case nextAttemptAt = "next_attempt_at"
        }
    }

    static let columns: SQLQueryString =
        "id, type, created, livemode, payload, received_at, processed_at, attempts, last_error, next_attempt_at"

    /// Looks up one event.
    public func event(_ id: EventID) async throws -> StoredEvent? {
        try await database.read { sql in
            try await sql.raw(
                "SELECT \(Self.columns) FROM stripe_events WHERE id = \(bind: id.rawValue)"
            ).first(decoding: StoredEvent.self)
        }
    }

    /// Every stored event, oldest first (for tests and tools; not for large logs).
    public func allEvents() async throws -> [StoredEvent] {
        try await database.read { sql in
            try await sql.raw("SELECT \(Self.columns) FROM stripe_events ORDER BY created, id")
                .all(decoding: StoredEvent.self)
        }
    }

    /// Counts of events by state.
    public struct Counts: Sendable, Equatable {
        /// All stored events.
        public var total: Int
        /// Events not yet processed.
        public var pending: Int
        /// Pending events that failed at least once.
        public var failing: Int
    }

    /// Counts events by state.
    public func counts() async throws -> Counts {
        try await database.read { sql in
            let row = try await sql.raw(
                """
                SELECT COUNT(*) AS total,
                COALESCE(SUM(CASE WHEN processed_at IS NULL THEN 1 ELSE 0 END), 0) AS pending,
                COALESCE(SUM(CASE WHEN processed_at IS NULL AND attempts > 0 THEN 1 ELSE 0 END), 0) AS failing
                FROM stripe_events
                """
            ).first()
            guard let row else { return Counts(total: 0, pending: 0, failing: 0) }
            return Counts(
                total: Int(try row.decode(column: "total", as: Int64.self)),
                pending: Int(try row.decode(column: "pending", as: Int64.self)),
                failing: Int(try row.decode(column: "failing", as: Int64.self))
            )
        }
    }

    /// Makes a failed (or parked) event eligible for processing now; attempts are kept for the record.
    /// - Returns: whether a pending event with that id existed.
    @discardableResult
    public func retry(_ id: EventID) async throws -> Bool {
        try await database.transaction { sql in
            let row = try await sql.raw(
                """
                UPDATE stripe_events SET next_attempt_at = 0
                WHERE id = \(bind: id.rawValue) AND processed_at IS NULL RETURNING id
                """
            ).first()
            return row != nil
        }
    }
}
