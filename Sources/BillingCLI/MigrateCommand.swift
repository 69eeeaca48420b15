public import ArgumentParser
import BillingCore
import BillingDatabase
import Configuration
import Foundation
import Logging

/// `billing migrate`: applies the pending billing schema migrations to `database.url`.
public struct MigrateCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or update the billing tables (SQLite or PostgreSQL).",
        discussion: """
            Reads database.url (DATABASE_URL), default sqlite:./var/billing.sqlite. Safe to run repeatedly and from \
            several instances at once; each migration is recorded in schema_migrations.
            """
    )

    @Option(name: .customLong("database-url"), help: "Overrides DATABASE_URL (sqlite:<path>, postgres://…).")
    var databaseURL: String?

    @Flag(help: "List the applied migrations instead of applying.")
    var list = false

    public init() {}

    public func run() async throws {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        if let databaseURL {
            values[AbsoluteConfigKey(["database", "url"])] = ConfigValue(.string(databaseURL), isSecret: true)
        }
        let reader = ConfigReader(providers: [InMemoryProvider(values: values), EnvironmentVariablesProvider()])
        let configuration = try DatabaseConfiguration(reader: reader.scoped(to: "database"))
        var logger = Logger(label: "billing.migrate")
        logger.logLevel = .warning
        let list = list
        let lines = try await DatabaseConnector.withDatabase(configuration, logger: logger) { database in
            let migrator = Migrator()
            if list {
                return try await migrator.appliedMigrations(database).map { "applied  \($0)" }
            }
            let applied = try await migrator.migrate(database, logger: logger)
            return applied.isEmpty ? ["schema is up to date"] : applied.map { "applied  \($0)" }
        }
        for line in lines { print(line) }
    }
}
