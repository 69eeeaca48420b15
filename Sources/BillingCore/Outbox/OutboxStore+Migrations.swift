import BillingDatabase

extension OutboxStore {
    /// `outbox_messages`: side effects keyed for exactly-once (`dedupe_key`), due at `send_after`, done when
    /// `sent_at` or `canceled_at` is set; the partial index serves the senders' claims.
    static let createTable = Migration(
        "0004_create_outbox_messages",
        [
            """
            CREATE TABLE outbox_messages (
                dedupe_key TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                subject_id TEXT NOT NULL,
                payload TEXT NOT NULL,
                source_event_id TEXT,
                created_at BIGINT NOT NULL,
                send_after BIGINT NOT NULL,
                sent_at BIGINT,
                canceled_at BIGINT,
                attempts BIGINT NOT NULL DEFAULT 0,
                last_error TEXT
            )
            """,
            """
            CREATE INDEX outbox_messages_pending ON outbox_messages (send_after)
            WHERE sent_at IS NULL AND canceled_at IS NULL
            """,
        ]
    )

    /// `failed_at`: rows a sender gave up on (a permanent rejection, or retries exhausted).
    static let addFailedAt = Migration(
        "0006_add_outbox_failed_at",
        ["ALTER TABLE outbox_messages ADD COLUMN failed_at BIGINT"]
    )

    /// The sender's lease: `claimed_by` names the sender that holds the row, `claimed_until` (Unix ms) is when
    /// another sender may take it over, so several instances never send one row at the same time.
    static let addClaims = Migration(
        "0008_add_outbox_claims",
        [
            "ALTER TABLE outbox_messages ADD COLUMN claimed_by TEXT",
            "ALTER TABLE outbox_messages ADD COLUMN claimed_until BIGINT",
        ]
    )
}
