import BillingTestSupport
import Foundation
import StripeAPI
import Synchronization
import Testing

@testable import BillingCore

extension StoreContract {
    /// Reconciliation pages through every subscription and writes them through the same projection, without
    /// undoing newer events or deletions.
    static func reconciliationFeedsCurrentSubscriptionsThroughTheReducer(_ backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let harness = try BillingHarness(database: database)
            var fixtures = (0..<7).map { SubscriptionFixture(id: "sub_\($0)", customer: "cus_\($0 % 2)") }
            fixtures[3].cancelAtPeriodEnd = true
            let lister = StubSubscriptionLister(try fixtures.map { try $0.snapshot() })
            // A deletion that already arrived must stay terminal.
            var ended = fixtures[5]
            ended.status = "canceled"
            try await harness.record(
                harness.factory.subscriptionEvent(
                    id: "evt_del",
                    type: "customer.subscription.deleted",
                    created: 1_779_000_000,
                    subscription: ended
                )
            )
            try await harness.processor().drain()
            let reconciler = Reconciler(
                database: database,
                lister: lister,
                logger: TestDatabase.logger,
                hooks: try BillingHarness(database: database).hooks,
                now: { BillingHarness.now }
            )

            let pages = PageCounter()
            let progress = try await reconciler.reconcileAll(pageSize: 3) { _ in pages.increment() }
            let oneCustomer = try await reconciler.reconcile(customer: "cus_1")

            #expect(progress.seen == 7)
            #expect(progress.applied == 6)
            #expect(pages.value == 3)
            #expect(oneCustomer.seen == 3)
            let dump = try await ProjectionDump.load(database)
            #expect(dump.subscriptions.count == 7)
            #expect(dump.subscriptions.first { $0.id == "sub_5" }?.deleted == true)
            #expect(
                dump.outboxKeys == [
                    "hook:win-back:subscription.canceled:sub_5",
                    "hook:win-back:subscription.cancellation_scheduled:sub_3:1782592000",
                ]
            )
        }
    }
}

/// Counts callbacks from a `@Sendable` closure.
final class PageCounter: Sendable {
    private let count = Mutex(0)
    var value: Int { count.withLock { $0 } }
    func increment() { count.withLock { $0 += 1 } }
}
