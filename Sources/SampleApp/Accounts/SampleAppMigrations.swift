public import BillingDatabase

/// The sample app's own tables, applied after the billing schema by the same migrator.
public enum SampleAppMigrations {
    /// The app's migrations, in order.
    public static let all: [Migration] = [
        Migration(
            "1001_create_app_accounts",
            [
                """
                CREATE TABLE app_accounts (
                    id TEXT PRIMARY KEY,
                    email TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    password_hash TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE app_sessions (
                    token TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL REFERENCES app_accounts (id),
                    csrf_token TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL
                )
                """,
            ]
        ),
        Migration(
            "1002_add_app_account_locale",
            [
                "ALTER TABLE app_accounts ADD COLUMN locale TEXT",
                "ALTER TABLE app_accounts ADD COLUMN time_zone TEXT",
            ]
        ),
    ]
}
