import BillingCore
import BillingDatabase
import BillingMail
import BillingTestSupport
import Foundation
import SQLKit
import Testing

/// A step whose recipient is not in the projection yet waits for it; the texts say what happened to the
/// subscription when the mail goes out.
@Suite struct WinBackRecipientAndTextTests {
    let setup = OutboxMailerTests()
    var t0: Int64 { setup.t0 }
    let factory = StripeEventFactory(secret: "whsec_test")

    func scheduledCancellation(email: String?, on sql: any SQLDatabase) async throws {
        if let email { try await setup.customer(email: email, on: sql) }
        try await setup.subscription("sub_1", cancelAtPeriodEnd: true, on: sql)
        try await setup.enqueueCanceled("sub_1", now: t0, on: sql)
    }

    func row(_ key: String, in database: any BillingDatabase) async throws -> OutboxStore.StoredMessage {
        try #require(try await OutboxStore(database: database).allMessages().first { $0.dedupeKey == key })
    }

    @Test func stepWaitsForTheRecipientAddressAndIsSentWhenItArrives() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let transport = RecordingTransport()
            let mailer = try setup.mailer(database, transport)
            try await database.transaction { sql in try await scheduledCancellation(email: nil, on: sql) }

            let first = try await mailer.drainOnce(now: t0)
            let waiting = try await row("winback:sub_1:scheduled", in: database)
            try await database.transaction { sql in try await setup.customer(on: sql) }
            let early = try await mailer.drainOnce(now: t0 + 29_000)
            let retry = try await mailer.drainOnce(now: t0 + 30_000)

            #expect(first.sent == 0 && first.failed == 0 && first.retried == 1)
            #expect(waiting.failedAt == nil && waiting.attempts == 1 && waiting.sendAfter == t0 + 30_000)
            #expect(waiting.lastError == "no recipient address yet")
            #expect(early.sent == 0)
            #expect(retry.sent == 1)
            #expect(transport.sent.map(\.subject) == ["Sorry to see you go"])
            #expect(transport.sent.first?.to.map(\.address) == ["ada@example.com"])
        }
    }

    @Test func stepWithoutARecipientFailsAfterTheLastAttempt() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let transport = RecordingTransport()
            let mailer = try setup.mailer(database, transport)
            try await database.transaction { sql in try await scheduledCancellation(email: nil, on: sql) }

            // maxAttempts is 3: retries after 30 s and 60 s more, then the third attempt gives up.
            let reports = [
                try await mailer.drainOnce(now: t0),
                try await mailer.drainOnce(now: t0 + 30_000),
                try await mailer.drainOnce(now: t0 + 90_000),
            ]
            let failed = try await row("winback:sub_1:scheduled", in: database)

            #expect(reports.map(\.retried) == [1, 1, 0])
            #expect(reports.map(\.failed) == [0, 0, 1])
            #expect(failed.failedAt == t0 + 90_000 && failed.attempts == 3)
            #expect(transport.sent.isEmpty)
        }
    }

    @Test func missingTemplateFailsAtOnce() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let transport = RecordingTransport()
            let clock = TestClock(t0)
            let mailer = OutboxMailer(
                configuration: .init(
                    from: try MailAddress("billing@acme.test"),
                    sequence: WinBackSequence(steps: [WinBackStep(id: "unwritten", anchor: .cancellationRecorded)]),
                    billingURL: "https://notes.acme.test/settings/billing",
                    maxAttempts: 3
                ),
                database: database,
                transport: transport,
                logger: TestDatabase.logger,
                now: clock.now
            )
            try await database.transaction { sql in
                try await scheduledCancellation(email: "ada@example.com", on: sql)
            }

            let report = try await ClockedMailer(mailer: mailer, clock: clock).drainOnce(now: t0)
            let failed = try await row("winback:sub_1:unwritten", in: database)

            #expect(report.failed == 1 && report.retried == 0)
            #expect(
                failed.failedAt == t0 && failed.lastError == "no template has this name: mail-winback-unwritten.subject"
            )
            #expect(transport.sent.isEmpty)
        }
    }

    /// The deletion is processed before the customer's first event, as webhooks may arrive: both mails go out once
    /// the customer's address is in the projection.
    @Test func deletionProcessedBeforeTheCustomerMailsOnceTheAddressArrives() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let flow = WinBackEventFlowTests()
            var ended = SubscriptionFixture(id: "sub_9", customer: "cus_9")
            ended.status = "canceled"
            ended.endedAt = 1_780_000_050
            ended.canceledAt = 1_780_000_050
            try await flow.record(
                factory.subscriptionEvent(
                    id: "evt_1",
                    type: "customer.subscription.deleted",
                    created: 1_780_000_050,
                    subscription: ended
                ),
                in: database
            )
            try await flow.process(database)
            let transport = RecordingTransport()
            let mailer = try flow.mailer(database, transport)
            let now: Int64 = 1_780_000_100_000
            let before = try await mailer.drainOnce(now: now)

            let customerEvent = """
                {"id": "evt_2", "object": "event", "type": "customer.updated", "created": 1780000060, \
                "livemode": false, "api_version": "\(factory.apiVersion)", "data": {"object": {"id": "cus_9", \
                "object": "customer", "email": "grace@example.com"}}}
                """
            try await flow.record(Data(customerEvent.utf8), in: database)
            try await flow.process(database)
            let after = try await mailer.drainOnce(now: now + 30_000)

            #expect(before.sent == 0 && before.failed == 0 && before.retried == 2)
            #expect(after.sent == 2)
            #expect(transport.sent.map(\.subject) == ["Sorry to see you go", "Your plan has ended"])
            #expect(transport.sent.allSatisfy { $0.to.map(\.address) == ["grace@example.com"] })
        }
    }

    @Test func scheduledCancellationMailNamesTheEndDate() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let transport = RecordingTransport()
            let mailer = try setup.mailer(database, transport)
            try await database.transaction { sql in
                try await scheduledCancellation(email: "ada@example.com", on: sql)
            }

            _ = try await mailer.drainOnce(now: t0)

            let mail = try #require(transport.sent.first)
            #expect(mail.subject == "Sorry to see you go")
            // The period end of the projection row: 1_800_100_000 is 2027-01-16 11:46:40 UTC.
            #expect(mail.text.contains("Your subscription will end on January 16, 2027."))
            #expect(mail.html?.contains("Your subscription will end on January 16, 2027.") == true)
            #expect(!mail.text.contains("has ended"))
        }
    }

    @Test func immediateCancellationMailSaysThePlanHasEnded() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let transport = RecordingTransport()
            let mailer = try setup.mailer(database, transport)
            try await database.transaction { sql in
                try await setup.customer(on: sql)
                try await setup.subscription("sub_1", status: "canceled", on: sql)
                try await setup.enqueueCanceled("sub_1", now: t0, on: sql)
            }

            _ = try await mailer.drainOnce(now: t0)

            let sorry = try #require(transport.sent.first { $0.subject == "Sorry to see you go" })
            #expect(sorry.text.contains("Your subscription has ended."))
            #expect(!sorry.text.contains("will end"))
            #expect(sorry.html?.contains("will end") == false)
        }
    }

    /// Scheduled first, then canceled at once before the first mail went out: the mail tells what is true when it
    /// is sent.
    @Test func scheduledThenImmediatelyCanceledBeforeSendingSaysThePlanHasEnded() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let transport = RecordingTransport()
            let mailer = try setup.mailer(database, transport)
            try await database.transaction { sql in
                try await scheduledCancellation(email: "ada@example.com", on: sql)
                _ = try await WinBackSequence.standard.expand(subscriptionID: "sub_1", now: t0, on: sql)
                try await setup.subscription("sub_1", status: "canceled", on: sql)
            }

            _ = try await mailer.drainOnce(now: t0)

            let sorry = try #require(transport.sent.first { $0.subject == "Sorry to see you go" })
            #expect(sorry.text.contains("Your subscription has ended."))
        }
    }
}
