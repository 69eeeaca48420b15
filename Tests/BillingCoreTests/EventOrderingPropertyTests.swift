import BillingDatabase
import BillingTestSupport
import Foundation
import PropertyBased
import SQLKit
import Testing

@testable import BillingCore

/// The ordering contract: any permutation and duplication of an event stream ends in the projection of the
/// in-order stream, and each outbox row exists exactly once.
@Suite struct EventOrderingPropertyTests {
    static let steps = zip(Gen.int(in: 0...2), Gen.int(in: 0...11))
        .map { EventStreamModel.Step(subscription: $0, action: $1) }
        .array(of: 1...24)

    @Test func anyPermutationAndDuplicationReachesTheInOrderProjection() async throws {
        await propertyCheck(count: 60, input: Self.steps, Gen.uint64(in: 0...UInt64.max)) { steps, seed in
            let model = EventStreamModel(steps: steps, ties: false)
            let inOrder = try await Self.project(model, order: .inOrder, policy: .never)
            let shuffled = try await Self.project(model, order: .shuffled(seed: seed), policy: .never)

            #expect(shuffled == inOrder)
            #expect(Set(inOrder.outboxKeys) == model.expectedOutboxKeys)
            #expect(inOrder.outboxKeys.count == Set(inOrder.outboxKeys).count)
        }
    }

    @Test func tiesAreResolvedByRefetchingWhateverTheOrder() async throws {
        await propertyCheck(count: 40, input: Self.steps, Gen.uint64(in: 0...UInt64.max)) { steps, seed in
            let model = EventStreamModel(steps: steps, ties: true)
            let inOrder = try await Self.project(model, order: .inOrder, policy: .onTie).ignoringEventIDs
            let shuffled = try await Self.project(model, order: .shuffled(seed: seed), policy: .onTie)
                .ignoringEventIDs

            #expect(shuffled == inOrder)
            #expect(Set(inOrder.outboxKeys) == model.expectedOutboxKeys)
        }
    }

    @Test func alwaysRefetchingReachesTheSameProjection() async throws {
        await propertyCheck(count: 20, input: Self.steps, Gen.uint64(in: 0...UInt64.max)) { steps, seed in
            let model = EventStreamModel(steps: steps, ties: true)
            let inOrder = try await Self.project(model, order: .inOrder, policy: .onTie).ignoringEventIDs
            let always = try await Self.project(model, order: .shuffled(seed: seed), policy: .always)
                .ignoringEventIDs

            #expect(always == inOrder)
        }
    }

    @Test(arguments: [RefetchPolicy.never, .onTie])
    func batchesApplyExactlyWhatEventByEventApplies(policy: RefetchPolicy) async throws {
        await propertyCheck(count: 30, input: Self.steps, Gen.uint64(in: 0...UInt64.max)) { steps, seed in
            let model = EventStreamModel(steps: steps, ties: policy == .onTie)
            let order = Order.shuffled(seed: seed)
            // Large batches, so one batch holds several events of one subscription, duplicates included.
            var sources: [[String]] = []
            var dumps: [ProjectionDump] = []
            for inBatches in [true, false] {
                let (dump, rows) = try await Self.projectWithSources(
                    model,
                    order: order,
                    policy: policy,
                    batchSize: 64,
                    inBatches: inBatches
                )
                dumps.append(dump)
                sources.append(rows)
            }

            #expect(dumps[0] == dumps[1])
            // Which event enqueued each message, and which mapping rows exist: the first one wins in both.
            #expect(sources[0] == sources[1])
        }
    }

    enum Order {
        case inOrder
        case shuffled(seed: UInt64)
    }

    /// Feeds the stream into a fresh SQLite database and processes it; for `shuffled`, events arrive permuted,
    /// about a third of them twice, and processing runs between arbitrary chunks (so duplicates also arrive
    /// after their first copy was processed).
    static func project(_ model: EventStreamModel, order: Order, policy: RefetchPolicy) async throws
        -> ProjectionDump
    {
        try await projectWithSources(model, order: order, policy: policy).dump
    }

    /// ``project(_:order:policy:)`` with the batch size and mode chosen, also returning each outbox row's source
    /// event and the customer mappings, as text lines.
    static func projectWithSources(
        _ model: EventStreamModel,
        order: Order,
        policy: RefetchPolicy,
        batchSize: Int = 4,
        inBatches: Bool = true
    ) async throws -> (dump: ProjectionDump, sources: [String]) {
        let fetcher = FailingObjectFetcher()
        for (reference, snapshot) in try model.finalSnapshots() { await fetcher.stub(reference, with: snapshot) }
        return try await TestDatabase.with(.sqlite) { database in
            let harness = try BillingHarness(database: database, fetcher: fetcher)
            let processor = harness.processor(policy: policy, batchSize: batchSize, inBatches: inBatches)
            switch order {
            case .inOrder:
                for event in model.events {
                    try await harness.record(event.body)
                    try await processor.drain()
                }
            case .shuffled(let seed):
                var rng = SplitMix64(seed: seed)
                var deliveries = model.events
                deliveries += model.events.filter { _ in rng.next() % 3 == 0 }
                deliveries.shuffle(using: &rng)
                for event in deliveries {
                    try await harness.record(event.body)
                    if rng.next() % 4 == 0 { try await processor.drain() }
                }
                try await processor.drain()
            }
            #expect(try await harness.events.counts().pending == 0)
            let sources = try await database.read { sql in
                let outbox = try await sql.raw(
                    "SELECT dedupe_key, source_event_id FROM outbox_messages ORDER BY dedupe_key"
                ).all().map {
                    "\(try $0.decode(column: "dedupe_key", as: String.self)) ← "
                        + (try $0.decode(column: "source_event_id", as: String?.self) ?? "-")
                }
                let mappings = try await sql.raw(
                    "SELECT account_id, stripe_customer_id FROM billing_customers ORDER BY account_id"
                ).all().map {
                    "\(try $0.decode(column: "account_id", as: String.self)) = "
                        + (try $0.decode(column: "stripe_customer_id", as: String.self))
                }
                return outbox + mappings
            }
            return (try await ProjectionDump.load(database), sources)
        }
    }
}

extension ProjectionDump {
    /// The dump without the ids of the events that delivered each snapshot (which of two tied events triggered
    /// the re-fetch depends on arrival order; the content does not).
    var ignoringEventIDs: ProjectionDump {
        var copy = self
        for index in copy.subscriptions.indices { copy.subscriptions[index].snapshotEventID = nil }
        for index in copy.invoices.indices { copy.invoices[index].snapshotEventID = nil }
        for index in copy.paymentMethods.indices { copy.paymentMethods[index].snapshotEventID = nil }
        for index in copy.customers.indices { copy.customers[index].snapshotEventID = nil }
        return copy
    }
}

/// A small deterministic generator for shuffles derived from the property's seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
