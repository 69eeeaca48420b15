import BillingTestSupport
import Foundation
import StripeAPI
import Testing

@testable import BillingCore

extension StoreContract {
    /// The portal's two-step cancel: the cancellation is scheduled, then the reason arrives in a later update;
    /// the projection ends with both, even when the updates arrive reversed.
    static func twoStepPortalCancelKeepsScheduleAndReason(_ backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let harness = try BillingHarness(database: database)
            var subscription = SubscriptionFixture(id: "sub_1", customer: "cus_1")
            subscription.cancelAtPeriodEnd = true
            subscription.canceledAt = 1_780_000_010
            subscription.cancellationReason = "cancellation_requested"
            let scheduled = harness.factory.subscriptionEvent(
                id: "evt_a",
                created: 1_780_000_010,
                subscription: subscription
            )
            subscription.cancellationFeedback = "too_expensive"
            subscription.cancellationComment = "We found something cheaper"
            let reason = harness.factory.subscriptionEvent(
                id: "evt_b",
                created: 1_780_000_011,
                subscription: subscription
            )

            #expect(await harness.deliver(reason) == .accepted("evt_b"))
            #expect(await harness.deliver(scheduled) == .accepted("evt_a"))
            try await harness.processor().drain()

            let row = try #require(try await ProjectionDump.load(database).subscriptions.first)
            #expect(row.cancelAtPeriodEnd)
            #expect(row.cancellationReason == "cancellation_requested")
            #expect(row.cancellationFeedback == "too_expensive")
            #expect(row.cancellationComment == "We found something cheaper")
            #expect(
                try await ProjectionDump.load(database).outboxKeys == [
                    "hook:win-back:subscription.cancellation_scheduled:sub_1:1782592000"
                ]
            )
        }
    }

    /// Two events for one object in the same second: the processor asks Stripe, outside any transaction.
    static func tieIsResolvedByRefetch(_ backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let harness = try BillingHarness(database: database)
            var current = SubscriptionFixture(id: "sub_1", customer: "cus_1")
            current.priceID = "price_team"
            let truth = try EventReducer.reduce(
                type: "customer.subscription.updated",
                payload: harness.factory.subscriptionEvent(id: "evt_x", created: 1, subscription: current)
            ).snapshot
            await harness.fetcher.stub(.subscription("sub_1"), with: truth)
            let first = harness.factory.subscriptionEvent(
                id: "evt_1",
                created: 1_780_000_000,
                subscription: SubscriptionFixture(id: "sub_1", customer: "cus_1")
            )
            var other = SubscriptionFixture(id: "sub_1", customer: "cus_1")
            other.quantity = 5
            let second = harness.factory.subscriptionEvent(id: "evt_2", created: 1_780_000_000, subscription: other)

            try await harness.record(first)
            try await harness.record(second)
            try await harness.processor().drain()

            let row = try #require(try await ProjectionDump.load(database).subscriptions.first)
            #expect(row.priceID == "price_team")
            let calls = await harness.fetcher.calls
            #expect(calls == [.subscription("sub_1")])
        }
    }

    /// An event that cannot be applied is recorded with attempts and a backoff, and does not hold up the others.
    static func poisonEventIsRetriedWithBackoffWithoutBlockingOthers(_ backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let harness = try BillingHarness(database: database)
            let poison = harness.factory.body(
                id: "evt_poison",
                type: "customer.subscription.updated",
                created: 1_779_999_000,
                object: .object(["id": .string("sub_bad"), "object": .string("subscription")])
            )
            try await harness.record(poison)
            for index in 0..<5 {
                try await harness.record(
                    harness.factory.subscriptionEvent(
                        id: "evt_\(index)",
                        created: 1_780_000_000 + index,
                        subscription: SubscriptionFixture(id: "sub_\(index)", customer: "cus_1")
                    )
                )
            }

            let processed = try await harness.processor().drain()
            let failed = try #require(try await harness.events.event("evt_poison"))
            let laterRun = try await harness.processor(now: { BillingHarness.now + 11 }).drain()
            let afterRetry = try #require(try await harness.events.event("evt_poison"))
            _ = try await harness.processor(now: { BillingHarness.now + 100 }).drain()
            let parked = try #require(try await harness.events.event("evt_poison"))
            let parkedRun = try await harness.processor(now: { BillingHarness.now + 100_000 }).drain()

            #expect(processed == 5)
            #expect(failed.processedAt == nil)
            #expect(failed.attempts == 1)
            #expect(failed.lastError != nil)
            #expect(failed.nextAttemptAt == Int64(BillingHarness.now.timeIntervalSince1970 * 1000) + 10_000)
            #expect(laterRun == 0)
            #expect(afterRetry.attempts == 2)
            #expect(parked.attempts == 3)
            #expect(parkedRun == 0)
            #expect(try await ProjectionDump.load(database).subscriptions.count == 5)
            #expect(try await harness.events.counts() == EventLog.Counts(total: 6, pending: 1, failing: 1))
            #expect(try await harness.events.retry("evt_poison"))
        }
    }

    /// A re-fetch that fails is recorded as a failure and retried; the event is not lost.
    static func failedRefetchIsRecordedAndRetried(_ backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let harness = try BillingHarness(database: database)
            let body = harness.factory.subscriptionEvent(
                id: "evt_1",
                created: 1_780_000_000,
                subscription: SubscriptionFixture(id: "sub_1", customer: "cus_1")
            )
            try await harness.record(body)

            let result = try await harness.processor(policy: .always).processBatch()

            #expect(result.failed == 1)
            let stored = try #require(try await harness.events.event("evt_1"))
            #expect(stored.attempts == 1)
            #expect(stored.lastError?.contains("currentSnapshot") == true)
            #expect(try await ProjectionDump.load(database).subscriptions.isEmpty)
        }
    }
}
