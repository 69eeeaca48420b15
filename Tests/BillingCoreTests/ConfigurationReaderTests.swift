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

    @Test func intakeNeedsAWebhookSecretAndNamesThePluralVariable() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let error = #expect(throws: ConfigurationError.self) {
                try WebhookIntake(
                    reader: ConfigReader(provider: InMemoryProvider(values: ["stripe.webhookSecrets": " , "])),
                    expectedLivemode: false,
                    eventLog: EventLog(database: database),
                    logger: TestDatabase.logger
                )
            }
            #expect(error?.environmentVariable == "STRIPE_WEBHOOK_SECRETS")
            #expect(error?.isMissing == true)
            #expect(error?.description.hasPrefix("STRIPE_WEBHOOK_SECRETS (stripe.webhookSecrets): not set; ") == true)
        }
    }

    @Test func theSingularWebhookSecretIsReadWhenThePluralIsUnset() throws {
        let singular = ConfigReader(provider: InMemoryProvider(values: ["stripe.webhookSecret": "whsec_one"]))
        let both = ConfigReader(
            provider: InMemoryProvider(values: [
                "stripe.webhookSecret": "whsec_one", "stripe.webhookSecrets": "whsec_two,whsec_three",
            ])
        )

        #expect(try WebhookIntake.signingSecrets(reader: singular) == ["whsec_one"])
        #expect(try WebhookIntake.signingSecrets(reader: both) == ["whsec_two", "whsec_three"])
    }

    @Test func anAPIKeyListedAsWebhookSecretIsRefusedWithoutQuotingIt() {
        let reader = ConfigReader(
            provider: InMemoryProvider(values: ["stripe.webhookSecrets": "whsec_ok,sk_test_51Secret"])
        )

        let error = #expect(throws: ConfigurationError.self) { try WebhookIntake.signingSecrets(reader: reader) }

        #expect(error?.description.contains("entry 2 is an API key") == true)
        #expect(error?.description.contains("sk_test_51Secret") == false)
    }

    @Test(arguments: ["sk_test_abc", "sk_live_abc", "rk_test_abc", "rk_live_abc"])
    func stripeConfigurationAcceptsSecretAndRestrictedKeys(key: String) throws {
        let reader = ConfigReader(provider: InMemoryProvider(values: ["stripe.secretKey": .init(stringLiteral: key)]))

        let configuration = try StripeConfiguration(reader: reader.scoped(to: "stripe"))

        #expect(configuration.secretKey == key)
        #expect(configuration.isLiveMode == key.contains("_live_"))
    }

    @Test func aPublishableKeyIsRefusedNamingTheVariableAndTheFix() {
        let reader = ConfigReader(provider: InMemoryProvider(values: ["stripe.secretKey": "pk_test_51Visible"]))

        let error = #expect(throws: ConfigurationError.self) {
            try StripeConfiguration(reader: reader.scoped(to: "stripe"))
        }

        #expect(
            error?.description
                == "STRIPE_SECRET_KEY (stripe.secretKey): a publishable key (pk_…) cannot call the API; use the secret "
                + "key sk_… or a restricted key rk_… from the Dashboard"
        )
    }

    @Test(arguments: [nil, "", "sk_abc", "whsec_abc", "not-a-key"] as [String?])
    func otherKeysAreRefusedWithoutQuotingThem(key: String?) {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        if let key { values[AbsoluteConfigKey(["stripe", "secretKey"])] = ConfigValue(.string(key), isSecret: true) }
        let reader = ConfigReader(provider: InMemoryProvider(values: values))

        let error = #expect(throws: ConfigurationError.self) {
            try StripeConfiguration(reader: reader.scoped(to: "stripe"))
        }

        #expect(error?.environmentVariable == "STRIPE_SECRET_KEY")
        #expect(error?.isMissing == (key ?? "").isEmpty)
        if let key, !key.isEmpty { #expect(error?.description.contains(key) == false) }
    }

    @Test func aStripeBaseURLThatIsNotHTTPIsAConfigurationError() {
        let reader = ConfigReader(
            provider: InMemoryProvider(values: [
                "stripe.secretKey": "sk_test_x", "stripe.apiBaseURL": "localhost:12111",
            ])
        )

        let error = #expect(throws: ConfigurationError.self) {
            try StripeConfiguration(reader: reader.scoped(to: "stripe"))
        }

        #expect(error?.environmentVariable == "STRIPE_API_BASE_URL")
    }

    @Test(arguments: [
        ("stripe.secretKey", "STRIPE_SECRET_KEY"), ("stripe.apiBaseURL", "STRIPE_API_BASE_URL"),
        ("stripe.webhookSecrets", "STRIPE_WEBHOOK_SECRETS"),
        ("database.connectTimeoutSeconds", "DATABASE_CONNECT_TIMEOUT_SECONDS"),
        ("billing.webhooks.maxBodyBytes", "BILLING_WEBHOOKS_MAX_BODY_BYTES"),
    ])
    func environmentVariableNamesFollowTheEnvironmentProvider(key: String, variable: String) async throws {
        #expect(ConfigurationError.environmentVariable(for: key) == variable)
        // The provider itself finds the value under that name.
        let provider = EnvironmentVariablesProvider(environmentVariables: [variable: "x"])
        let reader = ConfigReader(provider: provider)
        #expect(reader.string(forKey: ConfigKey(key)) == "x")
    }

    @Test func processorAndAccessPolicyReadTheirKeys() {
        let reader = ConfigReader(
            provider: InMemoryProvider(values: [
                "billing.events.refetch": "always", "billing.events.batchSize": 7,
                "billing.events.applyInBatches": false, "billing.events.gatherDelayMilliseconds": 12,
                "billing.access.pausedIsEntitled": true,
            ])
        )

        let processor = EventProcessorConfiguration(reader: reader.scoped(to: "billing.events"))
        let policy = AccessPolicy(reader: reader.scoped(to: "billing.access"))

        #expect(processor.refetchPolicy == .always)
        #expect(processor.batchSize == 7)
        #expect(processor.appliesInBatches == false)
        #expect(processor.gatherDelay == .milliseconds(12))
        #expect(
            EventProcessorConfiguration(reader: ConfigReader(provider: InMemoryProvider(values: [:]))).appliesInBatches
        )
        #expect(policy == AccessPolicy(pastDueIsEntitled: true, pausedIsEntitled: true))
    }
}
