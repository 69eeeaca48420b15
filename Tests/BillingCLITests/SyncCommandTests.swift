import ArgumentParser
import BillingCLI
import BillingCore
import BillingDatabase
import BillingTestSupport
import Foundation
import SQLKit
import StripeAPI
import Synchronization
import Testing

/// A clock that only moves when the limiter sleeps.
final class ManualClock: Sendable {
    private let state = Mutex<(now: Duration, sleeps: [Duration])>((.zero, []))

    var now: Duration { state.withLock { $0.now } }
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    func sleep(_ duration: Duration) {
        state.withLock {
            $0.now += duration
            $0.sleeps.append(duration)
        }
    }
}

@Suite struct SyncCommandTests {
    @Test func limiterAllowsAtMost25RequestsInAnyOneSecondWindow() async throws {
        let clock = ManualClock()
        let limiter = RequestRateLimiter(
            requestsPerSecond: 25,
            now: { clock.now },
            sleep: { clock.sleep($0) }
        )

        var starts: [Duration] = []
        for _ in 0..<200 {
            try await limiter.acquire()
            starts.append(clock.now)
        }

        for index in starts.indices.dropLast(25) {
            #expect(starts[index + 25] - starts[index] >= .seconds(1))
        }
        #expect(starts[24] == .zero)
        #expect(clock.now == .seconds(7))
        #expect(await limiter.acquired == 200)
    }

    @Test func unlimitedLimiterNeverSleeps() async throws {
        let clock = ManualClock()
        let limiter = RequestRateLimiter(requestsPerSecond: 0, now: { clock.now }, sleep: { clock.sleep($0) })
        for _ in 0..<500 { try await limiter.acquire() }
        #expect(clock.sleeps.isEmpty)
        #expect(limiter.isUnlimited)
    }

    @Test(arguments: [
        ("https://api.stripe.com", nil, nil, 25), ("http://127.0.0.1:12111", nil, nil, 0),
        ("https://api.stripe.com", "10", nil, 10), ("https://api.stripe.com", "10", 5, 5),
    ])
    func defaultRateIs25OnlyForRealStripe(base: String, configured: String?, flag: Int?, expected: Int) throws {
        let context = try OperatorTestContext(emulator: nil)
        defer { context.remove() }
        var environment = context.environment(
            extra: ["stripe.apiBaseURL": base].merging(
                configured.map { ["billing.sync.requestsPerSecond": $0] } ?? [:],
                uniquingKeysWith: { $1 }
            )
        )
        environment.isTerminal = false
        let stripe = try environment.stripeClient()
        #expect(SyncCommand.requestsPerSecond(flag: flag, in: environment, stripe: stripe) == expected)
    }

    static func seed(_ stripe: StripeClient, customers: Int) async throws {
        let product = try await stripe.products.create(ProductCreateParameters(name: "Pro"))
        let price = try await stripe.prices.create(
            PriceCreateParameters(
                currency: "usd",
                product: product.id,
                unitAmount: 1500,
                recurring: Price.Recurring(interval: .month)
            )
        )
        for index in 0..<customers {
            let customer = try await stripe.customers.create(
                CustomerCreateParameters(
                    email: "c\(index)@acme.test",
                    paymentMethod: "pm_card_visa",
                    invoiceSettings: InvoiceSettingsParameters(defaultPaymentMethod: .set("pm_card_visa"))
                )
            )
            _ = try await stripe.subscriptions.create(
                SubscriptionCreateParameters(customer: customer.id, items: [.init(price: price.id)])
            )
        }
    }

    @Test func syncAppliesEverySubscriptionOnceAndAgainChangesNothingNew() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let context = try OperatorTestContext(emulator: emulator)
            defer { context.remove() }
            try await Self.seed(emulator.stripe, customers: 25)

            try await context.run(["sync", "--page-size", "10"])
            #expect(context.output.lines.filter { $0.hasPrefix("page done:") }.count == 3)
            let summary = try #require(context.output.lines.last)
            #expect(summary.hasPrefix("synced 25 subscription(s): 25 written"))
            #expect(summary.contains("3 API request(s)"))

            let customer = try #require(try await emulator.stripe.customers.list().data.first?.id)
            try await context.run(["sync", "--customer", customer.rawValue])
            #expect(context.output.lines.last?.hasPrefix("synced 1 subscription(s)") == true)

            let rows = try await DatabaseConnector.withDatabase(
                DatabaseConfiguration(url: context.databaseURL),
                logger: TestDatabase.logger
            ) { database in
                try await database.read { sql in
                    try await sql.raw("SELECT COUNT(*) AS n FROM billing_subscriptions").first()?.decode(
                        column: "n",
                        as: Int.self
                    )
                }
            }
            #expect(rows == 25)
        }
    }

    @Test func syncToldItTalksToRealStripeWaitsForTheLimiterOnEveryPage() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let context = try OperatorTestContext(emulator: emulator)
            defer { context.remove() }
            try await Self.seed(emulator.stripe, customers: 30)
            let clock = ManualClock()
            var command = try #require(try BillingCommand.parseAsRoot(["sync", "--page-size", "1"]) as? SyncCommand)
            command.limiter = RequestRateLimiter(requestsPerSecond: 25, now: { clock.now }, sleep: { clock.sleep($0) })

            try await command.run(in: context.environment())

            // 30 pages of one: 25 in the first second, the other 5 one second later.
            #expect(await command.limiter?.acquired == 30)
            #expect(clock.now == .seconds(1))
            #expect(context.output.lines.last?.hasPrefix("synced 30 subscription(s)") == true)
        }
    }

    @Test func interruptedSyncResumesAfterTheLastFinishedPage() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let context = try OperatorTestContext(emulator: emulator)
            defer { context.remove() }
            try await Self.seed(emulator.stripe, customers: 12)
            let all = try await emulator.stripe.subscriptions.all(pageSize: 100).collect()
            // As if a previous run committed the first page of 5 and stopped.
            try await DatabaseConnector.withDatabase(
                DatabaseConfiguration(url: context.databaseURL),
                logger: TestDatabase.logger
            ) { database in
                try await Migrator().migrate(database, logger: TestDatabase.logger)
                try await BillingSettings(database: database).set(all[4].id.rawValue, for: .syncCursor)
            }

            try await context.run(["sync", "--page-size", "5"])

            #expect(context.output.lines.first == "resuming after \(all[4].id)")
            #expect(context.output.lines.last?.hasPrefix("synced 7 subscription(s)") == true)
            let cursor = try await DatabaseConnector.withDatabase(
                DatabaseConfiguration(url: context.databaseURL),
                logger: TestDatabase.logger
            ) { database in try await BillingSettings(database: database).value(for: .syncCursor) }
            #expect(cursor == nil)
        }
    }

    @Test func syncWithAPublishableKeyOrABadCustomerIDSendsNothing() async throws {
        let context = try OperatorTestContext(emulator: nil)
        defer { context.remove() }
        await #expect(throws: CLIError.invalidArgument) { try await context.run(["sync", "--customer", "sub_123"]) }

        let publishable = try OperatorTestContext(emulator: nil, secretKey: "pk_live_abc")
        defer { publishable.remove() }
        await #expect(throws: CLIError.wrongKeyType) { try await publishable.run(["sync"]) }
    }
}
