import BillingTestSupport
import Foundation
import StripeAPI
import Testing

@testable import BillingCore

extension StoreContract {
    /// `count` updates in order over `subscriptions` subscriptions: each carries its index as the quantity (so the
    /// projection shows which one won), and every `cancelEvery`-th schedules a cancellation (an outbox row).
    static func subscriptionUpdates(count: Int, subscriptions: Int, customers: Int, cancelEvery: Int) -> [Data] {
        let factory = StripeEventFactory()
        return (0..<count).map { index in
            var subscription = SubscriptionFixture(
                id: "sub_\(index % subscriptions)",
                customer: "cus_\(index % customers)"
            )
            subscription.quantity = index
            subscription.cancelAtPeriodEnd = index % cancelEvery == 0
            return factory.subscriptionEvent(
                id: "evt_\(index)",
                created: 1_780_000_000 + index,
                subscription: subscription
            )
        }
    }

    /// The running service with three processing loops (`billing.events.workers`): 600 events, each applied once,
    /// the same projection and outbox as one loop draining them in order.
    static func processingLoopsShareTheRunningService(_ backend: TestBackend) async throws {
        let bodies = subscriptionUpdates(count: 600, subscriptions: 60, customers: 20, cancelEvery: 11)
        let single = try await TestDatabase.with(backend) { database in
            let harness = try BillingHarness(database: database)
            for body in bodies { try await harness.record(body) }
            try await harness.processor(policy: .never).drain()
            return try await ProjectionDump.load(database)
        }
        try await TestDatabase.with(backend) { database in
            let harness = try BillingHarness(database: database)
            for body in bodies.shuffled() { try await harness.record(body) }
            let processor = EventProcessor(
                database: database,
                configuration: EventProcessorConfiguration(
                    batchSize: 16,
                    pollInterval: .milliseconds(5),
                    refetchPolicy: .never,
                    workers: 3
                ),
                fetcher: harness.fetcher,
                logger: TestDatabase.logger,
                hooks: harness.hooks,
                now: { BillingHarness.now }
            )
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await processor.run() }
                var pending = bodies.count
                for _ in 0..<1_200 where pending > 0 {
                    try await Task.sleep(for: .milliseconds(25))
                    pending = try await harness.events.counts().pending
                }
                group.cancelAll()
                #expect(pending == 0)
            }
            #expect(try await harness.events.allEvents().allSatisfy { $0.processedAt != nil && $0.attempts == 0 })
            let dump = try await ProjectionDump.load(database)
            #expect(dump.subscriptions.map(\.quantity) == single.subscriptions.map(\.quantity))
            #expect(dump.outboxKeys == single.outboxKeys)
        }
    }

    /// Two processors (two app instances) on one database share 2,000 events: every event is processed by exactly
    /// one of them, and the projection equals the one a single processor builds.
    static func twoProcessorsShareEventsExactlyOnce(_ backend: TestBackend) async throws {
        let bodies = subscriptionUpdates(count: 2_000, subscriptions: 200, customers: 50, cancelEvery: 13)
        let single = try await TestDatabase.with(backend) { database in
            let harness = try BillingHarness(database: database)
            for body in bodies { try await harness.record(body) }
            try await harness.processor(policy: .never, batchSize: 50).drain()
            return try await ProjectionDump.load(database)
        }

        try await TestDatabase.with(backend) { database in
            let harness = try BillingHarness(database: database)
            for body in bodies.shuffled() { try await harness.record(body) }

            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        let processor = harness.processor(policy: .never, batchSize: 25)
                        var total = 0
                        while try await harness.events.counts().pending > 0 {
                            total += try await processor.drain()
                            await Task.yield()
                        }
                        return total
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }

            #expect(counts.reduce(0, +) == 2_000)
            if backend == .postgres { #expect(counts.allSatisfy { $0 > 0 }, "both instances did work: \(counts)") }
            #expect(try await harness.events.allEvents().allSatisfy { $0.processedAt != nil && $0.attempts == 0 })
            let dump = try await ProjectionDump.load(database)
            #expect(dump.subscriptions.map(\.quantity) == single.subscriptions.map(\.quantity))
            #expect(dump.outboxKeys == single.outboxKeys)
            #expect(dump.subscriptions.count == 200)
        }
    }
}
