import BillingCore
import BillingTestSupport
import Configuration
import Foundation
import StripeAPI
import Testing

@Suite struct ConfigurationReaderTests {
    @Test func intakeAcceptsAnyOfTheCommaSeparatedSecrets() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let reader = ConfigReader(
                provider: InMemoryProvider(values: ["stripe.webhookSecrets": "whsec_old, whsec_new"])
            )
            let intake = try WebhookIntake(
                reader: reader,
                expectedLivemode: false,
                eventLog: EventLog(database: database),
                logger: TestDatabase.logger
            )
            let factory = StripeEventFactory(secret: "whsec_new")
            let body = factory.subscriptionEvent(
                id: "evt_1",
                created: 1_780_000_000,
                subscription: SubscriptionFixture(id: "sub_1", customer: "cus_1")
            )
            let now = Date(timeIntervalSince1970: 1_780_000_000)

            let outcome = await intake.receive(body: body, signature: factory.signature(for: body, at: now), now: now)

            #expect(outcome == .accepted("evt_1"))
            #expect(intake.maxBodyBytes == 256 * 1024)
        }
    }

    @Test func intakeNeedsAWebhookSecret() async throws {
        try await TestDatabase.with(.sqlite) { database in
            #expect(throws: (any Error).self) {
                try WebhookIntake(
                    reader: ConfigReader(provider: InMemoryProvider(values: [:])),
                    expectedLivemode: false,
                    eventLog: EventLog(database: database),
                    logger: TestDatabase.logger
                )
            }
        }
    }

    @Test func processorAndAccessPolicyReadTheirKeys() {
        let reader = ConfigReader(
            provider: InMemoryProvider(values: [
                "billing.events.refetch": "always", "billing.events.batchSize": 7,
                "billing.access.pausedIsEntitled": true,
            ])
        )

        let processor = EventProcessorConfiguration(reader: reader.scoped(to: "billing.events"))
        let policy = AccessPolicy(reader: reader.scoped(to: "billing.access"))

        #expect(processor.refetchPolicy == .always)
        #expect(processor.batchSize == 7)
        #expect(policy == AccessPolicy(pastDueIsEntitled: true, pausedIsEntitled: true))
    }
}
