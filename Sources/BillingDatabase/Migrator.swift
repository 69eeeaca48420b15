import BillingSupport
import Foundation
public import Logging
import SQLKit

/// Applies an ordered list of ``Migration``s that have not been applied yet, recording each in `schema_migrations`.
///
/// Safe to run from several processes at once: on PostgreSQL an advisory lock serializes migrators, and on SQLite
/// the write lock does. Each migration and its record commit together.
public struct Migrator: Sendable {
    /// The migrations, in the order they must be applied.
    public let migrations: [Migration]

    /// Creates a migrator; BillingCore's `Migrator()` applies the billing schema.
    public init(migrations: [Migration]) {
        self.migrations = migrations
    }

    /// Applies the pending migrations.
    /// - Parameters:
    ///   - database: the target database.
    ///   - logger: receives one `info` line per applied migration.
    /// - Returns: the names applied by this call, in order (empty when the schema was up to date).
    @discardableResult
    public func migrate(_ database: any BillingDatabase, logger: Logger) async throws -> [String] {
        let dialect = database.dialect
        try await database.transaction { sql in
            if let lock = dialect.migrationLockStatement { try await sql.raw("\(unsafeRaw: lock)").run() }
            try await sql.raw(
                "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)"
            ).run()
        }
        var applied: [String] = []
        for migration in migrations {
            let didApply = try await database.transaction { sql in
                if let lock = dialect.migrationLockStatement { try await sql.raw("\(unsafeRaw: lock)").run() }
                let existing = try await sql.raw(
                    "SELECT name FROM schema_migrations WHERE name = \(bind: migration.name)"
                ).first()
                guard existing == nil else { return false }
                try await migration.apply(on: sql, dialect: dialect)
                let now = Date().unixMilliseconds
                try await sql.raw(
                    "INSERT INTO schema_migrations (name, applied_at) VALUES (\(bind: migration.name), \(bind: now))"
                ).run()
                return true
            }
            if didApply {
                logger.info("applied migration", metadata: ["migration": "\(migration.name)"])
                applied.append(migration.name)
            }
        }
        return applied
    }

    /// The names recorded in `schema_migrations`, in the order they were applied.
    public func appliedMigrations(_ database: any BillingDatabase) async throws -> [String] {
        try await database.read { sql in
            try await sql.raw("SELECT name FROM schema_migrations ORDER BY applied_at, name").all().map {
                try $0.decode(column: "name", as: String.self)
            }
        }
    }
}
