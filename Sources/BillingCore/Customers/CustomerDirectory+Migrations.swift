import BillingDatabase

extension CustomerDirectory {
    /// `billing_customers`: one Stripe customer per account, unique both ways, so concurrent first clicks and
    /// retries end with a single mapping.
    static let createTable = Migration(
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
    )

    /// The locale and time zone the account last read its billing page in, so mails about its customer (sent by the
    /// mailer, which knows only the customer) format money and dates the way the page did. Nullable: unknown until
    /// the account's next visit, and the configured default meanwhile.
    static let addFormatting = Migration(
        "0010_add_customer_formatting",
        [
            "ALTER TABLE billing_customers ADD COLUMN locale TEXT",
            "ALTER TABLE billing_customers ADD COLUMN time_zone TEXT",
        ]
    )
}
