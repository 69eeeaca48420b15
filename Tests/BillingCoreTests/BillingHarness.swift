import BillingDatabase
import BillingTestSupport
import Foundation
import Logging
import StripeAPI

@testable import BillingCore

/// The pieces of the billing core wired to one test database, with a fixed clock.
struct BillingHarness {
    static let now = Date(timeIntervalSince1970: 1_780_000_100)
    static let secret = "whsec_test_secret"

    let database: any BillingDatabase
    let events: EventLog
    let intake: WebhookIntake
    let factory = StripeEventFactory(secret: BillingHarness.secret)
    let fetcher: FailingObjectFetcher
    /// The win-back sequence registered as a hook, as the facade does when mail is configured.
    let hooks: BillingHooks

    init(
        database: any BillingDatabase,
        expectedLivemode: Bool? = false,
        fetcher: FailingObjectFetcher = FailingObjectFetcher(),
        groupCommit: Bool = true
    ) throws {
        self.database = database
        self.events = EventLog(database: database)
        self.fetcher = fetcher
        let hooks = BillingHooks()
        WinBackSequence.standard.register(in: hooks, database: database, now: { BillingHarness.now })
        self.hooks = hooks
        self.intake = WebhookIntake(
            verifier: try WebhookVerifier(secrets: ["whsec_old_rotated", BillingHarness.secret]),
            expectedLivemode: expectedLivemode,
            eventLog: events,
            maxBodyBytes: 64 * 1024,
            groupCommit: groupCommit,
            logger: TestDatabase.logger
        )
    }

    func processor(
        policy: RefetchPolicy = .onTie,
        batchSize: Int = 16,
        inBatches: Bool = true,
        now: @escaping @Sendable () -> Date = { BillingHarness.now }
    ) -> EventProcessor {
        EventProcessor(
            database: database,
            configuration: EventProcessorConfiguration(
                batchSize: batchSize,
                pollInterval: .milliseconds(5),
                refetchPolicy: policy,
                maxAttempts: 3,
                initialBackoff: .seconds(10),
                appliesInBatches: inBatches
            ),
            fetcher: fetcher,
            logger: TestDatabase.logger,
            hooks: hooks,
            now: now
        )
    }

    /// Runs the hooks the processor recorded: the harness's own registry, or another instance's.
    func hookRunner(
        hooks: BillingHooks? = nil,
        maxAttempts: Int = 10,
        now: @escaping @Sendable () -> Date = { BillingHarness.now }
    ) -> HookRunner {
        HookRunner(
            hooks: hooks ?? self.hooks,
            database: database,
            customers: CustomerDirectory(
                database: database,
                creator: FailingCustomerCreator(),
                logger: TestDatabase.logger
            ),
            configuration: .init(maxAttempts: maxAttempts, retryBase: .seconds(1)),
            logger: TestDatabase.logger,
            now: now
        )
    }

    /// Delivers a signed body through the intake, as the web layer would.
    func deliver(_ body: Data, at date: Date = BillingHarness.now) async -> WebhookIntakeOutcome {
        await intake.receive(body: body, signature: factory.signature(for: body, at: date), now: BillingHarness.now)
    }

    /// Stores an event without the HTTP-shaped checks (for ordering tests that feed thousands of events).
    func record(_ body: Data) async throws {
        let envelope = try EventEnvelope.parse(body)
        _ = try await events.record(envelope, payload: String(decoding: body, as: UTF8.self), receivedAt: 1)
    }
}
