import BillingTestSupport
import Foundation
import StripeAPI
import Testing

@testable import BillingCore

extension StoreContract {
    static func intakeAcceptsSignedEventOnce(_ backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let harness = try BillingHarness(database: database)
            let body = harness.factory.subscriptionEvent(
                id: "evt_1",
                type: "customer.subscription.created",
                created: 1_780_000_000,
                subscription: SubscriptionFixture(id: "sub_1", customer: "cus_1")
            )

            let first = await harness.deliver(body)
            let second = await harness.deliver(body)

            #expect(first == .accepted("evt_1"))
            #expect(first.httpStatus == 200)
            #expect(second == .duplicate("evt_1"))
            #expect(second.httpStatus == 200)
            let stored = try #require(try await harness.events.event("evt_1"))
            #expect(stored.type == "customer.subscription.created")
            #expect(stored.payload == String(decoding: body, as: UTF8.self))
            #expect(stored.processedAt == nil)
            #expect(try await harness.events.counts().total == 1)
        }
    }

    static func intakeRecordsUnknownTypesAndAcknowledgesThem(_ backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let harness = try BillingHarness(database: database)
            let body = harness.factory.body(
                id: "evt_unknown",
                type: "radar.early_fraud_warning.created",
                created: 1_780_000_000,
                object: .object(["id": .string("issfr_1"), "object": .string("radar.early_fraud_warning")])
            )

            let outcome = await harness.deliver(body)
            let processed = try await harness.processor().drain()

            #expect(outcome == .acceptedUnhandled("evt_unknown"))
            #expect(outcome.httpStatus == 200)
            #expect(processed == 1)
            let stored = try #require(try await harness.events.event("evt_unknown"))
            #expect(stored.processedAt != nil)
            #expect(try await ProjectionDump.load(database).isEmpty)
        }
    }

    /// Every bad delivery gets its status and leaves the event log exactly as it was.
    static func intakeRejectsBadDeliveriesWithoutStoringThem(_ backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let harness = try BillingHarness(database: database)
            let factory = harness.factory
            let good = factory.subscriptionEvent(
                id: "evt_good",
                created: 1_780_000_000,
                subscription: SubscriptionFixture(id: "sub_1", customer: "cus_1")
            )
            let signature = factory.signature(for: good, at: BillingHarness.now)
            let live = factory.subscriptionEvent(
                id: "evt_live",
                created: 1_780_000_000,
                subscription: {
                    var s = SubscriptionFixture(id: "sub_1", customer: "cus_1")
                    s.livemode = true
                    return s
                }()
            )
            let notJSON = Data("{\"id\": \"evt_1\", \"type\": ".utf8)
            let notAnEvent = Data(#"{"hello":"world"}"#.utf8)
            var tampered = good
            tampered[tampered.count - 2] = UInt8(ascii: " ")
            let oversize = Data(repeating: UInt8(ascii: " "), count: 64 * 1024 + 1)
            let wrongSecret = StripeEventFactory(secret: "whsec_wrong").signature(for: good, at: BillingHarness.now)

            let cases: [(String, Data, String?, WebhookIntakeOutcome, Int)] = [
                ("missing header", good, nil, .rejected(.invalidSignature), 400),
                ("garbage header", good, "nonsense", .rejected(.invalidSignature), 400),
                ("wrong secret", good, wrongSecret, .rejected(.invalidSignature), 400),
                ("tampered body", tampered, signature, .rejected(.invalidSignature), 400),
                (
                    "old timestamp", good, factory.signature(for: good, at: BillingHarness.now - 301),
                    .rejected(.timestampOutsideTolerance), 400
                ),
                (
                    "future timestamp", good, factory.signature(for: good, at: BillingHarness.now + 301),
                    .rejected(.timestampOutsideTolerance), 400
                ),
                (
                    "malformed JSON", notJSON, factory.signature(for: notJSON, at: BillingHarness.now),
                    .rejected(.malformedPayload), 400
                ),
                (
                    "not an event", notAnEvent, factory.signature(for: notAnEvent, at: BillingHarness.now),
                    .rejected(.malformedPayload), 400
                ),
                (
                    "livemode mismatch", live, factory.signature(for: live, at: BillingHarness.now),
                    .rejected(.livemodeMismatch), 400
                ),
                (
                    "oversize", oversize, factory.signature(for: oversize, at: BillingHarness.now),
                    .rejected(.payloadTooLarge), 413
                ),
            ]
            for (name, body, header, expected, status) in cases {
                let outcome = await harness.intake.receive(body: body, signature: header, now: BillingHarness.now)
                #expect(outcome == expected, "\(name)")
                #expect(outcome.httpStatus == status, "\(name)")
                #expect(!outcome.isAcknowledged, "\(name)")
            }
            #expect(try await harness.events.allEvents().isEmpty)
        }
    }

    /// When the store cannot commit, the delivery is not acknowledged, so Stripe retries it.
    static func intakeAnswers503WhenTheStoreFails(_ backend: TestBackend) async throws {
        try await TestDatabase.with(backend, migrate: false) { database in
            let harness = try BillingHarness(database: database)
            let body = harness.factory.subscriptionEvent(
                id: "evt_1",
                created: 1_780_000_000,
                subscription: SubscriptionFixture(id: "sub_1", customer: "cus_1")
            )

            let outcome = await harness.deliver(body)

            #expect(outcome == .storeUnavailable)
            #expect(outcome.httpStatus == 503)
            #expect(!outcome.isAcknowledged)
        }
    }

    /// Many concurrent deliveries (group commit: one leader on SQLite, several on PostgreSQL, leads handed over while
    /// batches are in flight) each get their own, correct outcome.
    static func concurrentDeliveriesAreEachStoredOnce(_ backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let harness = try BillingHarness(database: database)
            let bodies = (0..<800).map { index in
                harness.factory.subscriptionEvent(
                    id: "evt_\(index % 600)",
                    created: 1_780_000_000 + index % 600,
                    subscription: SubscriptionFixture(id: "sub_\(index % 7)", customer: "cus_1")
                )
            }

            let outcomes = await withTaskGroup(of: WebhookIntakeOutcome.self) { group in
                for body in bodies { group.addTask { await harness.deliver(body) } }
                return await group.reduce(into: []) { $0.append($1) }
            }

            #expect(outcomes.filter { if case .accepted = $0 { true } else { false } }.count == 600)
            #expect(outcomes.filter { if case .duplicate = $0 { true } else { false } }.count == 200)
            #expect(try await harness.events.counts().total == 600)
        }
    }
}
