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

    /// Writes a snapshot as the object's current state (insert or replace), and maps a customer created outside
    /// this library to its account; a batch of one.
    static func write(_ snapshot: ObjectSnapshot, version: SnapshotVersion, now: Int64, on sql: any SQLDatabase)
        async throws
    {
        var batch = ProjectionBatch()
        batch.write(snapshot, version: version)
        try await write(batch, now: now, on: sql)
    }

    /// Records a completed Checkout's customer for its account when the account has no customer yet and the customer
    /// is not mapped to another account; otherwise changes nothing.
    ///
    /// Both columns of `billing_customers` are unique, so `ON CONFLICT DO NOTHING` is exactly that rule, and an
    /// existing mapping is never rewritten: a session naming another account than its customer's cannot move the
    /// customer, and replays or reorderings insert the same row or nothing.
    static func link(_ link: CustomerLink, now: Int64, on sql: any SQLDatabase) async throws {
        var batch = ProjectionBatch()
        batch.link(link)
        try await write(batch, now: now, on: sql)
    }

    /// Inserts or replaces rows of one type, one statement per 100 rows; the rows must have distinct ids (a
    /// PostgreSQL `DO UPDATE` refuses to touch one row twice in a statement).
    ///
    /// The statement text is built here rather than with SQLKit's insert builder: the builder quotes every
    /// identifier with a string search-and-replace, and with 26 columns named twice (values and `DO UPDATE SET`)
    /// SQLKit's statement serialization was a quarter of the CPU samples in `billing bench webhooks --direct`,
    /// much of it while the processor held the SQLite writer. Column names come from the row
    /// types' own `CodingKeys`, never from input, so they are quoted directly; every value is still a bind.
    private static func upsert<Row: Encodable & Sendable>(
        _ rows: [Row],
        into table: String,
        now: Int64,
        on sql: any SQLDatabase
    ) async throws {
        // At most 27 binds a row: 100 rows stay far below both backends' bind limits.
        for start in stride(from: rows.startIndex, to: rows.endIndex, by: 100) {
            let end = min(start + 100, rows.endIndex)
            var columns: [String] = []
            var query = SQLQueryString("")
            for (offset, row) in rows[start..<end].enumerated() {
                let values = try encoder.encode(Combined(row: row, updatedAt: now))
                if offset == 0 {
                    columns = values.map { "\"\($0.0)\"" }
                    query.appendLiteral("INSERT INTO \"\(table)\" (\(columns.joined(separator: ", "))) VALUES (")
                } else {
                    query.appendLiteral("), (")
                }
                for (index, value) in values.enumerated() {
                    if index > 0 { query.appendLiteral(", ") }
                    query.appendInterpolation(value.1)
                }
            }
            query.appendLiteral(") ON CONFLICT (\"id\") DO UPDATE SET ")
            query.appendLiteral(columns.map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", "))
            try await sql.raw(query).run()
        }
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

    // MARK: Batches

    /// The stored versions of the objects of `snapshots`, keyed by ``ObjectSnapshot/key``, with one query per
    /// table; objects not stored are absent.
    static func storedVersions(of snapshots: [ObjectSnapshot], on sql: any SQLDatabase) async throws
        -> [String: SnapshotVersion]
    {
        // Per table: its terminal expression, and each object id with the snapshot key it answers for.
        var byTable: [String: (terminal: SQLQueryString, keys: [(id: String, key: String)])] = [:]
        var seen: Set<String> = []
        for snapshot in snapshots where seen.insert(snapshot.key).inserted {
            let table = table(for: snapshot)
            byTable[table.name, default: (table.terminal, [])].keys.append((objectID(of: snapshot), snapshot.key))
        }
        var versions: [String: SnapshotVersion] = [:]
        for (name, entry) in byTable.sorted(by: { $0.key < $1.key }) {
            // 100 ids a query keeps the bind count small.
            for start in stride(from: 0, to: entry.keys.count, by: 100) {
                let slice = entry.keys[start..<min(start + 100, entry.keys.count)]
                let keyByID = Dictionary(slice.map { ($0.id, $0.key) }, uniquingKeysWith: { first, _ in first })
                let rows = try await sql.raw(
                    """
                    SELECT id, snapshot_created, snapshot_event_id, \(entry.terminal) AS terminal
                    FROM \(ident: name) WHERE id IN \(SQLBind.group(slice.map { $0.id as any Encodable & Sendable }))
                    """
                ).all()
                for row in rows {
                    guard let key = keyByID[try row.decode(column: "id", as: String.self)] else { continue }
                    let version = try row.decode(model: VersionRow.self)
                    versions[key] = SnapshotVersion(
                        created: version.snapshotCreated,
                        eventID: version.snapshotEventID,
                        isTerminal: version.terminal
                    )
                }
            }
        }
        return versions
    }

    /// Writes a batch: one upsert per projection table, one insert for the customer mappings, one for the outbox.
    static func write(_ batch: ProjectionBatch, now: Int64, on sql: any SQLDatabase) async throws {
        var subscriptions: [SubscriptionRow] = []
        var invoices: [InvoiceRow] = []
        var paymentMethods: [PaymentMethodRow] = []
        var customers: [StripeCustomerRow] = []
        for (snapshot, version) in batch.orderedSnapshots {
            switch snapshot {
            case .subscription(let s): subscriptions.append(SubscriptionRow(s, version: version))
            case .invoice(let i): invoices.append(InvoiceRow(i, version: version))
            case .paymentMethod(let p): paymentMethods.append(PaymentMethodRow(p, version: version))
            case .customer(let c): customers.append(StripeCustomerRow(c, version: version))
            }
        }
        if !subscriptions.isEmpty { try await upsert(subscriptions, into: "billing_subscriptions", now: now, on: sql) }
        if !invoices.isEmpty { try await upsert(invoices, into: "billing_invoices", now: now, on: sql) }
        if !paymentMethods.isEmpty {
            try await upsert(paymentMethods, into: "billing_payment_methods", now: now, on: sql)
        }
        if !customers.isEmpty { try await upsert(customers, into: "billing_stripe_customers", now: now, on: sql) }
        if !batch.mappings.isEmpty {
            // In event order: both columns are unique, so the first mapping of an account or customer wins, as when
            // the events apply one by one.
            var query: SQLQueryString =
                "INSERT INTO billing_customers (account_id, stripe_customer_id, livemode, created_at) VALUES "
            for (offset, mapping) in batch.mappings.enumerated() {
                if offset > 0 { query.appendLiteral(", ") }
                query.appendInterpolation(
                    "(\(bind: mapping.account), \(bind: mapping.customer), \(bind: mapping.livemode), \(bind: now))"
                        as SQLQueryString
                )
            }
            query.appendLiteral(" ON CONFLICT DO NOTHING")
            try await sql.raw(query).run()
        }
        if !batch.outbox.isEmpty { try await OutboxStore.enqueue(batch.outbox, now: now, on: sql) }
    }

    /// Enqueues outbox messages in the projection transaction (``OutboxStore`` owns the table); a message whose
    /// dedupe key exists is skipped.
    static func enqueue(_ messages: [OutboxMessage], sourceEventID: String?, now: Int64, on sql: any SQLDatabase)
        async throws
    {
        try await OutboxStore.enqueue(messages, sourceEventID: sourceEventID, now: now, on: sql)
    }
}
