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
}
