import BillingDatabase
import BillingTestSupport
import Foundation
import SQLKit
import StripeAPI
import Synchronization
import Testing

@testable import BillingCore

/// Host hooks: facts read from events, one outbox row per fact and handler, called once per fact.
extension StoreContract {
    /// Counts calls per fact key, and can fail a key's first calls.
    final class HookLog: Sendable {
        private let calls = Mutex<[String: Int]>([:])
        private let applied = Mutex<[String: Int]>([:])
        private let failures: [String: Int]

        init(failing failures: [String: Int] = [:]) { self.failures = failures }

        func handle(_ call: BillingHookCall) throws {
            let key = call.fact.key
            let count = calls.withLock { calls in
                calls[key, default: 0] += 1
                return calls[key]!
            }
            if count <= failures[key, default: 0] { throw HandlerFailed() }
            applied.withLock { $0[key, default: 0] += 1 }
        }

        var callCounts: [String: Int] { calls.withLock { $0 } }
        var appliedCounts: [String: Int] { applied.withLock { $0 } }
    }

    struct HandlerFailed: Error {}

    /// One customer's life as events: started, plan changed, cancellation scheduled, a failed and a renewed payment,
    /// a new default card, the trial reminder, and the end. Returns the bodies and the fact keys they carry.
    static func lifeOfOneSubscription(_ factory: StripeEventFactory) -> (bodies: [Data], facts: Set<String>) {
        var subscription = SubscriptionFixture(id: "sub_1", customer: "cus_1")
        subscription.priceID = "price_basic_monthly"
        subscription.lookupKey = "basic_monthly"
        let created = factory.subscriptionEvent(
            id: "evt_created",
            type: "customer.subscription.created",
            created: 1_780_000_001,
            subscription: subscription
        )
        var upgraded = subscription
        upgraded.priceID = "price_pro_monthly"
        upgraded.lookupKey = "pro_monthly"
        upgraded.quantity = 3
        let oldItems: JSONValue = .object([
            "data": .array([
                .object([
                    "price": .object([
                        "id": .string("price_basic_monthly"), "product": .string("prod_basic"),
                        "lookup_key": .string("basic_monthly"),
                    ]),
                    "quantity": .number(1),
                ])
            ])
        ])
        let planChanged = withPrevious(
            factory.subscriptionEvent(id: "evt_upgrade", created: 1_780_000_002, subscription: upgraded),
            ["items": oldItems]
        )
        var scheduled = upgraded
        scheduled.cancelAtPeriodEnd = true
        let cancellation = withPrevious(
            factory.subscriptionEvent(id: "evt_cancel", created: 1_780_000_003, subscription: scheduled),
            ["cancel_at_period_end": .bool(false)]
        )
        var failedInvoice = InvoiceFixture(id: "in_1", customer: "cus_1", subscription: "sub_1")
        failedInvoice.status = "open"
        failedInvoice.attemptCount = 1
        let failed = factory.body(
            id: "evt_failed",
            type: "invoice.payment_failed",
            created: 1_780_000_004,
            object: failedInvoice.json
        )
        var cycleInvoice = InvoiceFixture(id: "in_2", customer: "cus_1", subscription: "sub_1")
        cycleInvoice.created = 1_780_000_005
        guard case .object(var cycle) = cycleInvoice.json else { fatalError("an invoice is an object") }
        cycle["billing_reason"] = .string("subscription_cycle")
        let renewed = factory.body(
            id: "evt_renewed",
            type: "invoice.paid",
            created: 1_780_000_005,
            object: .object(cycle)
        )
        let card = withPrevious(
            factory.body(
                id: "evt_card",
                type: "customer.updated",
                created: 1_780_000_006,
                object: .object([
                    "id": .string("cus_1"), "object": .string("customer"), "email": .string("ada@example.com"),
                    "invoice_settings": .object(["default_payment_method": .string("pm_2")]),
                    "metadata": .object(["account_id": .string("acct_1")]),
                ])
            ),
            ["invoice_settings": .object(["default_payment_method": .string("pm_1")])]
        )
        var trial = scheduled
        trial.trialEnd = 1_780_300_000
        let trialEnding = factory.subscriptionEvent(
            id: "evt_trial",
            type: "customer.subscription.trial_will_end",
            created: 1_780_000_007,
            subscription: trial
        )
        var ended = scheduled
        ended.status = "canceled"
        ended.endedAt = 1_780_000_008
        let deleted = factory.subscriptionEvent(
            id: "evt_deleted",
            type: "customer.subscription.deleted",
            created: 1_780_000_008,
            subscription: ended
        )
        let facts: Set<String> = [
            "subscription.started:sub_1",
            "subscription.plan_changed:sub_1:evt_upgrade",
            "subscription.cancellation_scheduled:sub_1:1782592000",
            "invoice.payment_failed:in_1:1",
            "subscription.renewed:in_2",
            "invoice.paid:in_2",
            "customer.payment_method_changed:cus_1:evt_card",
            "subscription.trial_ending:sub_1:1780300000",
            "subscription.canceled:sub_1",
        ]
        return ([created, planChanged, cancellation, failed, renewed, card, trialEnding, deleted], facts)
    }

    /// Adds `data.previous_attributes` to an event body.
    static func withPrevious(_ body: Data, _ previous: [String: JSONValue]) -> Data {
        guard var event = try? JSONDecoder().decode(JSONValue.self, from: body), case .object(var fields) = event,
            case .object(var data) = fields["data"]
        else { fatalError("an event body is an object with data") }
        data["previous_attributes"] = .object(previous)
        fields["data"] = .object(data)
        event = .object(fields)
        return try! StripeJSON.encoder.encode(event)
    }

    static func mapCustomer(_ database: any BillingDatabase) async throws {
        try await database.transaction { sql in
            try await sql.raw(
                """
                INSERT INTO billing_customers (account_id, stripe_customer_id, livemode, created_at)
                VALUES ('acct_1', 'cus_1', \(bind: false), 0)
                """
            ).run()
        }
    }

    /// The hook tests' runner: five attempts, so giving up is reached quickly.
    static func runner(
        _ harness: BillingHarness,
        hooks: BillingHooks,
        now: @escaping @Sendable () -> Date = { BillingHarness.now }
    ) -> HookRunner {
        harness.hookRunner(hooks: hooks, maxAttempts: 5, now: now)
    }

    /// Every fact of a permuted stream with duplicates reaches a handler once, with the account, the event id and
    /// the state before and after.
    static func hooksSeeEachFactOnceAcrossPermutedDuplicatedStreams(_ backend: TestBackend) async throws {
        for seed in 0..<4 {
            try await TestDatabase.with(backend) { database in
                try await mapCustomer(database)
                let harness = try BillingHarness(database: database)
                let log = HookLog()
                harness.hooks.on(Set(BillingFact.Kind.allCases), name: "test-host") { call in
                    #expect(call.account == AccountID("acct_1"))
                    try log.handle(call)
                }
                let calls = Mutex<[BillingHookCall]>([])
                harness.hooks.on(.planChanged, name: "seats") { call in calls.withLock { $0.append(call) } }
                let (bodies, facts) = lifeOfOneSubscription(harness.factory)
                var generator = SeededGenerator(seed: UInt64(seed))
                let stream = (bodies + bodies.prefix(4)).shuffled(using: &generator)
                for (index, body) in stream.enumerated() {
                    try await harness.record(body)
                    if index % 3 == 0 { try await harness.processor().drain() }
                }
                try await harness.processor().drain()
                let report = try await runner(harness, hooks: harness.hooks).runOnce()

                #expect(Set(log.callCounts.keys) == facts)
                #expect(log.callCounts.values.allSatisfy { $0 == 1 })
                #expect(report.succeeded == facts.count + 1 + 2)  // + the seats handler + two win-back facts
                let change = try #require(calls.withLock { $0.first })
                #expect(change.fact.eventID == "evt_upgrade")
                #expect(change.fact.before?.lookupKey == "basic_monthly")
                #expect(change.fact.after?.lookupKey == "pro_monthly")
                #expect(change.fact.after?.quantity == 3)
                // A second pass, and the same events delivered again, call nobody.
                for body in bodies { try await harness.record(body) }
                try await harness.processor().drain()
                #expect(try await runner(harness, hooks: harness.hooks).runOnce().succeeded == 0)
                #expect(log.callCounts.values.allSatisfy { $0 == 1 })
            }
        }
    }

    /// A handler that throws twice is called three times, with backoff, and its effect is applied once; a fact
    /// whose customer is not mapped yet waits for the mapping.
    static func failingHandlerIsRetriedWithBackoff(_ backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let harness = try BillingHarness(database: database)
            let log = HookLog(failing: ["subscription.started:sub_1": 2])
            harness.hooks.on(.subscriptionStarted, name: "provision") { call in try log.handle(call) }
            try await harness.record(lifeOfOneSubscription(harness.factory).bodies[0])
            try await harness.processor().drain()
            let clock = Mutex(BillingHarness.now)
            let runner = runner(harness, hooks: harness.hooks, now: { clock.withLock { $0 } })
            func advance(_ seconds: TimeInterval) { clock.withLock { $0 += seconds } }

            // Not mapped yet: retried later, the handler not called.
            #expect(try await runner.runOnce() == .init(succeeded: 0, retried: 1, failed: 0))
            #expect(log.callCounts.isEmpty)
            try await mapCustomer(database)
            #expect(try await runner.runOnce().retried == 0)  // not due before its backoff
            advance(1.5)
            #expect(try await runner.runOnce().retried == 1)  // first call throws
            advance(1.5)
            #expect(try await runner.runOnce().retried == 0)  // backoff doubled: due after 4 s
            advance(3)
            #expect(try await runner.runOnce().retried == 1)  // second call throws
            advance(9)
            #expect(try await runner.runOnce().succeeded == 1)
            #expect(log.callCounts == ["subscription.started:sub_1": 3])
            #expect(log.appliedCounts == ["subscription.started:sub_1": 1])
            let row = try #require(
                try await OutboxStore(database: database).allMessages().first {
                    $0.dedupeKey == "hook:provision:subscription.started:sub_1"
                }
            )
            #expect(row.sentAt != nil)
            #expect(row.attempts == 4)
        }
    }

    /// A handler that keeps failing is marked failed after its last attempt, with the reason kept for operators.
    static func handlerThatKeepsFailingIsMarkedFailed(_ backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await mapCustomer(database)
            let harness = try BillingHarness(database: database)
            harness.hooks.on(.subscriptionStarted, name: "broken") { _ in throw HandlerFailed() }
            try await harness.record(lifeOfOneSubscription(harness.factory).bodies[0])
            try await harness.processor().drain()
            let clock = Mutex(BillingHarness.now)
            let runner = runner(harness, hooks: harness.hooks, now: { clock.withLock { $0 } })
            var failed = 0
            for _ in 0..<5 {
                failed += try await runner.runOnce().failed
                clock.withLock { $0 += 3_600 }
            }
            #expect(failed == 1)
            let row = try #require(try await OutboxStore(database: database).allMessages().first)
            #expect(row.failedAt != nil)
            #expect(row.attempts == 5)
            #expect(row.lastError == "handler threw HandlerFailed")
        }
    }

    /// Two instances (runners with their own claims) on one database: each fact is handled by one of them.
    static func twoInstancesHandleEachFactOnce(_ backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await mapCustomer(database)
            let harness = try BillingHarness(database: database)
            let log = HookLog()
            let instances = (0..<2).map { _ in BillingHooks() }
            for hooks in instances {
                hooks.on(Set(BillingFact.Kind.allCases), name: "test-host") { call in
                    try log.handle(call)
                    try await Task.sleep(for: .milliseconds(2))
                }
            }
            var facts: Set<String> = []
            for index in 0..<30 {
                var subscription = SubscriptionFixture(id: "sub_\(index)", customer: "cus_1")
                subscription.cancelAtPeriodEnd = index % 2 == 0
                try await harness.record(
                    harness.factory.subscriptionEvent(
                        id: "evt_\(index)",
                        type: "customer.subscription.created",
                        created: 1_780_000_000 + index,
                        subscription: subscription
                    )
                )
                facts.insert("subscription.started:sub_\(index)")
                if index % 2 == 0 { facts.insert("subscription.cancellation_scheduled:sub_\(index):1782592000") }
            }
            // The processor writes rows for the handlers its instance knows; both instances register the same name.
            try await EventProcessor(
                database: database,
                configuration: EventProcessorConfiguration(refetchPolicy: .never),
                fetcher: harness.fetcher,
                logger: TestDatabase.logger,
                hooks: instances[0],
                now: { BillingHarness.now }
            ).drain()
            let reports = try await withThrowingTaskGroup(of: HookRunner.PassReport.self) { group in
                for hooks in instances {
                    group.addTask { try await runner(harness, hooks: hooks).runOnce() }
                }
                return try await group.reduce(into: [HookRunner.PassReport]()) { $0.append($1) }
            }
            #expect(reports.map(\.succeeded).reduce(0, +) == facts.count)
            #expect(Set(log.callCounts.keys) == facts)
            #expect(log.callCounts.values.allSatisfy { $0 == 1 })
        }
    }

    /// Scheduled to cancel at the period end, then canceled at once: "your plan has ended" moves to the real end
    /// instead of waiting for the old period end.
    static func immediateCancellationMovesTheEndedStep(_ backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let harness = try BillingHarness(database: database)
            var scheduled = SubscriptionFixture(id: "sub_1", customer: "cus_1")
            scheduled.cancelAtPeriodEnd = true
            try await harness.record(
                harness.factory.subscriptionEvent(id: "evt_1", created: 1_780_000_001, subscription: scheduled)
            )
            try await harness.processor().drain()
            try await runner(harness, hooks: harness.hooks).runOnce()
            var ended = scheduled
            ended.status = "canceled"
            ended.endedAt = 1_780_000_050
            try await harness.record(
                harness.factory.subscriptionEvent(
                    id: "evt_2",
                    type: "customer.subscription.deleted",
                    created: 1_780_000_050,
                    subscription: ended
                )
            )
            try await harness.processor().drain()
            try await runner(harness, hooks: harness.hooks).runOnce()
            let steps = Dictionary(
                uniqueKeysWithValues: try await OutboxStore(database: database).allMessages()
                    .filter { $0.kind == WinBackSequence.stepKind }.map { ($0.dedupeKey, $0.sendAfter) }
            )
            let end: Int64 = 1_780_000_100_000  // the end, not before the processing time
            #expect(steps["winback:sub_1:ended"] == end)
            #expect(steps["winback:sub_1:comeback"] == end + 14 * 86_400_000)
        }
    }
}

/// A deterministic random source, so a failing permutation can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct SQLiteHookTests {
    @Test func hooksSeeEachFactOnceAcrossPermutedDuplicatedStreams() async throws {
        try await StoreContract.hooksSeeEachFactOnceAcrossPermutedDuplicatedStreams(.sqlite)
    }

    @Test func failingHandlerIsRetriedWithBackoff() async throws {
        try await StoreContract.failingHandlerIsRetriedWithBackoff(.sqlite)
    }

    @Test func handlerThatKeepsFailingIsMarkedFailed() async throws {
        try await StoreContract.handlerThatKeepsFailingIsMarkedFailed(.sqlite)
    }

    @Test func twoInstancesHandleEachFactOnce() async throws {
        try await StoreContract.twoInstancesHandleEachFactOnce(.sqlite)
    }

    @Test func immediateCancellationMovesTheEndedStep() async throws {
        try await StoreContract.immediateCancellationMovesTheEndedStep(.sqlite)
    }
}

@Suite(.enabled(if: TestBackend.postgresURL != nil, "set BILLING_TEST_POSTGRES_URL to run the PostgreSQL hook tests"))
struct PostgresHookTests {
    @Test func hooksSeeEachFactOnceAcrossPermutedDuplicatedStreams() async throws {
        try await StoreContract.hooksSeeEachFactOnceAcrossPermutedDuplicatedStreams(.postgres)
    }

    @Test func failingHandlerIsRetriedWithBackoff() async throws {
        try await StoreContract.failingHandlerIsRetriedWithBackoff(.postgres)
    }

    @Test func handlerThatKeepsFailingIsMarkedFailed() async throws {
        try await StoreContract.handlerThatKeepsFailingIsMarkedFailed(.postgres)
    }

    @Test func twoInstancesHandleEachFactOnce() async throws {
        try await StoreContract.twoInstancesHandleEachFactOnce(.postgres)
    }

    @Test func immediateCancellationMovesTheEndedStep() async throws {
        try await StoreContract.immediateCancellationMovesTheEndedStep(.postgres)
    }
}
