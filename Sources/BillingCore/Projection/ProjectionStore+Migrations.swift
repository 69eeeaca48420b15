import BillingDatabase

extension ProjectionStore {
    /// The projection tables (customers, subscriptions, payment methods, invoices) as the reducer writes them.
    /// `snapshot_created` and `snapshot_event_id` record the last applied snapshot, which is how the processor
    /// ignores older, out-of-order events.
    static let createTables = Migration(
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
    )

    /// What an invoice's discounts took off and the subtotal they applied to, so the billing page can show a
    /// promotion code's effect after the subscription no longer carries it. Nullable: invoices projected before
    /// this migration have neither until their next event.
    static let addInvoiceDiscounts = Migration(
        "0009_add_invoice_discounts",
        [
            "ALTER TABLE billing_invoices ADD COLUMN subtotal BIGINT",
            "ALTER TABLE billing_invoices ADD COLUMN discount_amount BIGINT",
        ]
    )
}
