import BillingDatabase
import BillingMail
import BillingTestSupport
import Foundation
import Synchronization
import Testing

@testable import BillingCore

/// Counts what the concurrent parts of a test did.
private final class Tally: Sendable {
    private let value = Mutex(0)
    func add(_ count: Int) { value.withLock { $0 += count } }
    var total: Int { value.withLock { $0 } }
}

/// A switch the test flips once; the concurrent parts read it.
private final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

/// Keeps every delivered mail.
private final class CollectingTransport: MailTransport {
    private let messages = Mutex<[MailMessage]>([])
    var sent: [MailMessage] { messages.withLock { $0 } }
    func deliver(_ message: MailMessage) async throws { messages.withLock { $0.append(message) } }
}

extension StoreContract {
    /// A generated history of at least 3,000 events over 400 subscriptions (plan changes, scheduled and undone
    /// cancellations, failed and paid invoices, pauses, trials, deletions, customer and payment-method updates).
    static func scaleOutHistory() -> [EventStreamModel.Event] {
        var rng = SplitMix64(seed: 0x5CA1E)
        let steps = (0..<6_000).map { _ in
            EventStreamModel.Step(subscription: Int(rng.next() % 400), action: Int(rng.next() % 12))
        }
        let events = EventStreamModel(steps: steps, ties: false).events
        precondition(events.count >= 3_000, "the generated history is too short: \(events.count)")
        return Array(events.prefix(3_000))
    }

    /// Three app instances (each a webhook intake, an event processor and a hook runner) and two outbox senders on
    /// one database. Every instance receives the whole stream, in its own order and with about a third of the
    /// events twice, while all of them process, run hooks and send. The projection and the hook rows equal those of
    /// in-order processing, every event is processed once, every hook runs once, and every mail goes out once.
    /// With `cancelOne`, the third instance is cancelled in the middle of its work.
    static func threeInstancesAndTwoSendersMatchInOrderProcessing(
        _ backend: TestBackend,
        cancelOne: Bool
    ) async throws {
        let history = scaleOutHistory()
        let reference = try await TestDatabase.with(backend) { database in
            let harness = try BillingHarness(database: database)
            for event in history { try await harness.record(event.body) }
            try await harness.processor(policy: .never, batchSize: 50).drain()
            let hookKeys = try await OutboxStore(database: database).allMessages()
                .filter { $0.kind == BillingHooks.rowKind }.map(\.dedupeKey)
            return (dump: try await ProjectionDump.load(database), hookKeys: hookKeys)
        }
        #expect(reference.hookKeys.count > 50, "the history cancels subscriptions")

        try await TestDatabase.with(backend) { database in
            let instances = try (0..<3).map { _ in try BillingHarness(database: database) }
            // Mail is due for every step the hooks enqueue: long after the history, end-anchored steps of ended
            // subscriptions and the come-back offers included.
            let mailClock: @Sendable () -> Date = { BillingHarness.now.addingTimeInterval(90 * 86_400) }
            let transports = [CollectingTransport(), CollectingTransport()]
            let senders = try transports.map { transport in
                OutboxMailer(
                    configuration: .init(
                        from: try MailAddress("billing@acme.test"),
                        billingURL: "https://acme.test/billing",
                        batchSize: 20
                    ),
                    database: database,
                    transport: transport,
                    logger: TestDatabase.logger,
                    now: mailClock
                )
            }
            let processed = [Tally(), Tally(), Tally()]
            let hookCalls = Tally()

            let survivors = cancelOne ? 2 : 3
            let stop = Flag()
            // A hook runner that dies holds its claims for the lease: once the victim is gone, the survivors' clocks
            // move past it, as the real clock would.
            let victimGone = Flag()
            let hookClock: @Sendable () -> Date = {
                BillingHarness.now.addingTimeInterval(victimGone.isSet ? 300 : 0)
            }
            let victim: Task<Void, any Error>? =
                cancelOne
                ? Task {
                    try await runInstance(
                        instances[2],
                        seed: 3,
                        history,
                        until: Flag(),
                        hookClock: hookClock,
                        processed: processed[2],
                        hooks: hookCalls
                    )
                } : nil
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<survivors {
                    group.addTask {
                        try await runInstance(
                            instances[index],
                            seed: UInt64(index + 1),
                            history,
                            until: stop,
                            hookClock: hookClock,
                            processed: processed[index],
                            hooks: hookCalls
                        )
                    }
                }
                for sender in senders {
                    group.addTask {
                        // Stopped between passes, never inside a send.
                        while !stop.isSet {
                            _ = try await sender.drainOnce()
                            try await Task.sleep(for: .milliseconds(5))
                        }
                    }
                }
                if let victim {
                    // Mid-batch: once it has processed some events, while the stream is still arriving.
                    while processed[2].total < 100 { try await Task.sleep(for: .milliseconds(1)) }
                    victim.cancel()
                    _ = await victim.result
                    victimGone.set()
                }
                try await waitUntilSettled(instances[0], events: history.count)
                stop.set()
                try await group.waitForAll()
            }
            // The senders stopped at an arbitrary point: one more pass each, at the same time, finishes what is due.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for sender in senders { group.addTask { _ = try await sender.drainOnce() } }
                try await group.waitForAll()
            }

            let harness = instances[0]
            let events = try await harness.events.allEvents()
            #expect(events.count == history.count)
            #expect(events.allSatisfy { $0.processedAt != nil && $0.attempts == 0 })
            let processedTotal = processed.map(\.total).reduce(0, +)
            if cancelOne {
                // The cancelled instance's last batch may have committed without being counted.
                #expect(processedTotal <= history.count)
            } else {
                #expect(processedTotal == history.count)
                if backend == .postgres {
                    #expect(processed.allSatisfy { $0.total > 0 }, "every instance did work")
                }
            }

            let dump = try await ProjectionDump.load(database)
            #expect(dump.subscriptions == reference.dump.subscriptions)
            #expect(dump.invoices == reference.dump.invoices)
            #expect(dump.paymentMethods == reference.dump.paymentMethods)
            #expect(dump.customers == reference.dump.customers)

            let rows = try await OutboxStore(database: database).allMessages()
            let hookRows = rows.filter { $0.kind == BillingHooks.rowKind }
            #expect(hookRows.map(\.dedupeKey) == reference.hookKeys)
            #expect(hookRows.allSatisfy { $0.sentAt != nil && $0.attempts == 1 })
            if !cancelOne { #expect(hookCalls.total == reference.hookKeys.count) }

            let mails = transports.flatMap(\.sent)
            let steps = rows.filter { $0.kind == WinBackSequence.stepKind }
            let sentSteps = steps.filter { $0.sentAt != nil }
            #expect(!sentSteps.isEmpty)
            #expect(Set(mails.map(\.messageID)).count == mails.count, "no mail went out twice")
            #expect(mails.count == sentSteps.count)
            #expect(
                Set(mails.map(\.messageID))
                    == Set(sentSteps.map { "\($0.dedupeKey.replacingOccurrences(of: ":", with: "."))@acme.test" })
            )
            #expect(transports.allSatisfy { !$0.sent.isEmpty }, "both senders sent")
            // Nothing is left claimed, and nothing due is left behind.
            let due = Int64((BillingHarness.now.timeIntervalSince1970 + 90 * 86_400) * 1000)
            let claimed = rows.filter { $0.claimedBy != nil }
            #expect(
                claimed.isEmpty,
                "left claimed: \(claimed.prefix(5).map { ($0.dedupeKey, $0.claimedBy ?? "", $0.sentAt, $0.attempts, $0.sendAfter) })"
            )
            let open = steps.filter { row in
                row.sentAt == nil && row.canceledAt == nil && row.failedAt == nil && row.sendAfter <= due
            }
            #expect(
                open.isEmpty,
                "due but not done: \(open.prefix(5).map { ($0.dedupeKey, $0.attempts, $0.lastError) })"
            )
        }
    }

    /// One app instance: delivers its permutation of the stream (with duplicates) to its intake while processing
    /// events and running hooks, until `stop` is set (between passes) or it is cancelled (anywhere).
    private static func runInstance(
        _ harness: BillingHarness,
        seed: UInt64,
        _ history: [EventStreamModel.Event],
        until stop: Flag,
        hookClock: @escaping @Sendable () -> Date,
        processed: Tally,
        hooks: Tally
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var rng = SplitMix64(seed: seed)
                var deliveries = history + history.filter { _ in rng.next() % 3 == 0 }
                deliveries.shuffle(using: &rng)
                for event in deliveries {
                    let outcome = await harness.deliver(event.body)
                    try Task.checkCancellation()
                    #expect(outcome.httpStatus == 200, "\(outcome)")
                }
            }
            group.addTask {
                let processor = harness.processor(policy: .never, batchSize: 25)
                let runner = harness.hookRunner(now: hookClock)
                while !stop.isSet {
                    try Task.checkCancellation()
                    let batch = try await processor.processBatch()
                    processed.add(batch.processed)
                    let pass = try await runner.runOnce()
                    hooks.add(pass.succeeded)
                    if batch.claimed == 0 && pass == HookRunner.PassReport() {
                        try await Task.sleep(for: .milliseconds(5))
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Waits until every event is stored and processed and every hook row is done.
    private static func waitUntilSettled(_ harness: BillingHarness, events: Int) async throws {
        let outbox = OutboxStore(database: harness.database)
        for _ in 0..<12_000 {
            let stored = try await harness.events.allEvents().count
            let pending = try await harness.events.counts().pending
            let hooks = try await outbox.hookCounts(kind: BillingHooks.rowKind)
            if stored == events, pending == 0, hooks.pending + hooks.failing == 0 { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("the instances did not settle within two minutes")
    }
}
