public import BillingDatabase

/// The billing schema as an ordered migration list, identical on SQLite and PostgreSQL. Each migration is declared
/// next to the type that owns its table.
///
/// Times we set are Unix milliseconds (`received_at`, `processed_at`, `next_attempt_at`, `updated_at`, …); times
/// Stripe sets are Unix seconds as Stripe sends them (`created`, `cancel_at`, `current_period_end`, …).
public enum BillingMigrations {
    /// Every migration, in order. Append new ones; never edit, rename or reorder shipped ones.
    public static let all: [Migration] = [
        CustomerDirectory.createTable,
        EventLog.createTable,
        ProjectionStore.createTables,
        OutboxStore.createTable,
        BillingSettings.createTable,
        OutboxStore.addFailedAt,
        CancellationSurveyStore.createTable,
        OutboxStore.addClaims,
        ProjectionStore.addInvoiceDiscounts,
        CustomerDirectory.addFormatting,
    ]
}

extension Migrator {
    /// Creates a migrator for the billing schema, ``BillingMigrations/all``.
    public init() {
        self.init(migrations: BillingMigrations.all)
    }
}
