import BillingCore
public import BillingDatabase
import Foundation
public import Logging
import PostgresKit
import PostgresNIO
import SQLKit

/// The database backends a store test can run on.
public enum TestBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    /// SQLite in memory (always available).
    case sqlite
    /// PostgreSQL at `BILLING_TEST_POSTGRES_URL`, in a fresh schema per test.
    case postgres

    /// The PostgreSQL URL from the environment, nil when the Postgres suites should be skipped.
    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["BILLING_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public var description: String { rawValue }
}

/// Opens an isolated, migrated database for one test.
public enum TestDatabase {
    /// A logger that prints warnings and above.
    public static var logger: Logger {
        var logger = Logger(label: "billing.test")
        logger.logLevel = .warning
        return logger
    }

    /// Runs `body` with a fresh, migrated database on `backend` and removes it afterwards.
    ///
    /// SQLite gets a private in-memory database (or a temporary file when `file` is true); PostgreSQL gets a new
    /// schema that is dropped at the end, so tests run in parallel without seeing each other's rows.
    public static func with<T: Sendable>(
        _ backend: TestBackend,
        file: Bool = false,
        migrate: Bool = true,
        _ body: (any BillingDatabase) async throws -> T
    ) async throws -> T {
        switch backend {
        case .sqlite:
            let location: DatabaseConfiguration.SQLiteLocation
            var path: String?
            if file {
                let tmp = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "billing-test-\(UUID().uuidString).sqlite"
                ).path
                path = tmp
                location = .file(tmp)
            } else {
                location = .memory
            }
            defer {
                if let path {
                    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                }
            }
            return try await DatabaseConnector.withDatabase(
                DatabaseConfiguration(backend: .sqlite(location)),
                logger: logger
            ) { database in
                if migrate { try await Migrator().migrate(database, logger: logger) }
                return try await body(database)
            }
        case .postgres:
            guard let url = TestBackend.postgresURL else { throw MissingPostgres() }
            let base = try DatabaseConfiguration(url: url)
            guard case .postgres(var endpoint) = base.backend else { throw MissingPostgres() }
            let schema = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try await DatabaseConnector.withDatabase(base, logger: logger) { admin in
                try await admin.transaction { sql in try await sql.raw("CREATE SCHEMA \(ident: schema)").run() }
            }
            endpoint.schema = schema
            do {
                let result = try await DatabaseConnector.withDatabase(
                    DatabaseConfiguration(backend: .postgres(endpoint)),
                    logger: logger
                ) { database in
                    if migrate { try await Migrator().migrate(database, logger: logger) }
                    return try await body(database)
                }
                try await dropSchema(schema, base: base)
                return result
            } catch {
                try? await dropSchema(schema, base: base)
                throw error
            }
        }
    }

    private static func dropSchema(_ schema: String, base: DatabaseConfiguration) async throws {
        try await DatabaseConnector.withDatabase(base, logger: logger) { admin in
            try await admin.transaction { sql in try await sql.raw("DROP SCHEMA \(ident: schema) CASCADE").run() }
        }
    }

    /// `BILLING_TEST_POSTGRES_URL` is not set.
    public struct MissingPostgres: Error {}
}
