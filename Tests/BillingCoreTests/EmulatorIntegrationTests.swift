import BillingTestSupport
import Foundation
import HTTPTypes
import StripeAPI
import Testing

@testable import BillingCore

/// The live Stripe paths (customer creation, re-fetch, reconciliation) against the in-process emulator, with the
/// real `StripeClient`.
@Suite struct EmulatorIntegrationTests {
    /// The customer is created with the name and email the person gave, so the portal and invoices show them.
    @Test func ensureCustomerSendsTheNameAndEmail() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            try await TestDatabase.with(.sqlite) { database in
                let directory = CustomerDirectory(
                    database: database,
                    creator: emulator.stripe,
                    logger: TestDatabase.logger
                )
                let id = try await directory.ensureCustomer(
                    account: "acct_n",
                    email: "ada@example.com",
                    name: "Ada Lovelace"
                )
                let customer = try await emulator.stripe.customers.retrieve(id)
                #expect(customer.name == "Ada Lovelace")
                #expect(customer.email == "ada@example.com")
                #expect(customer.metadata["account_id"] == "acct_n")
            }
        }
    }

    /// 50 simultaneous `ensureCustomer` calls for one account leave exactly one customer in (emulated) Stripe.
    @Test func concurrentEnsureCustomerCreatesOneStripeCustomer() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            try await TestDatabase.with(.sqlite) { database in
                // As in production, the client retries a 409 `idempotency_key_in_use` (a concurrent request with the
                // same key still in flight) with backoff; the harness client does not retry at all.
                let retrying = StripeClient(
                    configuration: StripeConfiguration(
                        secretKey: "sk_test_emulator",
                        apiBaseURL: emulator.baseURL,
                        timeout: .seconds(10),
                        retryPolicy: RetryPolicy(maxRetries: 8, initialDelay: .milliseconds(20), maxDelay: .seconds(1))
                    )
                )
                let directory = CustomerDirectory(
                    database: database,
                    creator: retrying,
                    logger: TestDatabase.logger
                )

                let ids = try await withThrowingTaskGroup(of: CustomerID.self) { group in
                    for _ in 0..<50 { group.addTask { try await directory.ensureCustomer(account: "acct_50") } }
                    return try await group.reduce(into: Set<CustomerID>()) { $0.insert($1) }
                }

                let all = try await emulator.stripe.customers.all().collect()
                let mine = all.filter { $0.metadata["account_id"] == "acct_50" }
                #expect(mine.count == 1)
                #expect(ids == Set(mine.map(\.id)))
            }
        }
    }

    /// The customer is created in Stripe, the process dies before the insert, and the retry maps that customer.
    @Test func crashAfterStripeCreatedTheCustomerIsRepairedByTheRetry() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            try await TestDatabase.with(.sqlite) { database in
                let crashing = CrashingCreator(upstream: emulator.stripe)
                let directory = CustomerDirectory(database: database, creator: crashing, logger: TestDatabase.logger)

                await #expect(throws: SimulatedCrash.self) { try await directory.ensureCustomer(account: "acct_c") }
                let retried = try await directory.ensureCustomer(account: "acct_c")

                let mine = try await emulator.stripe.customers.all().collect()
                    .filter { $0.metadata["account_id"] == "acct_c" }
                #expect(mine.map(\.id) == [retried])
            }
        }
    }

    /// A subscription read back through the live fetcher and lister lands in the projection and grants access.
    @Test func reconciliationReadsLiveSubscriptions() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            try await TestDatabase.with(.sqlite) { database in
                let directory = CustomerDirectory(
                    database: database,
                    creator: emulator.stripe,
                    logger: TestDatabase.logger
                )
                let customer = try await directory.ensureCustomer(account: "acct_r")
                let product = try #require(try await emulator.raw(.post, "/v1/products", body: "name=Pro").json?["id"])
                let price = try #require(
                    try await emulator.raw(
                        .post,
                        "/v1/prices",
                        body: "product=\(product.stringValue ?? "")&unit_amount=1900&currency=usd"
                            + "&recurring[interval]=month&lookup_key=pro_monthly"
                    ).json?["id"]?.stringValue
                )
                let created = try await emulator.raw(
                    .post,
                    "/v1/subscriptions",
                    body: "customer=\(customer)&items[0][price]=\(price)&trial_period_days=14"
                )
                let subscriptionID = try #require(created.json?["id"]?.stringValue, "\(created.text)")

                let fetched = try await emulator.stripe.currentSnapshot(
                    of: .subscription(SubscriptionID(subscriptionID))
                )
                let progress = try await Reconciler(
                    database: database,
                    lister: emulator.stripe,
                    logger: TestDatabase.logger
                )
                .reconcile(customer: customer)
                let access = try await AccessChecker(database: database).access(for: "acct_r")

                guard case .subscription(let snapshot) = fetched else {
                    Issue.record("expected a subscription, got \(String(describing: fetched))")
                    return
                }
                #expect(snapshot.priceID?.rawValue == price)
                #expect(snapshot.lookupKey == "pro_monthly")
                #expect(progress.seen == 1)
                #expect(access.isEntitled)
                #expect(access.plan?.lookupKey == "pro_monthly")
                if case .trialing = access.status {} else { Issue.record("expected trialing, got \(access.status)") }
            }
        }
    }
}

/// Passes the first call through to Stripe and then throws, like a process dying before it stored the result.
private actor CrashingCreator: StripeCustomerCreator {
    let upstream: StripeClient
    private var crashed = false

    init(upstream: StripeClient) { self.upstream = upstream }

    func createCustomer(
        for account: AccountID,
        email: String?,
        name: String?,
        idempotencyKey: String
    ) async throws -> CreatedCustomer {
        let customer = try await upstream.createCustomer(
            for: account,
            email: email,
            name: name,
            idempotencyKey: idempotencyKey
        )
        if !crashed {
            crashed = true
            throw SimulatedCrash()
        }
        return customer
    }
}
