/// The billing schema as an ordered migration list, identical on SQLite and PostgreSQL.
///
/// Times we set are Unix milliseconds (`received_at`, `processed_at`, `next_attempt_at`, `updated_at`, …); times
/// Stripe sets are Unix seconds as Stripe sends them (`created`, `cancel_at`, `current_period_end`, …).
/// `snapshot_created` and `snapshot_event_id` on projection tables record the last applied snapshot, which is how
/// the processor ignores older, out-of-order events.
public enum BillingMigrations {
    /// Every migration, in order. Append new ones; never edit or reorder shipped ones.
    public static let all: [Migration] = [
        Migration(
            "0001_create_billing_customers",
            [
                """
                CREATE TABLE billing_customers (
                    account_id TEXT PRIMARY KEY,
                    stripe_customer_id TEXT NOT NULL UNIQUE,
                    livemode BOOLEAN NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """
            ]
        ),
        Migration(
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
        ),
        Migration(
            "0003_create_billing_projections",
            [
                """
                CREATE TABLE billing_stripe_customers (
                    id TEXT PRIMARY KEY,
                    email TEXT,
                    default_payment_method_id TEXT,
                    deleted BOOLEAN NOT NULL,
                    snapshot_created BIGINT NOT NULL,
                    snapshot_event_id TEXT,
                    updated_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE billing_subscriptions (
                    id TEXT PRIMARY KEY,
                    stripe_customer_id TEXT NOT NULL,
                    status TEXT NOT NULL,
                    price_id TEXT,
                    product_id TEXT,
                    lookup_key TEXT,
                    quantity BIGINT,
                    cancel_at_period_end BOOLEAN NOT NULL,
                    cancel_at BIGINT,
                    canceled_at BIGINT,
                    ended_at BIGINT,
                    current_period_end BIGINT,
                    trial_end BIGINT,
                    pause_behavior TEXT,
                    pause_resumes_at BIGINT,
                    cancellation_reason TEXT,
                    cancellation_feedback TEXT,
                    cancellation_comment TEXT,
                    default_payment_method_id TEXT,
                    latest_invoice_id TEXT,
                    livemode BOOLEAN NOT NULL,
                    deleted BOOLEAN NOT NULL,
                    created BIGINT NOT NULL,
                    snapshot_created BIGINT NOT NULL,
                    snapshot_event_id TEXT,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX billing_subscriptions_customer ON billing_subscriptions (stripe_customer_id)",
                """
                CREATE TABLE billing_payment_methods (
                    id TEXT PRIMARY KEY,
                    stripe_customer_id TEXT,
                    type TEXT NOT NULL,
                    brand TEXT,
                    last4 TEXT,
                    exp_month BIGINT,
                    exp_year BIGINT,
                    detached BOOLEAN NOT NULL,
                    snapshot_created BIGINT NOT NULL,
                    snapshot_event_id TEXT,
                    updated_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE billing_invoices (
                    id TEXT PRIMARY KEY,
                    stripe_customer_id TEXT NOT NULL,
                    subscription_id TEXT,
                    status TEXT NOT NULL,
                    amount_due BIGINT,
                    currency TEXT,
                    attempt_count BIGINT,
                    next_payment_attempt BIGINT,
                    payment_failed BOOLEAN NOT NULL,
                    hosted_invoice_url TEXT,
                    created BIGINT NOT NULL,
                    snapshot_created BIGINT NOT NULL,
                    snapshot_event_id TEXT,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX billing_invoices_customer ON billing_invoices (stripe_customer_id, created)",
            ]
        ),
        Migration(
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
        ),
        // Appended by helper F (issue 7): small operator settings such as the applied portal configuration id.
        Migration(
            "0005_create_billing_settings",
            [
                """
                CREATE TABLE billing_settings (
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """
            ]
        ),
        // Appended by helper G (issue 8): outbox rows the mail sender gave up on (5xx, or retries exhausted).
        Migration(
            "0006_add_outbox_failed_at",
            ["ALTER TABLE outbox_messages ADD COLUMN failed_at BIGINT"]
        ),
        // Appended by helper G (issue 8): cancellation survey answers and what happened to the save offer.
        Migration(
            "0007_create_cancellation_surveys",
            [
                """
                CREATE TABLE cancellation_surveys (
                    id TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL,
                    subscription_id TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    comment TEXT,
                    offer TEXT,
                    outcome TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX cancellation_surveys_subscription ON cancellation_surveys (subscription_id, created_at)",
                "CREATE INDEX cancellation_surveys_created ON cancellation_surveys (created_at)",
            ]
        ),
    ]
}
