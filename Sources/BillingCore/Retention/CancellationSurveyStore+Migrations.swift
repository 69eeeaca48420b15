import BillingDatabase

extension CancellationSurveyStore {
    /// `cancellation_surveys`: the answers customers give before canceling and what happened to the save offer.
    static let createTable = Migration(
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
    )
}
