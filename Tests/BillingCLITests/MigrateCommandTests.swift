import ArgumentParser
import BillingCLI
import BillingCore
import BillingDatabase
import BillingTestSupport
import Foundation
import Testing

@Suite struct MigrateCommandTests {
    @Test func migrateCreatesTheSchemaOnceInASQLiteFile() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-\(UUID().uuidString).sqlite")
            .path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }

        for _ in 0..<2 {
            var command = try #require(
                try BillingCommand.parseAsRoot(["migrate", "--database-url", "sqlite:\(path)"])
                    as? any AsyncParsableCommand
            )
            try await command.run()
        }

        let applied = try await DatabaseConnector.withDatabase(
            DatabaseConfiguration(url: "sqlite:\(path)"),
            logger: TestDatabase.logger
        ) { database in
            try await Migrator().appliedMigrations(database)
        }
        #expect(applied == BillingMigrations.all.map(\.name))
    }

    @Test func migrateRejectsAnUnsupportedURL() async throws {
        var command = try #require(
            try BillingCommand.parseAsRoot(["migrate", "--database-url", "mysql://x"]) as? any AsyncParsableCommand
        )
        await #expect(throws: DatabaseConfigurationError.unsupportedURL) { try await command.run() }
    }
}
