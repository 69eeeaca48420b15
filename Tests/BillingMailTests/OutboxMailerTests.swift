import BillingCore
import BillingDatabase
import BillingMail
import BillingTestSupport
import Foundation
import Logging
import SQLKit
import Synchronization
import Testing

/// Records delivered mails; optionally fails with a scripted error first, or takes `delay` per delivery.
final class RecordingTransport: MailTransport {
    private let state: Mutex<(sent: [MailMessage], failures: [MailError])>
    private let delay: Duration

    init(failures: [MailError] = [], delay: Duration = .zero) {
        state = Mutex(([], failures))
        self.delay = delay
    }

    var sent: [MailMessage] { state.withLock { $0.sent } }

    func deliver(_ message: MailMessage) async throws {
        if delay > .zero { try await Task.sleep(for: delay) }
        let failure: MailError? = state.withLock { state in
            if state.failures.isEmpty {
                state.sent.append(message)
                return nil
            }
            return state.failures.removeFirst()
        }
        if let failure { throw failure }
    }
}

@Suite struct OutboxMailerTests {
    static let day: Int64 = 86_400_000
    let t0: Int64 = 1_800_000_000_000

    func mailer(_ database: any BillingDatabase, _ transport: any MailTransport) throws -> ClockedMailer {
        let clock = TestClock(t0)
        let mailer = OutboxMailer(
            configuration: .init(
                from: try MailAddress("billing@acme.test"),
                billingURL: "https://notes.acme.test/settings/billing",
                productName: "Acme Notes",
                maxAttempts: 3,
                retryBase: .seconds(30)
            ),
            database: database,
            transport: transport,
            logger: TestDatabase.logger,
            now: clock.now
        )
        return ClockedMailer(mailer: mailer, clock: clock)
    }

    func subscription(
        _ id: String,
        customer: String = "cus_1",
        status: String = "active",
        cancelAtPeriodEnd: Bool = false,
        periodEnd: Int64 = 1_800_100_000,
        on sql: any SQLDatabase
    ) async throws {
        try await sql.raw("DELETE FROM billing_subscriptions WHERE id = \(bind: id)").run()
        try await sql.raw(
            """
            INSERT INTO billing_subscriptions (id, stripe_customer_id, status, cancel_at_period_end, \
            current_period_end, ended_at, livemode, deleted, created, snapshot_created, updated_at) VALUES (\(bind: id), \
            \(bind: customer), \(bind: status), \(bind: cancelAtPeriodEnd), \(bind: periodEnd), \
            \(bind: status == "canceled" ? t0 / 1000 : nil), \(bind: false), \(bind: status == "canceled"), 0, 0, 0)
            """
        ).run()
    }

    func customer(_ id: String = "cus_1", email: String = "ada@example.com", on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            INSERT INTO billing_stripe_customers (id, email, deleted, snapshot_created, updated_at) \
            VALUES (\(bind: id), \(bind: email), \(bind: false), 0, 0)
            """
        ).run()
    }

    /// What the projection transaction enqueues when a subscription's cancellation lands.
    func enqueueCanceled(_ subscription: String, now: Int64, on sql: any SQLDatabase) async throws {
        let message = OutboxMessage.subscriptionCanceled(subscription: subscription, customer: "cus_1")
        try await OutboxStore.enqueue([message], sourceEventID: nil, now: now, on: sql)
    }

    func keys(
        _ database: any BillingDatabase,
        where condition: (OutboxStore.StoredMessage) -> Bool
    ) async throws -> [String] {
        try await OutboxStore(database: database).allMessages().filter(condition).map(\.dedupeKey)
    }

    @Test func duplicatedAndReorderedCancellationsEnqueueEachStepOnce() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let transport = RecordingTransport()
            let mailer = try mailer(database, transport)
            try await database.transaction { sql in
                try await customer(on: sql)
                try await subscription("sub_1", cancelAtPeriodEnd: true, on: sql)
                try await enqueueCanceled("sub_1", now: t0, on: sql)
                try await enqueueCanceled("sub_1", now: t0, on: sql)
            }
            _ = try await mailer.drainOnce(now: t0)
            // The deletion arrives (and is replayed) after the scheduled cancellation was processed.
            try await database.transaction { sql in
                try await subscription("sub_1", status: "canceled", on: sql)
                try await enqueueCanceled("sub_1", now: t0 + 1, on: sql)
                try await enqueueCanceled("sub_1", now: t0 + 2, on: sql)
            }
            _ = try await database.transaction { sql in
                try await WinBackSequence.standard.expand(subscriptionID: "sub_1", now: t0 + 3, on: sql)
            }
            _ = try await mailer.drainOnce(now: 1_800_100_000_000)
            _ = try await mailer.drainOnce(now: 1_800_100_000_000 + 15 * Self.day)
            _ = try await mailer.drainOnce(now: 1_800_100_000_000 + 30 * Self.day)
            #expect(
                try await keys(database, where: { $0.kind == WinBackSequence.stepKind })
                    == ["winback:sub_1:comeback", "winback:sub_1:ended", "winback:sub_1:scheduled"]
            )
            #expect(
                transport.sent.map(\.subject) == [
                    "Sorry to see you go", "Your plan has ended", "Come back to Acme Notes",
                ]
            )
            #expect(transport.sent.allSatisfy { $0.to.map(\.address) == ["ada@example.com"] })
        }
    }

    @Test func endStepWaitsUntilTheSubscriptionHasEnded() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let transport = RecordingTransport()
            let mailer = try mailer(database, transport)
            try await database.transaction { sql in
                try await customer(on: sql)
                try await subscription("sub_1", cancelAtPeriodEnd: true, on: sql)
                try await enqueueCanceled("sub_1", now: t0, on: sql)
            }
            _ = try await mailer.drainOnce(now: t0)
            _ = try await mailer.drainOnce(now: 1_800_100_000_000)
            #expect(transport.sent.map(\.subject) == ["Sorry to see you go"])
            #expect(try await keys(database, where: { $0.sentAt == nil && $0.canceledAt == nil }).count == 2)
        }
    }

    @Test func renewalCancelsThePendingSteps() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let transport = RecordingTransport()
            let mailer = try mailer(database, transport)
            try await database.transaction { sql in
                try await customer(on: sql)
                try await subscription("sub_1", cancelAtPeriodEnd: true, on: sql)
                try await enqueueCanceled("sub_1", now: t0, on: sql)
            }
            _ = try await mailer.drainOnce(now: t0)
            // The customer renews: the cancellation is undone before the period ends.
            try await database.transaction { sql in try await subscription("sub_1", on: sql) }
            let report = try await mailer.drainOnce(now: 1_800_100_000_000 + 30 * Self.day)
            #expect(report.canceled == 2)
            #expect(transport.sent.count == 1)
            #expect(
                try await keys(database, where: { $0.canceledAt != nil })
                    == ["winback:sub_1:comeback", "winback:sub_1:ended"]
            )
        }
    }

    @Test func resubscribingWithANewSubscriptionCancelsThePendingSteps() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let transport = RecordingTransport()
            let mailer = try mailer(database, transport)
            try await database.transaction { sql in
                try await customer(on: sql)
                try await subscription("sub_1", status: "canceled", on: sql)
                try await enqueueCanceled("sub_1", now: t0, on: sql)
            }
            _ = try await mailer.drainOnce(now: t0 + 1_000)
            try await database.transaction { sql in try await subscription("sub_2", on: sql) }
            let report = try await mailer.drainOnce(now: t0 + 30 * Self.day)
            #expect(report.canceled == 1)
            #expect(transport.sent.map(\.subject) == ["Sorry to see you go", "Your plan has ended"])
        }
    }

    @Test func smtpTemporaryRejectionIsRetriedWithBackoffAndPermanentRejectionFails() async throws {
        try await TestDatabase.with(.sqlite) { database in
            try await database.transaction { sql in
                try await customer(on: sql)
                try await subscription("sub_1", cancelAtPeriodEnd: true, on: sql)
                try await enqueueCanceled("sub_1", now: t0, on: sql)
            }
            try await withScriptedSMTP(SMTPScript(dataEndCode: 451)) { port, recorder in
                let smtp = SMTPClient(
                    configuration: SMTPConfiguration(host: "127.0.0.1", port: port, security: .none),
                    logger: TestDatabase.logger
                )
                let mailer = try mailer(database, smtp)
                let first = try await mailer.drainOnce(now: t0)
                #expect(first.retried == 1)
                #expect(recorder.messages.count == 1)
                // Not due again before the backoff has passed.
                #expect(try await mailer.drainOnce(now: t0 + 29_000).retried == 0)
                #expect(try await mailer.drainOnce(now: t0 + 30_000).retried == 1)
                let pending = try await keys(database) {
                    $0.attempts == 2 && $0.failedAt == nil && $0.sentAt == nil
                }
                #expect(pending == ["winback:sub_1:scheduled"])
            }
            try await withScriptedSMTP(SMTPScript(rcptCode: 550)) { port, _ in
                let smtp = SMTPClient(
                    configuration: SMTPConfiguration(host: "127.0.0.1", port: port, security: .none),
                    logger: TestDatabase.logger
                )
                let report = try await mailer(database, smtp).drainOnce(now: t0 + 10 * Self.day)
                #expect(report.failed == 1)
                #expect(try await keys(database, where: { $0.failedAt != nil }) == ["winback:sub_1:scheduled"])
            }
        }
    }

    @Test func transientFailuresStopAfterMaxAttempts() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let transport = RecordingTransport(failures: Array(repeating: .connectionClosed, count: 5))
            let mailer = try mailer(database, transport)
            try await database.transaction { sql in
                try await customer(on: sql)
                try await subscription("sub_1", cancelAtPeriodEnd: true, on: sql)
                try await enqueueCanceled("sub_1", now: t0, on: sql)
            }
            var reports: [OutboxMailer.DrainReport] = []
            for hour in 0..<4 { reports.append(try await mailer.drainOnce(now: t0 + Int64(hour) * 3_600_000)) }
            #expect(reports.map(\.retried) == [1, 1, 0, 0])
            #expect(reports.map(\.failed) == [0, 0, 1, 0])
            #expect(transport.sent.isEmpty)
        }
    }

    @Test func mailFolderStoresRenderedMails() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mail-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = MailFolder(directory: directory)
        try await TestDatabase.with(.sqlite) { database in
            try await database.transaction { sql in
                try await customer(on: sql)
                try await subscription("sub_1", cancelAtPeriodEnd: true, on: sql)
                try await enqueueCanceled("sub_1", now: t0, on: sql)
            }
            #expect(try await mailer(database, folder).drainOnce(now: t0).sent == 1)
        }
        let files = try folder.list()
        try #require(files.count == 1)
        let content = try String(contentsOf: files[0], encoding: .utf8)
        #expect(content.contains("Subject: Sorry to see you go\r\n"))
        #expect(content.contains("Message-ID: <winback.sub_1.scheduled@acme.test>"))
    }
}
