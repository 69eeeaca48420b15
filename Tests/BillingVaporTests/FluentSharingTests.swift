import BillingCore
import BillingDatabase
import BillingTestSupport
import BillingVapor
import Configuration
import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit
import StripeAPI
import Testing
import Vapor
import VaporTesting

/// A Vapor app on Fluent and PostgreSQL hands its own database to billing: one pool, billing's migrations run at the
/// app's boot, and a webhook is stored and projected through it.
@Suite(.enabled(if: TestBackend.postgresURL != nil, "needs BILLING_TEST_POSTGRES_URL"))
struct FluentSharingTests {
    static let secret = "whsec_fluent_tests"

    @Test func billingSharesTheAppsFluentDatabaseAndProjectsAWebhook() async throws {
        let url = try #require(TestBackend.postgresURL)
        // A fresh schema per test, dropped at the end, so tests run in parallel without seeing each other's rows.
        let schema = "vapor_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await Self.createSchema(schema, admin: url)
        do {
            try await Self.exercise(url: url, schema: schema)
        } catch {
            try? await Self.dropSchema(schema, admin: url)
            throw error
        }
        try await Self.dropSchema(schema, admin: url)
    }

    static func exercise(url: String, schema: String) async throws {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .critical
        do {
            var postgres = try SQLPostgresConfiguration(url: url)
            postgres.searchPath = [schema]
            app.databases.use(.postgres(configuration: postgres), as: .psql)
            let shared = try #require(app.db as? any SQLDatabase)
            let billing = try Billing(
                reader: VaporHarness.configuration([
                    "app.publicURL": .init(.string("https://app.example.test"), isSecret: false),
                    "stripe.secretKey": .init(.string("sk_test_fluent"), isSecret: true),
                    "stripe.apiBaseURL": .init(.string("http://127.0.0.1:1"), isSecret: false),
                    "stripe.webhookSecrets": .init(.string(secret), isSecret: true),
                    "billing.events.pollIntervalMilliseconds": .init(.int(20), isSecret: false),
                ]),
                sharing: shared,
                logger: VaporHarness.logger
            )
            #expect(billing.database.dialect == .postgresql)
            app.lifecycle.use(BillingLifecycle(billing: billing, migrate: true))
            try await billing.register(
                on: app.routes,
                account: { _ in nil },
                csrfToken: { _ in nil }
            )

            // Boot migrates through the app's own pool; nothing existed in the schema before.
            #expect(try await tables(shared, schema: schema).isEmpty)
            try await app.asyncBoot()
            #expect(try await tables(shared, schema: schema).contains("stripe_events"))

            let account = AccountID("acct_fluent")
            let customer = try await CustomerDirectory(
                database: billing.database,
                creator: FakeStripeCustomers(),
                logger: VaporHarness.logger
            ).ensureCustomer(account: account)
            var subscription = SubscriptionFixture(id: "sub_fluent", customer: customer.rawValue)
            subscription.currentPeriodEnd = Int(Date().timeIntervalSince1970) + 30 * 86_400
            let events = StripeEventFactory(secret: secret)
            let body = events.subscriptionEvent(
                id: "evt_fluent_1",
                type: "customer.subscription.created",
                created: Int(Date().timeIntervalSince1970),
                subscription: subscription
            )
            let delivered = try await app.testing().sendRequest(
                .POST,
                "/webhooks/stripe",
                headers: [
                    "Content-Type": "application/json", "Stripe-Signature": events.signature(for: body, at: Date()),
                ],
                body: ByteBuffer(bytes: body)
            )
            #expect(delivered.status == .ok)

            // Stored through the shared pool: the app's own connection sees the row.
            let stored = try await shared.raw("SELECT COUNT(*) AS n FROM stripe_events WHERE id = 'evt_fluent_1'")
                .first()?.decode(column: "n", as: Int.self)
            #expect(stored == 1)

            // Projected by billing's processor, which BillingLifecycle runs from boot to shutdown.
            var access = try await billing.access(for: account)
            for _ in 0..<250 where !access.isEntitled {
                try await Task.sleep(for: .milliseconds(20))
                access = try await billing.access(for: account)
            }
            #expect(access.isEntitled)
            #expect(access.status == .active)
            #expect(access.plan?.lookupKey == "pro_monthly")

            // A transaction that throws leaves nothing behind.
            await #expect(throws: RolledBack.self) {
                try await billing.database.transaction { sql in
                    try await sql.raw("INSERT INTO billing_settings (key, value, updated_at) VALUES ('probe', 'x', 0)")
                        .run()
                    throw RolledBack()
                }
            }
            let probes = try await shared.raw("SELECT COUNT(*) AS n FROM billing_settings WHERE key = 'probe'")
                .first()?.decode(column: "n", as: Int.self)
            #expect(probes == 0)

            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    struct RolledBack: Error {}

    static func tables(_ sql: any SQLDatabase, schema: String) async throws -> [String] {
        try await sql.raw(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = \(bind: schema)"
        ).all().map { try $0.decode(column: "table_name", as: String.self) }
    }

    static func createSchema(_ schema: String, admin: String) async throws {
        try await DatabaseConnector.withDatabase(try .init(url: admin), logger: TestDatabase.logger) { database in
            try await database.transaction { try await $0.raw("CREATE SCHEMA \(ident: schema)").run() }
        }
    }

    static func dropSchema(_ schema: String, admin: String) async throws {
        try await DatabaseConnector.withDatabase(try .init(url: admin), logger: TestDatabase.logger) { database in
            try await database.transaction { try await $0.raw("DROP SCHEMA \(ident: schema) CASCADE").run() }
        }
    }
}
