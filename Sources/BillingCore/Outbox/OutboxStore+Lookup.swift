import SQLKit

extension OutboxStore {
    /// Where one message stands.
    enum MessageStatus: Sendable, Equatable {
        /// Not sent, canceled or failed yet (it may be claimed).
        case pending
        /// Delivered.
        case sent
        /// Canceled because it no longer applied, or given up on.
        case dropped
    }

    /// The status of the message with `dedupeKey`, inside the caller's transaction; nil when there is none.
    static func status(of dedupeKey: String, on sql: any SQLDatabase) async throws -> MessageStatus? {
        guard
            let row = try await sql.raw(
                """
                SELECT sent_at, canceled_at, failed_at FROM outbox_messages WHERE dedupe_key = \(bind: dedupeKey)
                """
            ).first()
        else { return nil }
        if try row.decode(column: "sent_at", as: Int64?.self) != nil { return .sent }
        if try row.decode(column: "canceled_at", as: Int64?.self) != nil
            || row.decode(column: "failed_at", as: Int64?.self) != nil
        {
            return .dropped
        }
        return .pending
    }
}
