import ArgumentParser
import BillingCLI
import BillingCore
import BillingDatabase
import BillingTestSupport
import Foundation
import SQLKit
import StripeAPI
import Testing

@Suite struct WebhooksAndEventsCommandTests {
    @Test func webhooksSetupCreatesOnceWithTheHandledEventsAndPrintsTheSecretOnce() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let context = try OperatorTestContext(emulator: emulator)
            defer { context.remove() }
            let url = "https://notes.acme.test/webhooks/stripe"

            try await context.run(["webhooks", "setup", "--url", url])
            try await context.run(["webhooks", "setup", "--url", url])
            try await context.run(["webhooks", "list"])

            let endpoints = try await emulator.stripe.webhookEndpoints.list().data
            #expect(endpoints.count == 1)
            let endpoint = try #require(endpoints.first)
            #expect(Set(endpoint.enabledEvents) == Set(WebhooksSetupCommand.handledEventTypes))
            #expect(endpoint.enabledEvents.allSatisfy { HandledEventTypes.isHandled($0.rawValue) })
            let secrets = context.output.lines.filter { $0.hasPrefix("whsec_") }
            #expect(secrets.count == 1)
            #expect(context.output.lines.contains { $0.hasPrefix("updated \(endpoint.id)") })
            let listed = try #require(context.output.lines.last)
            #expect(listed.contains("\(endpoint.id)") && listed.contains("all handled events"))
            #expect(!listed.contains("whsec_"))
        }
    }

    @Test func webhooksSetupRejectsARelativeURLWithoutARequest() async throws {
        let context = try OperatorTestContext(emulator: nil)
        defer { context.remove() }
        await #expect(throws: CLIError.invalidArgument) {
            try await context.run(["webhooks", "setup", "--url", "/webhooks/stripe"])
        }
    }

    @Test func eventsListShowRetryAndReplayWorkOnTheLog() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let context = try OperatorTestContext(emulator: emulator)
            defer { context.remove() }
            let factory = StripeEventFactory()
            let good = factory.subscriptionEvent(
                id: "evt_good",
                created: 1_779_000_100,
                subscription: SubscriptionFixture(id: "sub_1", customer: "cus_1")
            )
            // A subscription event whose object lacks required fields: the reducer fails on it.
            let poison = factory.body(
                id: "evt_poison",
                type: "customer.subscription.updated",
                created: 1_779_000_200,
                object: .object(["id": .string("sub_2"), "object": .string("subscription")])
            )
            try await DatabaseConnector.withDatabase(
                DatabaseConfiguration(url: context.databaseURL),
                logger: TestDatabase.logger
            ) { database in
                try await Migrator().migrate(database, logger: TestDatabase.logger)
                let log = EventLog(database: database)
                for body in [good, poison] {
                    _ = try await log.record(
                        try EventEnvelope.parse(body),
                        payload: String(decoding: body, as: UTF8.self),
                        receivedAt: 1_779_000_300_000
                    )
                }
                let processor = EventProcessor(
                    database: database,
                    fetcher: emulator.stripe,
                    logger: TestDatabase.logger
                )
                try await processor.drain()
            }

            try await context.run(["events", "list"])
            #expect(context.output.lines.first == "2 events: 1 processed, 1 pending, 1 failing")
            #expect(context.output.lines[1].hasPrefix("evt_poison") && context.output.lines[1].contains("failed×1"))

            try await context.run(["events", "list", "--failed"])
            #expect(context.output.lines.last?.hasPrefix("evt_poison") == true)

            try await context.run(["events", "show", "evt_good"])
            #expect(context.output.text.contains("\"id\" : \"sub_1\""))
            #expect(context.output.text.contains("processed: 20"))

            try await context.run(["events", "retry", "--failed"])
            #expect(context.output.lines.last == "queued 1 event(s) for retry; processed 0; 1 still failing")

            try await context.run(["events", "replay", "--since", "1779000000"])
            #expect(context.output.lines.last?.hasPrefix("replayed 1 of 2 event(s)") == true)

            await #expect(throws: CLIError.notFound) { try await context.run(["events", "show", "evt_missing"]) }
            await #expect(throws: CLIError.invalidArgument) {
                try await context.run(["events", "replay", "--since", "last tuesday"])
            }
            #expect(throws: (any Error).self) { try BillingCommand.parseAsRoot(["events", "retry"]) }
        }
    }

    @Test func eventsHooksListsFailingAndFailedHookCalls() async throws {
        let context = try OperatorTestContext(emulator: nil)
        defer { context.remove() }
        try await DatabaseConnector.withDatabase(
            DatabaseConfiguration(url: context.databaseURL),
            logger: TestDatabase.logger
        ) { database in
            try await Migrator().migrate(database, logger: TestDatabase.logger)
            try await database.transaction { sql in
                for (key, error, failed) in [
                    ("hook:seats:subscription.started:sub_1", "handler threw SeatsDown", false),
                    ("hook:seats:subscription.started:sub_2", "handler threw SeatsDown", true),
                    ("hook:seats:subscription.started:sub_3", nil, false),
                ] {
                    try await sql.raw(
                        """
                        INSERT INTO outbox_messages (dedupe_key, kind, subject_id, payload, created_at, send_after, \
                        attempts, last_error, failed_at) VALUES (\(bind: key), 'billing.hook', 'sub', '{}', 0, \
                        1780000000000, \(bind: error == nil ? 0 : 3), \(bind: error), \(bind: failed ? 1 : nil as Int?))
                        """
                    ).run()
                }
            }
        }
        try await context.run(["events", "hooks"])
        #expect(context.output.lines.first == "hooks: 0 done, 1 pending, 1 failing, 1 failed")
        #expect(
            context.output.lines.contains {
                $0.hasPrefix("hook:seats:subscription.started:sub_1  retry×3  handler threw")
            }
        )
        #expect(context.output.lines.contains { $0.hasPrefix("hook:seats:subscription.started:sub_2  failed×3") })
        #expect(!context.output.text.contains("sub_3"))
        try await context.run(["events", "list"])
        #expect(context.output.lines.last == "hooks: 1 pending, 1 failing, 1 failed (billing events hooks)")
    }
}
