import BillingCore
import BillingDatabase
import BillingMail
import BillingTestSupport
import Foundation
import Testing

/// Several mailers draining one database: claims keep each due message to one sender.
@Suite struct OutboxSenderConcurrencyTests {
    let setup = OutboxMailerTests()
    var t0: Int64 { setup.t0 }

    func mailer(_ database: any BillingDatabase, _ transport: RecordingTransport, batchSize: Int = 100) throws
        -> ClockedMailer
    {
        let clock = TestClock(t0)
        let mailer = OutboxMailer(
            configuration: .init(
                from: try MailAddress("billing@acme.test"),
                billingURL: "https://notes.acme.test/settings/billing",
                batchSize: batchSize
            ),
            database: database,
            transport: transport,
            logger: TestDatabase.logger,
            now: clock.now
        )
        return ClockedMailer(mailer: mailer, clock: clock)
    }

    /// `count` scheduled cancellations, each with one step ("scheduled") due at `t0` once its trigger is expanded.
    func enqueueCancellations(_ count: Int, in database: any BillingDatabase) async throws {
        try await database.transaction { sql in
            try await setup.customer(on: sql)
            for index in 0..<count {
                try await setup.subscription("sub_\(index)", cancelAtPeriodEnd: true, on: sql)
                try await setup.enqueueCanceled("sub_\(index)", now: t0, on: sql)
            }
        }
    }

    /// Two mailers drain at the same time; every due message goes out once, from one of them.
    func twoMailersSendEachDueMessageOnce(_ backend: TestBackend, messages: Int, batchSize: Int) async throws {
        try await TestDatabase.with(backend) { database in
            try await enqueueCancellations(messages, in: database)
            // A slow transport keeps each mailer inside its sends while the other claims.
            let first = RecordingTransport(delay: .milliseconds(20))
            let second = RecordingTransport(delay: .milliseconds(20))
            let mailers = [
                try mailer(database, first, batchSize: batchSize), try mailer(database, second, batchSize: batchSize),
            ]

            let reports = try await withThrowingTaskGroup(of: OutboxMailer.DrainReport.self) { group in
                for mailer in mailers { group.addTask { try await mailer.drainOnce(now: t0) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }

            let sent = first.sent + second.sent
            #expect(sent.count == messages)
            #expect(Set(sent.map(\.messageID)).count == messages)
            #expect(reports.map(\.sent).reduce(0, +) == messages)
            let steps = try await OutboxStore(database: database).allMessages()
                .filter { $0.kind == WinBackSequence.stepKind && $0.sentAt != nil }
            #expect(steps.count == messages)
            #expect(steps.allSatisfy { $0.attempts == 1 && $0.claimedBy == nil })
        }
    }

    @Test func twoMailersSendOneDueMessageOnceOnSQLite() async throws {
        try await twoMailersSendEachDueMessageOnce(.sqlite, messages: 1, batchSize: 100)
    }

    @Test func twoMailersShareManyDueMessagesOnSQLite() async throws {
        try await twoMailersSendEachDueMessageOnce(.sqlite, messages: 8, batchSize: 1)
    }

    @Test(.enabled(if: TestBackend.postgresURL != nil, "set BILLING_TEST_POSTGRES_URL"))
    func twoMailersSendOneDueMessageOnceOnPostgreSQL() async throws {
        try await twoMailersSendEachDueMessageOnce(.postgres, messages: 1, batchSize: 100)
    }

    @Test(.enabled(if: TestBackend.postgresURL != nil, "set BILLING_TEST_POSTGRES_URL"))
    func twoMailersShareManyDueMessagesOnPostgreSQL() async throws {
        try await twoMailersSendEachDueMessageOnce(.postgres, messages: 8, batchSize: 1)
    }

    /// A mailer that died holding a claim: its rows wait for the lease, then another mailer sends them once.
    @Test func expiredClaimOfADeadMailerIsTakenOver() async throws {
        try await TestDatabase.with(.sqlite) { database in
            try await enqueueCancellations(1, in: database)
            let transport = RecordingTransport()
            let mailer = try mailer(database, transport)
            _ = try await mailer.drainOnce(now: t0)
            #expect(transport.sent.isEmpty == false)
            // A second sequence, claimed by a sender that dies before sending.
            try await database.transaction { sql in
                try await setup.subscription("sub_dead", cancelAtPeriodEnd: true, on: sql)
                _ = try await WinBackSequence.standard.expand(subscriptionID: "sub_dead", now: t0, on: sql)
            }
            let outbox = OutboxStore(database: database)
            let claimed = try await outbox.claimDue(
                kind: WinBackSequence.stepKind,
                sender: "dead-sender",
                now: t0,
                leaseUntil: t0 + 60_000,
                limit: 10
            )
            #expect(claimed.map(\.message.dedupeKey) == ["winback:sub_dead:scheduled"])

            let whileLeased = try await mailer.drainOnce(now: t0 + 59_000)
            let afterLease = try await mailer.drainOnce(now: t0 + 61_000)
            let later = try await mailer.drainOnce(now: t0 + 62_000)

            #expect(whileLeased.sent == 0)
            #expect(afterLease.sent == 1)
            #expect(later.sent == 0)
            #expect(transport.sent.map(\.messageID).filter { $0.contains("sub_dead") }.count == 1)
        }
    }
}
