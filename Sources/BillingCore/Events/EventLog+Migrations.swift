import BillingDatabase

extension EventLog {
    /// `stripe_events`: every received event, keyed by its id so a redelivery is a no-op, with the processing state
    /// (`processed_at`, `attempts`, `last_error`, `next_attempt_at`); the partial index serves the processor's claim.
    static let createTable = Migration(
        "0002_create_stripe_events",
        [
            """
            CREATE TABLE stripe_events (
                id TEXT PRIMARY KEY,
                type TEXT NOT NULL,
                created BIGINT NOT NULL,
                livemode BOOLEAN NOT NULL,
                api_version TEXT,
                object_id TEXT,
                payload TEXT NOT NULL,
                received_at BIGINT NOT NULL,
                processed_at BIGINT,
                attempts BIGINT NOT NULL DEFAULT 0,
                last_error TEXT,
                next_attempt_at BIGINT NOT NULL DEFAULT 0
            )
            """,
            """
            CREATE INDEX stripe_events_pending ON stripe_events (next_attempt_at, created, id)
            WHERE processed_at IS NULL
            """,
        ]
    )
}
