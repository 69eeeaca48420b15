import BillingCore
import BillingDatabase
import BillingMail
import BillingTestSupport
import Foundation
import SQLKit
import Testing

/// Dunning fed by real webhook events through the event log, the event processor and the hook runner, sent by the
/// outbox mailer: one mail per failed invoice, none when the invoice is paid first, a confirmation after a mailed
/// failure.
@Suite struct DunningFlowTests {
    static let backends = TestBackend.postgresURL == nil ? [TestBackend.sqlite] : TestBackend.allCases
    let factory = StripeEventFactory(secret: "whsec_test")
    /// When the hooks run and the first mail pass happens (Unix ms), after every event below.
    let t0: Int64 = 1_780_000_100_000

    func record(_ body: Data, in database: any BillingDatabase) async throws {
        let envelope = try EventEnvelope.parse(body)
        _ = try await EventLog(database: database).record(
            envelope,
            payload: String(decoding: body, as: UTF8.self),
            receivedAt: 1
        )
    }

    /// Processes the recorded events and runs the hooks they produced, with the dunning mails registered as the
    /// facade registers them.
    func process(_ database: any BillingDatabase) async throws {
        try await WinBackEventFlowTests().process(database, dunning: true)
    }

    func mailer(_ database: any BillingDatabase, _ transport: RecordingTransport) throws -> ClockedMailer {
        let clock = TestClock()
        let mailer = OutboxMailer(
            configuration: .init(
                from: try MailAddress("billing@acme.test"),
                billingURL: "https://notes.acme.test/settings/billing",
                productName: "Acme Notes",
                supportAddress: "help@acme.test"
            ),
            database: database,
            transport: transport,
            logger: TestDatabase.logger,
            now: clock.now
        )
        return ClockedMailer(mailer: mailer, clock: clock)
    }

    func withCustomer(_ backend: TestBackend, _ body: (any BillingDatabase) async throws -> Void) async throws {
        try await TestDatabase.with(backend) { database in
            try await database.transaction { sql in
                try await sql.raw(
                    """
                    INSERT INTO billing_stripe_customers (id, email, deleted, snapshot_created, updated_at) \
                    VALUES ('cus_1', 'ada@example.com', \(bind: false), 0, 0)
                    """
                ).run()
            }
            try await body(database)
        }
    }

    /// `invoice.payment_failed` for attempt `attempt` of `in_1`, created at `created`.
    func failed(_ id: String, attempt: Int, created: Int) -> Data {
        var invoice = InvoiceFixture(id: "in_1", customer: "cus_1", subscription: "sub_1")
        invoice.status = "open"
        invoice.amountDue = 123_450
        invoice.attemptCount = attempt
        invoice.created = created
        return factory.body(id: id, type: "invoice.payment_failed", created: created, object: invoice.json)
    }

    /// `invoice.paid` for `in_1`.
    func paid(_ id: String, created: Int) -> Data {
        var invoice = InvoiceFixture(id: "in_1", customer: "cus_1", subscription: "sub_1")
        invoice.amountDue = 123_450
        invoice.attemptCount = 2
        invoice.created = created
        return factory.body(id: id, type: "invoice.paid", created: created, object: invoice.json)
    }

    func dunningRows(_ database: any BillingDatabase) async throws -> [OutboxStore.StoredMessage] {
        try await OutboxStore(database: database).allMessages().filter { $0.kind.hasPrefix("dunning.") }
    }

    @Test(arguments: backends)
    func failedPaymentSendsOneMailWithAmountRetryDateAndLink(_ backend: TestBackend) async throws {
        try await withCustomer(backend) { database in
            try await record(failed("evt_1", attempt: 1, created: 1_780_000_000), in: database)
            try await process(database)
            let transport = RecordingTransport()
            let report = try await mailer(database, transport).drainOnce(now: t0)

            #expect(report.sent == 1)
            let mail = try #require(transport.sent.first)
            #expect(mail.to.map(\.address) == ["ada@example.com"])
            #expect(mail.subject == "Your Acme Notes payment of $1,234.50 failed")
            // The fixture's next attempt is a day after the invoice: 1_780_086_400 is May 29, 2026 (UTC).
            #expect(mail.text.contains("We could not charge $1,234.50"))
            #expect(mail.text.contains("We will try again on May 29, 2026."))
            #expect(mail.text.contains("Update your payment method: https://notes.acme.test/settings/billing"))
            #expect(mail.text.contains("help@acme.test"))
            let html = try #require(mail.html)
            #expect(html.contains(#"<a href="https://notes.acme.test/settings/billing""#))
            #expect(html.contains("<strong>$1,234.50</strong>"))
            #expect(html.contains("https://invoice.stripe.com/i/in_1"))
        }
    }

    @Test(arguments: backends)
    func theMailIsWrittenInTheLocaleAndTimeZoneTheAccountReadsItsBillingPageIn(_ backend: TestBackend) async throws {
        try await withCustomer(backend) { database in
            try await database.transaction { sql in
                try await sql.raw(
                    """
                    INSERT INTO billing_customers (account_id, stripe_customer_id, livemode, created_at) \
                    VALUES ('acct_1', 'cus_1', \(bind: false), 0)
                    """
                ).run()
            }
            let directory = CustomerDirectory(
                database: database,
                creator: FailingCustomerCreator(),
                logger: TestDatabase.logger
            )
            // What the billing page records for an account whose profile says German, Tokyo.
            let account = BillingAccount(
                id: AccountID("acct_1"),
                email: "ada@example.com",
                name: "Ada",
                locale: Locale(identifier: "de_DE"),
                timeZone: TimeZone(identifier: "Asia/Tokyo")
            )
            try await directory.recordFormatting(of: account)
            try await record(failed("evt_1", attempt: 1, created: 1_780_000_000), in: database)
            try await process(database)
            let transport = RecordingTransport()
            _ = try await mailer(database, transport).drainOnce(now: t0)

            let mail = try #require(transport.sent.first)
            #expect(mail.text.contains("1.234,50"), "\(mail.text)")
            // The next attempt is 20:26 UTC on May 29, 2026: already May 30 in Tokyo.
            #expect(mail.text.contains("30. Mai 2026"), "\(mail.text)")

            // A later visit in another locale replaces what was recorded; one without either value keeps it.
            var english = account
            english.locale = Locale(identifier: "en_GB")
            english.timeZone = TimeZone(identifier: "America/Los_Angeles")
            try await directory.recordFormatting(of: english)
            try await directory.recordFormatting(
                of: BillingAccount(id: AccountID("acct_1"), email: "ada@example.com", name: "Ada")
            )
            let stored = try await database.read { sql in
                try await sql.raw("SELECT locale, time_zone FROM billing_customers WHERE account_id = 'acct_1'")
                    .first()
            }
            #expect(try stored?.decode(column: "locale", as: String?.self) == "en_GB")
            #expect(try stored?.decode(column: "time_zone", as: String?.self) == "America/Los_Angeles")
        }
    }

    @Test(arguments: backends)
    func theSameFailureDeliveredTwiceAndRetriedStillSendsOneMail(_ backend: TestBackend) async throws {
        try await withCustomer(backend) { database in
            let first = failed("evt_1", attempt: 1, created: 1_780_000_000)
            // Delivered twice, then Stripe's retry of the same invoice fails again (a fact of its own).
            for body in [first, first, failed("evt_2", attempt: 2, created: 1_780_000_050)] {
                try await record(body, in: database)
                try await process(database)
            }
            let transport = RecordingTransport()
            let mailer = try mailer(database, transport)
            _ = try await mailer.drainOnce(now: t0)
            try await record(first, in: database)
            try await process(database)
            _ = try await mailer.drainOnce(now: t0 + 60_000)

            #expect(transport.sent.count == 1)
            #expect(try await dunningRows(database).map(\.dedupeKey) == ["dunning:in_1"])
        }
    }

    @Test(arguments: backends)
    func anInvoicePaidBeforeTheMailGoesOutSendsNothing(_ backend: TestBackend) async throws {
        try await withCustomer(backend) { database in
            try await record(failed("evt_1", attempt: 1, created: 1_780_000_000), in: database)
            try await process(database)
            try await record(paid("evt_2", created: 1_780_000_060), in: database)
            try await process(database)
            let transport = RecordingTransport()
            let mailer = try mailer(database, transport)
            let report = try await mailer.drainOnce(now: t0)
            _ = try await mailer.drainOnce(now: t0 + 3_600_000)

            #expect(transport.sent.isEmpty)
            #expect(report.canceled == 2)  // the failure mail, then its confirmation
            let rows = try await dunningRows(database)
            #expect(rows.map(\.dedupeKey) == ["dunning-recovered:in_1", "dunning:in_1"])
            #expect(rows.allSatisfy { $0.canceledAt != nil && $0.sentAt == nil })
        }
    }

    @Test(arguments: backends)
    func aPaidEventThatArrivesBeforeTheFailureSendsNothing(_ backend: TestBackend) async throws {
        try await withCustomer(backend) { database in
            try await record(paid("evt_2", created: 1_780_000_060), in: database)
            try await record(failed("evt_1", attempt: 1, created: 1_780_000_000), in: database)
            try await process(database)
            let transport = RecordingTransport()
            _ = try await mailer(database, transport).drainOnce(now: t0)

            #expect(transport.sent.isEmpty)
        }
    }

    @Test(arguments: backends)
    func aMailedFailureThatIsPaidGetsOneConfirmation(_ backend: TestBackend) async throws {
        try await withCustomer(backend) { database in
            try await record(failed("evt_1", attempt: 1, created: 1_780_000_000), in: database)
            try await process(database)
            let transport = RecordingTransport()
            let mailer = try mailer(database, transport)
            _ = try await mailer.drainOnce(now: t0)
            let paid = paid("evt_2", created: 1_780_000_060)
            for _ in 0..<2 {
                try await record(paid, in: database)
                try await process(database)
                _ = try await mailer.drainOnce(now: t0 + 60_000)
            }

            #expect(
                transport.sent.map(\.subject) == [
                    "Your Acme Notes payment of $1,234.50 failed", "Your Acme Notes payment went through",
                ]
            )
            #expect(transport.sent.last?.text.contains("your payment of $1,234.50 for Acme Notes went through") == true)
        }
    }
}
