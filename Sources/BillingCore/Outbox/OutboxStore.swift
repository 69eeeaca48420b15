public import BillingDatabase
package import SQLKit

/// The owner of `outbox_messages`: enqueuing inside the projection transaction, claiming due rows for a sender,
/// and recording what the sender did.
///
/// **Claims.** A sender claims due rows before it sends them: the claim sets `claimed_by` (the sender's id) and
/// `claimed_until` (a lease, Unix ms). On PostgreSQL the due rows are selected `FOR UPDATE SKIP LOCKED` in a short
/// transaction that sets the claim, so instances never wait for each other; on SQLite the single writer runs one
/// `UPDATE … RETURNING` over the unclaimed due rows. A row whose lease has expired (its sender died or stalled) is
/// due again for any sender. Every later write names the sender and changes the row only while the claim is still
/// that sender's (``markSent(_:sender:now:)`` checks `claimed_by` and `sent_at IS NULL`), so two senders never
/// both record one message, and a sender whose claim was taken over learns it before it sends
/// (``renewClaim(_:sender:until:)``).
///
/// **At most once more.** The send (SMTP acceptance) and the `sent_at` write cannot be one atomic step. A sender
/// that dies after the mail server accepted a message but before ``markSent(_:sender:now:)`` committed leaves the
/// row claimed and unsent; when the lease expires another sender claims it and sends it again. Each such crash,
/// and each sender stalled past its lease between renewing its claim and marking the row sent, can therefore
/// deliver a message one more time, never more than once per expired lease and never concurrently. Mails carry a
/// Message-ID derived from the dedupe key, so a mail client that deduplicates by Message-ID shows one.
public struct OutboxStore: Sendable {
    /// The database holding `outbox_messages`.
    public let database: any BillingDatabase

    /// Creates a store over a migrated database.
    public init(database: any BillingDatabase) {
        self.database = database
    }

    // MARK: Writing inside the caller's transaction

    /// Enqueues messages due now; a message whose dedupe key exists is skipped.
    /// - Parameters:
    ///   - messages: the messages.
    ///   - sourceEventID: the Stripe event that caused them, for the record.
    ///   - now: Unix milliseconds.
    ///   - sql: the caller's transaction, so the messages commit with the change that caused them.
    package static func enqueue(
        _ messages: [OutboxMessage],
        sourceEventID: String?,
        now: Int64,
        on sql: any SQLDatabase
    ) async throws {
        try await enqueue(messages.map { ($0, sourceEventID) }, now: now, on: sql)
    }

    /// Enqueues messages from several events, due now, with one statement per 500 messages; a message whose dedupe key
    /// exists, or appears earlier in `entries`, is skipped (the first one wins, as when enqueued one by one in order).
    /// - Parameters:
    ///   - entries: each message with the Stripe event that caused it.
    ///   - now: Unix milliseconds.
    ///   - sql: the caller's transaction.
    package static func enqueue(
        _ entries: [(message: OutboxMessage, sourceEventID: String?)],
        now: Int64,
        on sql: any SQLDatabase
    ) async throws {
        // 7 binds a row: 500 rows stay far below both backends' bind limits (SQLite 32,766, PostgreSQL 65,535).
        for start in stride(from: entries.startIndex, to: entries.endIndex, by: 500) {
            let end = min(start + 500, entries.endIndex)
            var query: SQLQueryString = """
                INSERT INTO outbox_messages (dedupe_key, kind, subject_id, payload, source_event_id, created_at, \
                send_after, attempts) VALUES
                """
            query.appendLiteral(" ")
            for (offset, entry) in entries[start..<end].enumerated() {
                let message = entry.message
                if offset > 0 { query.appendLiteral(", ") }
                query.appendInterpolation(
                    """
                    (\(bind: message.dedupeKey), \(bind: message.kind), \(bind: message.subjectID), \
                    \(bind: message.payload), \(bind: entry.sourceEventID), \(bind: now), \(bind: now), 0)
                    """ as SQLQueryString
                )
            }
            // A multi-row `DO NOTHING` skips a row that conflicts with one inserted earlier by the same statement,
            // on SQLite and PostgreSQL alike (only `DO UPDATE` refuses to touch a row twice).
            query.appendLiteral(" ON CONFLICT (dedupe_key) DO NOTHING")
            try await sql.raw(query).run()
        }
    }

    /// Enqueues one message due at `sendAfter` (Unix ms) unless its dedupe key exists.
    /// - Returns: whether the message was new.
    @discardableResult
    package static func enqueue(
        _ message: OutboxMessage,
        sendAfter: Int64,
        sourceEventID: String?,
        now: Int64,
        on sql: any SQLDatabase
    ) async throws -> Bool {
        let row = try await sql.raw(
            """
            INSERT INTO outbox_messages (dedupe_key, kind, subject_id, payload, source_event_id, created_at, \
            send_after, attempts)
            VALUES (\(bind: message.dedupeKey), \(bind: message.kind), \(bind: message.subjectID), \
            \(bind: message.payload), \(bind: sourceEventID), \(bind: now), \(bind: sendAfter), 0)
            ON CONFLICT (dedupe_key) DO NOTHING
            RETURNING dedupe_key
            """
        ).first()
        return row != nil
    }

    /// Cancels the unsent, not yet canceled messages of one kind about one subject, also ones a sender has claimed
    /// (its claim ends with them: renewing it fails on a canceled row).
    /// - Returns: how many were pending.
    @discardableResult
    package static func cancelPending(
        kind: String,
        subjectID: String,
        now: Int64,
        on sql: any SQLDatabase
    ) async throws -> Int {
        try await sql.raw(
            """
            UPDATE outbox_messages SET canceled_at = \(bind: now), claimed_by = NULL, claimed_until = NULL \
            WHERE kind = \(bind: kind) AND subject_id = \(bind: subjectID) AND sent_at IS NULL AND canceled_at IS NULL
            RETURNING dedupe_key
            """
        ).all().count
    }

    /// Moves an unsent, unclaimed, not canceled message to a new due time (a later fact changed when it is due).
    /// - Returns: whether a row moved.
    @discardableResult
    package static func reschedule(_ dedupeKey: String, sendAfter: Int64, on sql: any SQLDatabase) async throws -> Bool
    {
        try await sql.raw(
            """
            UPDATE outbox_messages SET send_after = \(bind: sendAfter) WHERE dedupe_key = \(bind: dedupeKey) \
            AND sent_at IS NULL AND canceled_at IS NULL AND failed_at IS NULL AND claimed_by IS NULL \
            AND send_after <> \(bind: sendAfter)
            RETURNING dedupe_key
            """
        ).first() != nil
    }

    // MARK: Sending

    /// A row claimed by a sender.
    package struct ClaimedMessage: Sendable, Equatable {
        /// The message as enqueued.
        package var message: OutboxMessage
        /// Delivery attempts recorded so far.
        package var attempts: Int
        /// When it fell due (Unix ms).
        package var sendAfter: Int64
        /// The end of the claim's lease (Unix ms).
        package var claimedUntil: Int64
    }

    private struct ClaimedRow: Decodable {
        var dedupeKey: String
        var kind: String
        var subjectID: String
        var payload: String
        var attempts: Int64
        var sendAfter: Int64
        var claimedUntil: Int64

        enum CodingKeys: String, CodingKey {
            case kind, payload, attempts
            case dedupeKey = "dedupe_key"
            case subjectID = "subject_id"
            case sendAfter = "send_after"
            case claimedUntil = "claimed_until"
        }

        var claimed: ClaimedMessage {
            ClaimedMessage(
                message: OutboxMessage(dedupeKey: dedupeKey, kind: kind, subjectID: subjectID, storedPayload: payload),
                attempts: Int(attempts),
                sendAfter: sendAfter,
                claimedUntil: claimedUntil
            )
        }
    }

    /// Claims up to `limit` due rows of `kind` for `sender`, oldest due first.
    ///
    /// A row is due when it is unsent, not canceled, not failed, `send_after <= now`, and unclaimed or its lease
    /// has expired (`claimed_until < now`).
    /// - Parameters:
    ///   - kind: the message kind.
    ///   - sender: the claiming sender's id, unique per running sender.
    ///   - now: Unix milliseconds.
    ///   - leaseUntil: when the claim expires (Unix ms).
    ///   - limit: the most rows to claim.
    /// - Returns: the claimed rows, in `send_after`, `dedupe_key` order.
    package func claimDue(
        kind: String,
        sender: String,
        now: Int64,
        leaseUntil: Int64,
        limit: Int
    ) async throws -> [ClaimedMessage] {
        let limit = max(1, limit)
        let rows: [ClaimedRow]
        switch database.dialect {
        case .postgresql:
            rows = try await database.transaction { sql in
                let keys = try await sql.raw(
                    """
                    SELECT dedupe_key FROM outbox_messages WHERE \(Self.due(kind: kind, now: now)) \
                    ORDER BY send_after, dedupe_key LIMIT \(bind: limit) FOR UPDATE SKIP LOCKED
                    """
                ).all().map { try $0.decode(column: "dedupe_key", as: String.self) }
                guard !keys.isEmpty else { return [] }
                return try await sql.raw(
                    """
                    UPDATE outbox_messages SET claimed_by = \(bind: sender), claimed_until = \(bind: leaseUntil) \
                    WHERE dedupe_key IN \(SQLBind.group(keys.map { $0 as any Encodable & Sendable })) \
                    RETURNING \(Self.claimedColumns)
                    """
                ).all(decoding: ClaimedRow.self)
            }
        case .sqlite:
            // The single writer runs the statement alone, so the rows it selects are the rows it claims.
            rows = try await database.statement(.standard) { sql in
                try await sql.raw(
                    """
                    UPDATE outbox_messages SET claimed_by = \(bind: sender), claimed_until = \(bind: leaseUntil) \
                    WHERE dedupe_key IN (SELECT dedupe_key FROM outbox_messages \
                    WHERE \(Self.due(kind: kind, now: now)) ORDER BY send_after, dedupe_key LIMIT \(bind: limit)) \
                    RETURNING \(Self.claimedColumns)
                    """
                ).all(decoding: ClaimedRow.self)
            }
        }
        return rows.sorted { ($0.sendAfter, $0.dedupeKey) < ($1.sendAfter, $1.dedupeKey) }.map(\.claimed)
    }

    private static let claimedColumns: SQLQueryString =
        "dedupe_key, kind, subject_id, payload, attempts, send_after, claimed_until"

    private static func due(kind: String, now: Int64) -> SQLQueryString {
        """
        kind = \(bind: kind) AND sent_at IS NULL AND canceled_at IS NULL AND failed_at IS NULL \
        AND send_after <= \(bind: now) AND (claimed_until IS NULL OR claimed_until < \(bind: now))
        """
    }

    /// Extends `sender`'s claim on a row just before sending it.
    /// - Returns: false when the row is no longer the sender's to send (its lease expired and another sender took
    ///   it, or it was sent, canceled or failed meanwhile); the sender must then skip it.
    package func renewClaim(_ dedupeKey: String, sender: String, until: Int64) async throws -> Bool {
        try await update(
            """
            UPDATE outbox_messages SET claimed_until = \(bind: until) WHERE dedupe_key = \(bind: dedupeKey) \
            AND claimed_by = \(bind: sender) AND sent_at IS NULL AND canceled_at IS NULL AND failed_at IS NULL \
            RETURNING dedupe_key
            """
        )
    }

    /// Records a message as sent, if `sender` still holds its claim.
    /// - Returns: false when the claim is no longer the sender's (nothing is written).
    @discardableResult
    package func markSent(_ dedupeKey: String, sender: String, now: Int64) async throws -> Bool {
        try await database.transaction { sql in
            try await Self.markSent(dedupeKey, sender: sender, now: now, on: sql)
        }
    }

    /// ``markSent(_:sender:now:)`` inside the caller's transaction (a trigger row marked done together with the
    /// rows it expanded into).
    @discardableResult
    package static func markSent(
        _ dedupeKey: String,
        sender: String,
        now: Int64,
        on sql: any SQLDatabase
    ) async throws -> Bool {
        try await sql.raw(
            """
            UPDATE outbox_messages SET sent_at = \(bind: now), attempts = attempts + 1, last_error = NULL, \
            claimed_by = NULL, claimed_until = NULL \
            WHERE dedupe_key = \(bind: dedupeKey) AND claimed_by = \(bind: sender) AND sent_at IS NULL \
            RETURNING dedupe_key
            """
        ).first() != nil
    }

    /// Moves a claimed row's due time without counting an attempt, and releases the claim.
    /// - Returns: false when the claim is no longer the sender's.
    @discardableResult
    package func postpone(_ dedupeKey: String, sender: String, until sendAfter: Int64) async throws -> Bool {
        try await update(
            """
            UPDATE outbox_messages SET send_after = \(bind: sendAfter), claimed_by = NULL, claimed_until = NULL \
            WHERE dedupe_key = \(bind: dedupeKey) AND claimed_by = \(bind: sender) AND sent_at IS NULL \
            RETURNING dedupe_key
            """
        )
    }

    /// Records a failed attempt that will be retried at `retryAt` (Unix ms), and releases the claim.
    /// - Returns: false when the claim is no longer the sender's.
    @discardableResult
    package func recordRetry(
        _ dedupeKey: String,
        sender: String,
        error: String,
        retryAt: Int64
    ) async throws -> Bool {
        try await update(
            """
            UPDATE outbox_messages SET attempts = attempts + 1, last_error = \(bind: error), \
            send_after = \(bind: retryAt), claimed_by = NULL, claimed_until = NULL \
            WHERE dedupe_key = \(bind: dedupeKey) AND claimed_by = \(bind: sender) AND sent_at IS NULL \
            RETURNING dedupe_key
            """
        )
    }

    /// Gives up on a message (`failed_at`), and releases the claim.
    /// - Returns: false when the claim is no longer the sender's.
    @discardableResult
    package func markFailed(_ dedupeKey: String, sender: String, now: Int64, reason: String) async throws -> Bool {
        try await update(
            """
            UPDATE outbox_messages SET failed_at = \(bind: now), attempts = attempts + 1, \
            last_error = \(bind: reason), claimed_by = NULL, claimed_until = NULL \
            WHERE dedupe_key = \(bind: dedupeKey) AND claimed_by = \(bind: sender) AND sent_at IS NULL \
            RETURNING dedupe_key
            """
        )
    }

    /// Cancels one claimed message that no longer applies (`canceled_at`), and releases the claim.
    /// - Returns: false when the claim is no longer the sender's.
    @discardableResult
    package func cancel(_ dedupeKey: String, sender: String, now: Int64) async throws -> Bool {
        try await update(
            """
            UPDATE outbox_messages SET canceled_at = \(bind: now), claimed_by = NULL, claimed_until = NULL \
            WHERE dedupe_key = \(bind: dedupeKey) AND claimed_by = \(bind: sender) AND sent_at IS NULL \
            RETURNING dedupe_key
            """
        )
    }

    private func update(_ query: SQLQueryString) async throws -> Bool {
        try await database.transaction { sql in try await sql.raw(query).first() != nil }
    }

    // MARK: Reading

    /// One stored row, for tools and tests.
    package struct StoredMessage: Sendable, Equatable, Decodable {
        package var dedupeKey: String
        package var kind: String
        package var subjectID: String
        package var payload: String
        package var sendAfter: Int64
        package var sentAt: Int64?
        package var canceledAt: Int64?
        package var failedAt: Int64?
        package var attempts: Int64
        package var lastError: String?
        package var claimedBy: String?
        package var claimedUntil: Int64?

        enum CodingKeys: String, CodingKey {
            case kind, payload, attempts
            case dedupeKey = "dedupe_key"
            case subjectID = "subject_id"
            case sendAfter = "send_after"
            case sentAt = "sent_at"
            case canceledAt = "canceled_at"
            case failedAt = "failed_at"
            case lastError = "last_error"
            case claimedBy = "claimed_by"
            case claimedUntil = "claimed_until"
        }
    }

    /// Every row, by dedupe key (for tools and tests; not for large outboxes).
    package func allMessages() async throws -> [StoredMessage] {
        try await database.read { sql in
            try await sql.raw(
                """
                SELECT dedupe_key, kind, subject_id, payload, send_after, sent_at, canceled_at, failed_at, attempts, \
                last_error, claimed_by, claimed_until FROM outbox_messages ORDER BY dedupe_key
                """
            ).all(decoding: StoredMessage.self)
        }
    }

    /// How the rows of one kind stand: done (sent), pending (not yet attempted or due later without an error),
    /// failing (an attempt failed, retried later), failed (given up).
    package struct KindCounts: Sendable, Equatable, Decodable {
        package var done: Int
        package var pending: Int
        package var failing: Int
        package var failed: Int
    }

    /// The counts of rows of `kind`.
    package func hookCounts(kind: String) async throws -> KindCounts {
        try await database.read { sql in
            try await sql.raw(
                """
                SELECT \
                COALESCE(SUM(CASE WHEN sent_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS done, \
                COALESCE(SUM(CASE WHEN sent_at IS NULL AND canceled_at IS NULL AND failed_at IS NULL \
                AND last_error IS NULL THEN 1 ELSE 0 END), 0) AS pending, \
                COALESCE(SUM(CASE WHEN sent_at IS NULL AND canceled_at IS NULL AND failed_at IS NULL \
                AND last_error IS NOT NULL THEN 1 ELSE 0 END), 0) AS failing, \
                COALESCE(SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS failed \
                FROM outbox_messages WHERE kind = \(bind: kind)
                """
            ).first(decoding: KindCounts.self) ?? KindCounts(done: 0, pending: 0, failing: 0, failed: 0)
        }
    }

    /// Rows of `kind` that are failing or failed, the most recently attempted first.
    package func unfinished(kind: String, failedOnly: Bool, limit: Int) async throws -> [StoredMessage] {
        let condition: SQLQueryString =
            failedOnly
            ? "failed_at IS NOT NULL"
            : "sent_at IS NULL AND canceled_at IS NULL AND (failed_at IS NOT NULL OR last_error IS NOT NULL)"
        return try await database.read { sql in
            try await sql.raw(
                """
                SELECT dedupe_key, kind, subject_id, payload, send_after, sent_at, canceled_at, failed_at, attempts, \
                last_error, claimed_by, claimed_until FROM outbox_messages WHERE kind = \(bind: kind) \
                AND \(condition) ORDER BY COALESCE(failed_at, send_after) DESC, dedupe_key LIMIT \(bind: limit)
                """
            ).all(decoding: StoredMessage.self)
        }
    }

    /// Every dedupe key, sorted.
    static func allKeys(on sql: any SQLDatabase) async throws -> [String] {
        try await sql.raw("SELECT dedupe_key FROM outbox_messages ORDER BY dedupe_key").all()
            .map { try $0.decode(column: "dedupe_key", as: String.self) }
    }

    /// How many messages of `kind` were sent.
    static func sentCount(kind: String, on sql: any SQLDatabase) async throws -> Int {
        try await sql.raw(
            "SELECT COUNT(*) AS n FROM outbox_messages WHERE kind = \(bind: kind) AND sent_at IS NOT NULL"
        ).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// How many subjects had a message of `kind` sent and a later one canceled (the customer came back after a
    /// mail of the sequence).
    static func subjectsCanceledAfterSending(kind: String, on sql: any SQLDatabase) async throws -> Int {
        try await sql.raw(
            """
            SELECT COUNT(DISTINCT subject_id) AS n FROM outbox_messages o WHERE kind = \(bind: kind) \
            AND canceled_at IS NOT NULL AND EXISTS (SELECT 1 FROM outbox_messages s \
            WHERE s.kind = \(bind: kind) AND s.subject_id = o.subject_id AND s.sent_at IS NOT NULL)
            """
        ).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Deletes every row (benchmarks start from an empty outbox).
    package static func removeAll(on sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM outbox_messages").run()
    }
}
