import SQLKit

/// One named, ordered schema change.
///
/// A migration's name is recorded in `schema_migrations` when it has been applied; it is never applied twice. Its
/// statements run in the same transaction as that record, so a failed migration leaves no trace.
public struct Migration: Sendable {
    /// A unique, stable name such as `0001_create_billing_customers`.
    public let name: String
    private let statements: @Sendable (DatabaseDialect) -> [String]

    /// Creates a migration from SQL statements that may depend on the dialect.
    /// - Parameters:
    ///   - name: the recorded name; never rename a shipped migration.
    ///   - statements: the DDL to run, in order. They are constants written by us, never user input.
    public init(_ name: String, statements: @escaping @Sendable (DatabaseDialect) -> [String]) {
        self.name = name
        self.statements = statements
    }

    /// Creates a migration whose statements are the same on every dialect.
    public init(_ name: String, _ statements: [String]) {
        self.init(name) { _ in statements }
    }

    func apply(on database: any SQLDatabase, dialect: DatabaseDialect) async throws {
        for statement in statements(dialect) {
            try await database.raw("\(unsafeRaw: statement)").run()
        }
    }
}
