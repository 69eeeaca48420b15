import BillingDatabase

extension BillingSettings {
    /// `billing_settings`: small operator settings such as the applied portal configuration id.
    static let createTable = Migration(
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
    )
}
