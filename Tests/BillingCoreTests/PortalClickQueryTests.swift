import BillingDatabase
import BillingTestSupport
import Foundation
import Logging
import NIOCore
import SQLKit
import StripeAPI
import Synchronization
import Testing

@testable import BillingCore

/// Opening the portal for an account that already has a customer reads the database once: the join of the
/// customer mapping and the subscription projection. The access evaluation, a separate customer lookup or a
/// second subscription read would show up here as extra statements.
@Suite struct PortalClickQueryTests {
    @Test(arguments: TestBackend.postgresURL == nil ? [TestBackend.sqlite] : TestBackend.allCases)
    func aKnownAccountsPortalClickRunsOneStatement(backend: TestBackend) async throws {
        try await EmulatorHarness.withEmulator { emulator in
            try await TestDatabase.with(backend) { database in
                let counting = StatementCountingDatabase(database)
                let portal = PortalSessions(
                    stripe: emulator.stripe,
                    customers: CustomerDirectory(
                        database: counting,
                        creator: emulator.stripe,
                        logger: TestDatabase.logger
                    ),
                    projection: ProjectionReader(database: counting),
                    configuration: BillingConfiguration(publicURL: URL(string: "https://app.example")!)
                )
                let account = BillingAccount(id: "acct_click", email: "click@example.com", name: "Clicky")
                // The first click creates the customer and its mapping (more statements, once).
                _ = try await portal.open(account: account)
                #expect(counting.takeStatements().count > 1)

                // A subscription in the projection, so the read has a row to join.
                let harness = try BillingHarness(database: database)
                let customer = try #require(
                    try await ProjectionReader(database: database).accountBilling(of: account.id)
                )
                let body = harness.factory.subscriptionEvent(
                    id: "evt_click_1",
                    type: "customer.subscription.created",
                    created: 1_780_000_000,
                    subscription: SubscriptionFixture(id: "sub_click", customer: customer.customer.rawValue)
                )
                #expect(await harness.deliver(body).isAcknowledged)
                _ = try await harness.processor().processBatch()
                _ = counting.takeStatements()

                for link in [PortalDeepLink.home, .paymentMethodUpdate] {
                    let url = try await portal.open(account: account, link: link)
                    #expect(url.absoluteString.hasPrefix(emulator.baseURL.absoluteString + "/p/session/"))
                    let statements = counting.takeStatements()
                    #expect(statements.count == 1, "\(link): \(statements)")
                    #expect(statements.first?.contains("billing_customers") == true)
                    #expect(statements.first?.contains("billing_subscriptions") == true)
                }
            }
        }
    }
}

/// A database that records every SQL statement run through it (on any connection it hands out), in order.
private final class StatementCountingDatabase: BillingDatabase {
    private let base: any BillingDatabase
    private let log = StatementLog()

    init(_ base: any BillingDatabase) {
        self.base = base
    }

    /// The statements run since the last call.
    func takeStatements() -> [String] {
        log.take()
    }

    var dialect: DatabaseDialect { base.dialect }

    var hasWaitingUrgentTransactions: Bool {
        get async { await base.hasWaitingUrgentTransactions }
    }

    func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await base.read { try await body(CountingSQLDatabase(base: $0, log: log)) }
    }

    func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await base.transaction { try await body(CountingSQLDatabase(base: $0, log: log)) }
    }

    func transaction<T: Sendable>(
        _ kind: TransactionKind,
        _ body: (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await base.transaction(kind) { try await body(CountingSQLDatabase(base: $0, log: log)) }
    }

    func statement<T: Sendable>(
        _ kind: TransactionKind,
        _ body: (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await base.statement(kind) { try await body(CountingSQLDatabase(base: $0, log: log)) }
    }
}

private final class StatementLog: Sendable {
    private let statements = Mutex<[String]>([])

    func append(_ sql: String) {
        statements.withLock { $0.append(sql) }
    }

    func take() -> [String] {
        statements.withLock { statements in
            defer { statements.removeAll() }
            return statements
        }
    }
}

private struct CountingSQLDatabase: SQLDatabase {
    let base: any SQLDatabase
    let log: StatementLog

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void)
        -> EventLoopFuture<Void>
    {
        log.append(base.serialize(query).sql)
        return base.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        log.append(base.serialize(query).sql)
        try await base.execute(sql: query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let log = log
        return try await base.withSession { try await closure(CountingSQLDatabase(base: $0, log: log)) }
    }
}
