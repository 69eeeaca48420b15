import Foundation
import SQLKit
import StripeAPI

/// Reads and writes the projection tables inside a caller's transaction.
enum ProjectionStore {
    private static let encoder = SQLQueryEncoder(nilEncodingStrategy: .asNil)

    private static func table(for snapshot: ObjectSnapshot) -> (name: String, terminal: SQLQueryString) {
        switch snapshot {
        case .subscription: ("billing_subscriptions", "deleted")
        case .invoice: ("billing_invoices", "status = 'deleted'")
        case .paymentMethod: ("billing_payment_methods", "detached")
        case .customer: ("billing_stripe_customers", "deleted")
        }
    }

    private static func objectID(of snapshot: ObjectSnapshot) -> String {
        switch snapshot {
        case .subscription(let s): s.id.rawValue
        case .invoice(let i): i.id.rawValue
        case .paymentMethod(let p): p.id.rawValue
        case .customer(let c): c.id.rawValue
        }
    }

    private struct VersionRow: Decodable {
        var snapshotCreated: Int64
        var snapshotEventID: String?
        var terminal: Bool

        enum CodingKeys: String, CodingKey {
            case terminal
            case snapshotCreated = "snapshot_created"
            case snapshotEventID = "snapshot_event_id"
        }
    }

    /// The version of the stored snapshot of the same object, nil when none is stored.
    static func storedVersion(of snapshot: ObjectSnapshot, on sql: any SQLDatabase) async throws -> SnapshotVersion? {
        let table = table(for: snapshot)
        let row = try await sql.raw(
            """
            SELECT snapshot_created, snapshot_event_id, \(table.terminal) AS terminal
            FROM \(ident: table.name) WHERE id = \(bind: objectID(of: snapshot))
            """
        ).first(decoding: VersionRow.self)
        return row.map {
            SnapshotVersion(created: $0.snapshotCreated, eventID: $0.snapshotEventID, isTerminal: $0.terminal)
        }
    }

    /// Writes a snapshot as the object's current state (insert or replace).
    static func write(_ snapshot: ObjectSnapshot, version: SnapshotVersion, now: Int64, on sql: any SQLDatabase)
        async throws
    {
        switch snapshot {
        case .subscription(let s):
            try await upsert(SubscriptionRow(s, version: version), into: "billing_subscriptions", now: now, on: sql)
        case .invoice(let i):
            try await upsert(InvoiceRow(i, version: version), into: "billing_invoices", now: now, on: sql)
        case .paymentMethod(let p):
            try await upsert(PaymentMethodRow(p, version: version), into: "billing_payment_methods", now: now, on: sql)
        case .customer(let c):
            try await upsert(
                StripeCustomerRow(c, version: version),
                into: "billing_stripe_customers",
                now: now,
                on: sql
            )
            if let account = c.accountID, !version.isTerminal {
                // A customer created outside this library (Dashboard, another service) still maps to its account.
                try await sql.raw(
                    """
                    INSERT INTO billing_customers (account_id, stripe_customer_id, livemode, created_at)
                    VALUES (\(bind: account.rawValue), \(bind: c.id.rawValue), FALSE, \(bind: now))
                    ON CONFLICT DO NOTHING
                    """
                ).run()
            }
        }
    }

    /// Records a completed Checkout's customer for its account when the account has no customer yet and the customer
    /// is not mapped to another account; otherwise changes nothing.
    ///
    /// Both columns of `billing_customers` are unique, so `ON CONFLICT DO NOTHING` is exactly that rule, and an
    /// existing mapping is never rewritten: a session naming another account than its customer's cannot move the
    /// customer, and replays or reorderings insert the same row or nothing.
    static func link(_ link: CustomerLink, now: Int64, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            INSERT INTO billing_customers (account_id, stripe_customer_id, livemode, created_at)
            VALUES (\(bind: link.account.rawValue), \(bind: link.customer.rawValue), \(bind: link.livemode), \(bind: now))
            ON CONFLICT DO NOTHING
            """
        ).run()
    }

    /// Inserts or replaces one row.
    ///
    /// The statement text is built here rather than with SQLKit's insert builder: the builder quotes every
    /// identifier with a string search-and-replace, and with 26 columns named twice (values and `DO UPDATE SET`)
    /// SQLKit's statement serialization was a quarter of the CPU samples in `billing bench webhooks --direct`,
    /// much of it while the processor held the SQLite writer. Column names come from the row
    /// types' own `CodingKeys`, never from input, so they are quoted directly; every value is still a bind.
    private static func upsert(
        _ row: some Encodable & Sendable,
        into table: String,
        now: Int64,
        on sql: any SQLDatabase
    ) async throws {
        let values = try encoder.encode(Combined(row: row, updatedAt: now))
        let columns = values.map { "\"\($0.0)\"" }
        var query = SQLQueryString("INSERT INTO \"\(table)\" (\(columns.joined(separator: ", "))) VALUES (")
        for (index, value) in values.enumerated() {
            if index > 0 { query.appendLiteral(", ") }
            query.appendInterpolation(value.1)
        }
        query.appendLiteral(") ON CONFLICT (\"id\") DO UPDATE SET ")
        query.appendLiteral(columns.map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", "))
        try await sql.raw(query).run()
    }

    /// A row plus `updated_at`, encoded flat.
    private struct Combined<Row: Encodable & Sendable>: Encodable, Sendable {
        var row: Row
        var updatedAt: Int64

        func encode(to encoder: any Encoder) throws {
            try row.encode(to: encoder)
            var container = encoder.container(keyedBy: UpdatedKey.self)
            try container.encode(updatedAt, forKey: .updatedAt)
        }

        enum UpdatedKey: String, CodingKey { case updatedAt = "updated_at" }
    }

    /// Enqueues outbox messages in the projection transaction (``OutboxStore`` owns the table); a message whose
    /// dedupe key exists is skipped.
    static func enqueue(_ messages: [OutboxMessage], sourceEventID: String?, now: Int64, on sql: any SQLDatabase)
        async throws
    {
        try await OutboxStore.enqueue(messages, sourceEventID: sourceEventID, now: now, on: sql)
    }
}
