import BillingDatabase
import BillingTestSupport
import Foundation
import Testing

@testable import BillingCore

extension StoreContract {
    private static let t0: Int64 = 1_800_000_000_000

    private static func enqueueDue(_ keys: [String], in database: any BillingDatabase) async throws {
        try await database.transaction { sql in
            let messages = keys.map { OutboxMessage.subscriptionCanceled(subscription: $0, customer: "cus_1") }
            try await OutboxStore.enqueue(messages, sourceEventID: "evt_1", now: t0, on: sql)
        }
    }

    /// Enqueuing is keyed and the payload round-trips through its `Codable` type.
    static func outboxEnqueuesOnceWithCodablePayload(_ backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let message = OutboxMessage.subscriptionCanceled(subscription: "sub_1", customer: "cus_1")

            let inserted = try await database.transaction { sql in
                [
                    try await OutboxStore.enqueue(message, sendAfter: t0, sourceEventID: nil, now: t0, on: sql),
                    try await OutboxStore.enqueue(message, sendAfter: t0, sourceEventID: nil, now: t0, on: sql),
                ]
            }

            #expect(inserted == [true, false])
            let stored = try await OutboxStore(database: database).allMessages()
            #expect(stored.map(\.dedupeKey) == ["subscription-canceled:sub_1"])
            #expect(stored.first?.payload == #"{"customer":"cus_1","subscription":"sub_1"}"#)
            #expect(
                try message.decodePayload(as: SubscriptionCanceledPayload.self)
                    == SubscriptionCanceledPayload(customer: "cus_1", subscription: "sub_1")
            )
        }
    }

    /// Two senders claim at the same time: each due message is claimed by one, and only its claimant marks it sent.
    static func concurrentOutboxClaimsAreExclusive(_ backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let keys = (0..<20).map { "sub_\($0)" }
            try await enqueueDue(keys, in: database)
            let outbox = OutboxStore(database: database)

            let claims = try await withThrowingTaskGroup(of: (String, [String]).self) { group in
                for sender in ["sender-a", "sender-b"] {
                    group.addTask {
                        var claimed: [String] = []
                        // Bounded, so a claim that hands out a row twice fails here instead of looping forever.
                        for _ in 0..<20 {
                            let batch = try await outbox.claimDue(
                                kind: "subscription.canceled",
                                sender: sender,
                                now: t0,
                                leaseUntil: t0 + 60_000,
                                limit: 3
                            )
                            if batch.isEmpty { break }
                            claimed += batch.map(\.message.dedupeKey)
                        }
                        return (sender, claimed)
                    }
                }
                return try await group.reduce(into: [String: [String]]()) { $0[$1.0] = $1.1 }
            }

            let a = claims["sender-a", default: []]
            let b = claims["sender-b", default: []]
            #expect(Set(a).isDisjoint(with: b))
            #expect((a + b).sorted() == keys.map { "subscription-canceled:\($0)" }.sorted())
            for key in a {
                #expect(try await outbox.markSent(key, sender: "sender-b", now: t0) == false)
                #expect(try await outbox.markSent(key, sender: "sender-a", now: t0))
                #expect(try await outbox.markSent(key, sender: "sender-a", now: t0) == false)
            }
            let stored = try await outbox.allMessages()
            #expect(stored.filter { $0.sentAt != nil }.map(\.dedupeKey).sorted() == a.sorted())
            #expect(stored.allSatisfy { $0.attempts == ($0.sentAt == nil ? 0 : 1) })
        }
    }

    /// A claim whose lease has expired (its sender died mid-send) is taken over by another sender; before that
    /// nobody else can claim the row.
    static func expiredOutboxClaimIsTakenOver(_ backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await enqueueDue(["sub_1"], in: database)
            let outbox = OutboxStore(database: database)
            func claim(_ sender: String, at now: Int64) async throws -> [String] {
                try await outbox.claimDue(
                    kind: "subscription.canceled",
                    sender: sender,
                    now: now,
                    leaseUntil: now + 1_000,
                    limit: 10
                ).map(\.message.dedupeKey)
            }

            let first = try await claim("sender-a", at: t0)
            let duringLease = try await claim("sender-b", at: t0 + 999)
            let afterLease = try await claim("sender-b", at: t0 + 1_001)

            #expect(first == ["subscription-canceled:sub_1"])
            #expect(duringLease.isEmpty)
            #expect(afterLease == ["subscription-canceled:sub_1"])
            #expect(try await outbox.markSent("subscription-canceled:sub_1", sender: "sender-b", now: t0 + 1_002))
            #expect(try await claim("sender-c", at: t0 + 10_000).isEmpty)
        }
    }

    /// A sender whose claim was taken over cannot renew it, mark the row sent, postpone, retry or fail it.
    static func lostOutboxClaimIsNotMarkedSent(_ backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await enqueueDue(["sub_1"], in: database)
            let outbox = OutboxStore(database: database)
            let key = "subscription-canceled:sub_1"
            _ = try await outbox.claimDue(
                kind: "subscription.canceled",
                sender: "sender-a",
                now: t0,
                leaseUntil: t0 + 1_000,
                limit: 1
            )
            _ = try await outbox.claimDue(
                kind: "subscription.canceled",
                sender: "sender-b",
                now: t0 + 2_000,
                leaseUntil: t0 + 3_000,
                limit: 1
            )

            #expect(try await outbox.renewClaim(key, sender: "sender-a", until: t0 + 5_000) == false)
            #expect(try await outbox.markSent(key, sender: "sender-a", now: t0 + 2_100) == false)
            #expect(try await outbox.postpone(key, sender: "sender-a", until: t0 + 9_000) == false)
            #expect(try await outbox.recordRetry(key, sender: "sender-a", error: "x", retryAt: t0 + 9_000) == false)
            #expect(try await outbox.markFailed(key, sender: "sender-a", now: t0 + 2_100, reason: "x") == false)

            let row = try #require(try await outbox.allMessages().first)
            #expect(row.sentAt == nil)
            #expect(row.failedAt == nil)
            #expect(row.attempts == 0)
            #expect(row.sendAfter == t0)
            #expect(row.claimedBy == "sender-b")
            #expect(row.claimedUntil == t0 + 3_000)
            #expect(try await outbox.renewClaim(key, sender: "sender-b", until: t0 + 4_000))
            #expect(try await outbox.markSent(key, sender: "sender-b", now: t0 + 2_200))
        }
    }
}
