import BillingDatabase
import BillingTestSupport
import Foundation
import SQLKit
import StripeAPI
import Testing

@testable import BillingCore

/// `checkout.session.completed` links its customer to the account in `client_reference_id`, and only where neither
/// side is mapped yet.
@Suite struct CheckoutLinkTests {
    static func session(
        account: String?,
        customer: String,
        mode: String = "subscription",
        status: String = "complete"
    ) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string("cs_test_1"), "object": .string("checkout.session"), "mode": .string(mode),
            "status": .string(status), "customer": .string(customer), "subscription": .string("sub_1"),
            "livemode": .bool(false),
        ]
        if let account { object["client_reference_id"] = .string(account) }
        return .object(object)
    }

    static func completed(_ harness: BillingHarness, id: String, created: Int = 1_780_000_000, _ session: JSONValue)
        -> Data
    {
        harness.factory.body(id: id, type: "checkout.session.completed", created: created, object: session)
    }

    /// Maps `account` to `customer` as the app's own lazy creation would.
    static func map(_ account: String, to customer: String, in harness: BillingHarness) async throws {
        try await harness.database.transaction { sql in
            try await sql.raw(
                """
                INSERT INTO billing_customers (account_id, stripe_customer_id, livemode, created_at)
                VALUES (\(bind: account), \(bind: customer), FALSE, 1)
                """
            ).run()
        }
    }

    static func mappings(_ harness: BillingHarness) async throws -> [String: String] {
        try await harness.database.read { sql in
            let rows = try await sql.raw("SELECT account_id, stripe_customer_id FROM billing_customers").all()
            var result: [String: String] = [:]
            for row in rows {
                result[try row.decode(column: "account_id", as: String.self)] = try row.decode(
                    column: "stripe_customer_id",
                    as: String.self
                )
            }
            return result
        }
    }

    @Test func aCompletedSubscriptionCheckoutLinksAnUnmappedAccountToItsCustomer() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let harness = try BillingHarness(database: database)
            let event = Self.completed(harness, id: "evt_1", Self.session(account: "acct_new", customer: "cus_new"))
            #expect(await harness.deliver(event) == .accepted("evt_1"))
            try await harness.processor().drain()
            #expect(try await Self.mappings(harness) == ["acct_new": "cus_new"])
        }
    }

    @Test func aSessionNamingAnotherAccountThanTheCustomersIsIgnored() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let harness = try BillingHarness(database: database)
            try await Self.map("acct_owner", to: "cus_owner", in: harness)
            try await Self.map("acct_other", to: "cus_other", in: harness)
            let events = [
                // The customer belongs to another account.
                Self.completed(harness, id: "evt_1", Self.session(account: "acct_intruder", customer: "cus_owner")),
                // The account already has a customer; a session cannot replace it.
                Self.completed(harness, id: "evt_2", Self.session(account: "acct_other", customer: "cus_owner")),
                Self.completed(harness, id: "evt_3", Self.session(account: "acct_owner", customer: "cus_stray")),
            ]
            for event in events { _ = await harness.deliver(event) }
            try await harness.processor().drain()
            #expect(try await Self.mappings(harness) == ["acct_owner": "cus_owner", "acct_other": "cus_other"])
        }
    }

    @Test func sessionsThatAreNotCompletedSubscriptionsOrNameNoAccountLinkNothing() throws {
        let factory = StripeEventFactory()
        for session in [
            Self.session(account: "acct_1", customer: "cus_1", mode: "payment"),
            Self.session(account: "acct_1", customer: "cus_1", status: "open"),
            Self.session(account: nil, customer: "cus_1"),
            Self.session(account: "", customer: "cus_1"),
        ] {
            let body = factory.body(id: "evt_1", type: "checkout.session.completed", created: 1, object: session)
            #expect(try EventReducer.reduce(type: "checkout.session.completed", payload: body) == .ignored)
        }
    }

    /// Any order and any duplication of competing sessions ends with the same single mapping per side.
    @Test func duplicatesAndPermutationsLinkOnce() async throws {
        let orders: [[Int]] = [[0, 1, 2, 0], [2, 1, 0, 2, 2], [1, 0, 1, 2]]
        for order in orders {
            try await TestDatabase.with(.sqlite) { database in
                let harness = try BillingHarness(database: database)
                try await Self.map("acct_owner", to: "cus_owner", in: harness)
                let sessions = [
                    Self.session(account: "acct_new", customer: "cus_new"),
                    Self.session(account: "acct_intruder", customer: "cus_owner"),
                    Self.session(account: "acct_new", customer: "cus_owner"),
                ]
                for (position, index) in order.enumerated() {
                    // Duplicates share their event id, as Stripe's redeliveries do.
                    let body = Self.completed(
                        harness,
                        id: "evt_\(index)",
                        created: 1_780_000_000 + position,
                        sessions[index]
                    )
                    _ = await harness.deliver(body)
                    try await harness.processor().drain()
                }
                #expect(
                    try await Self.mappings(harness) == ["acct_owner": "cus_owner", "acct_new": "cus_new"],
                    "order \(order)"
                )
            }
        }
    }
}
