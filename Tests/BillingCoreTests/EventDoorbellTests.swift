import BillingDatabase
import BillingTestSupport
import Foundation
import StripeAPI
import Testing

@testable import BillingCore

/// The intake wakes the processor of its process instead of leaving new events to the next poll.
@Suite struct EventDoorbellTests {
    @Test func aRingWakesTheWaiterAndOneWithoutAWaiterIsKeptForTheNextWait() async throws {
        let doorbell = EventDoorbell()
        async let woken = doorbell.wait(upTo: .seconds(60))
        // The waiter may or may not be parked yet; either way the ring is not lost.
        try await Task.sleep(for: .milliseconds(20))
        doorbell.ring()
        #expect(await woken)

        doorbell.ring()
        #expect(await doorbell.wait(upTo: .seconds(60)))
        #expect(await doorbell.wait(upTo: .milliseconds(10)) == false)
    }

    /// A cancelled wait ends at once, unrung, rather than at its one-minute timeout.
    @Test func cancellingAWaitEndsIt() async throws {
        let doorbell = EventDoorbell()
        let waiting = Task { await doorbell.wait(upTo: .seconds(60)) }
        try await Task.sleep(for: .milliseconds(20))
        waiting.cancel()
        // Which comes first: the cancelled wait, or ten seconds. Both answers of `wait` would be false after its
        // timeout, so only the race tells a working cancellation from a timed-out one.
        let endedFirst = await withTaskGroup(of: Bool?.self) { group in
            group.addTask { await waiting.value }
            group.addTask {
                try? await Task.sleep(for: .seconds(10))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        #expect(endedFirst == false)
    }

    /// The poll interval is a minute, so only the doorbell can get the event processed within the test.
    @Test func anEventStoredByTheIntakeIsProcessedWithoutWaitingForThePoll() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let doorbell = EventDoorbell()
            let factory = StripeEventFactory(secret: BillingHarness.secret)
            let intake = WebhookIntake(
                verifier: try WebhookVerifier(secrets: [BillingHarness.secret]),
                expectedLivemode: false,
                eventLog: EventLog(database: database),
                doorbell: doorbell,
                logger: TestDatabase.logger
            )
            let processor = EventProcessor(
                database: database,
                configuration: EventProcessorConfiguration(pollInterval: .seconds(60), refetchPolicy: .never),
                fetcher: FailingObjectFetcher(),
                logger: TestDatabase.logger,
                doorbell: doorbell,
                now: { BillingHarness.now }
            )
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await processor.run() }
                // Let the processor find nothing and go to sleep on its minute-long poll.
                try await Task.sleep(for: .milliseconds(100))
                let body = factory.subscriptionEvent(
                    id: "evt_rung",
                    created: 1_780_000_000,
                    subscription: SubscriptionFixture(id: "sub_1", customer: "cus_1")
                )
                let outcome = await intake.receive(
                    body: body,
                    signature: factory.signature(for: body, at: BillingHarness.now),
                    now: BillingHarness.now
                )
                #expect(outcome == .accepted("evt_rung"))
                var pending = 1
                for _ in 0..<200 where pending > 0 {
                    try await Task.sleep(for: .milliseconds(25))
                    pending = try await EventLog(database: database).counts().pending
                }
                #expect(pending == 0)
                group.cancelAll()
            }
        }
    }
}
