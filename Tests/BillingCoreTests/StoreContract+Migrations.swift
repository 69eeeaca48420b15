import BillingCore
import BillingDatabase
import BillingTestSupport
import Testing

extension StoreContract {
    static func migrationsApplyOnceInOrder(_ backend: TestBackend) async throws {
        try await TestDatabase.with(backend, migrate: false) { database in
            let migrator = Migrator()

            let first = try await migrator.migrate(database, logger: TestDatabase.logger)
            let second = try await migrator.migrate(database, logger: TestDatabase.logger)

            #expect(first == BillingMigrations.all.map(\.name))
            #expect(second.isEmpty)
            #expect(try await migrator.appliedMigrations(database) == BillingMigrations.all.map(\.name))
        }
    }
}
