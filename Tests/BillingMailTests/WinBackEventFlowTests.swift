import BillingCore
import BillingDatabase
import BillingMail
import BillingTestSupport
import Foundation
import SQLKit
import Testing

/// Win-back scheduling fed by real webhook events through the event log and the event processor.
@Suite struct WinBackEventFlowTests {
    let factory = StripeEventFactory(secret: "whsec_test")
    let periodEnd = 1_782_592_000

    func record(_ body: Data, in database: any BillingDatabase) async throws {
        let envelope = try EventEnvelope.parse(body)
        _ = try await EventLog(database: database).record(
            envelope,
            payload: String(decoding: body, as: UTF8.self),
            receivedAt: 1
        )
    }

    /// Processes the recorded events, then runs the hooks they produced (the win-back sequence among them, and the
    /// dunning mails when `dunning`), as the facade's services do.
    func process(_ database: any BillingDatabase, dunning: Bool = false) async throws {
        let now: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_780_000_100) }
        let hooks = BillingHooks()
        WinBackSequence.standard.register(in: hooks, database: database, now: now)
        if dunning { DunningMail.register(in: hooks, database: database, now: now) }
        try await EventProcessor(
            database: database,
            configuration: EventProcessorConfiguration(batchSize: 8, pollInterval: .milliseconds(5)),
            fetcher: FailingObjectFetcher(),
            logger: TestDatabase.logger,
            hooks: hooks,
            now: now
        ).drain()
        try await HookRunner(
            hooks: hooks,
            database: database,
            customers: CustomerDirectory(
                database: database,
                creator: FailingCustomerCreator(),
                logger: TestDatabase.logger
            ),
            logger: TestDatabase.logger,
            now: now
        ).runOnce()
    }

    func mailer(_ database: any BillingDatabase, _ transport: RecordingTransport) throws -> ClockedMailer {
        let clock = TestClock()
        let mailer = OutboxMailer(
            configuration: .init(
                from: try MailAddress("billing@acme.test"),
                billingURL: "https://acme.test/billing",
                productName: "Acme Notes"
            ),
            database: database,
            transport: transport,
            logger: TestDatabase.logger,
            now: clock.now
        )
        return ClockedMailer(mailer: mailer, clock: clock)
    }

    func withCustomer(_ body: (any BillingDatabase) async throws -> Void) async throws {
        try await TestDatabase.with(.sqlite) { database in
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

    func stepKeys(_ database: any BillingDatabase) async throws -> [String] {
        try await OutboxStore(database: database).allMessages().filter { $0.kind == WinBackSequence.stepKind }
            .map(\.dedupeKey)
    }

    @Test func duplicatedAndReorderedCancellationEventsSendEachStepOnce() async throws {
        try await withCustomer { database in
            var scheduled = SubscriptionFixture(id: "sub_1", customer: "cus_1")
            scheduled.cancelAtPeriodEnd = true
            var ended = scheduled
            ended.status = "canceled"
            ended.endedAt = periodEnd
            ended.canceledAt = periodEnd
            let scheduledEvent = factory.subscriptionEvent(id: "evt_1", created: 100, subscription: scheduled)
            let endedEvent = factory.subscriptionEvent(
                id: "evt_2",
                type: "customer.subscription.deleted",
                created: 200,
                subscription: ended
            )
            // The deletion arrives first, then the older update, then both again.
            for body in [endedEvent, scheduledEvent, endedEvent, scheduledEvent] {
                try await record(body, in: database)
                try await process(database)
            }
            let transport = RecordingTransport()
            let mailer = try mailer(database, transport)
            let end = Int64(periodEnd) * 1000
            for now in [end, end + 1, end + 20 * 86_400_000, end + 40 * 86_400_000] {
                _ = try await mailer.drainOnce(now: now)
            }
            #expect(
                try await stepKeys(database)
                    == ["winback:sub_1:comeback", "winback:sub_1:ended", "winback:sub_1:scheduled"]
            )
            #expect(
                transport.sent.map(\.subject)
                    == ["Sorry to see you go", "Your plan has ended", "Come back to Acme Notes"]
            )
        }
    }

    @Test func renewalEventCancelsThePendingSteps() async throws {
        try await withCustomer { database in
            var scheduled = SubscriptionFixture(id: "sub_1", customer: "cus_1")
            scheduled.cancelAtPeriodEnd = true
            var renewed = scheduled
            renewed.cancelAtPeriodEnd = false
            try await record(
                factory.subscriptionEvent(id: "evt_1", created: 100, subscription: scheduled),
                in: database
            )
            try await process(database)
            let transport = RecordingTransport()
            let mailer = try mailer(database, transport)
            _ = try await mailer.drainOnce(now: 1_780_000_200_000)
            try await record(
                factory.subscriptionEvent(id: "evt_2", created: 150, subscription: renewed),
                in: database
            )
            try await process(database)
            let report = try await mailer.drainOnce(now: Int64(periodEnd) * 1000 + 40 * 86_400_000)
            #expect(report.canceled == 2)
            #expect(transport.sent.map(\.subject) == ["Sorry to see you go"])
        }
    }
}
