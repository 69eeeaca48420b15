import BillingCore
import BillingTestSupport
import Foundation
import StripeAPI
import Testing

extension StoreContract {
    /// 50 simultaneous first clicks on "Manage billing" for one account create exactly one Stripe customer.
    static func concurrentEnsureCustomerCreatesOneCustomer(_ backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let stripe = FakeStripeCustomers()
            let directory = CustomerDirectory(database: database, creator: stripe, logger: TestDatabase.logger)

            let results = try await withThrowingTaskGroup(of: CustomerID.self) { group in
                for _ in 0..<50 { group.addTask { try await directory.ensureCustomer(account: "acct_42") } }
                return try await group.reduce(into: Set<CustomerID>()) { $0.insert($1) }
            }

            let customers = await stripe.customers
            #expect(customers.count == 1)
            #expect(results == [customers[0].id])
            #expect(try await directory.customer(for: "acct_42") == customers[0].id)
            #expect(try await directory.account(for: customers[0].id) == "acct_42")
            #expect(Set(await stripe.idempotencyKeys) == ["customer-for-account-acct_42"])
        }
    }

    /// Stripe created the customer, then the process died before the insert; the retry maps that same customer.
    static func crashBetweenCreateAndInsertStillYieldsOneCustomer(_ backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let stripe = FakeStripeCustomers()
            let directory = CustomerDirectory(database: database, creator: stripe, logger: TestDatabase.logger)
            await stripe.crashAfterCreating()

            await #expect(throws: SimulatedCrash.self) { try await directory.ensureCustomer(account: "acct_7") }
            #expect(try await directory.customer(for: "acct_7") == nil)
            let retried = try await directory.ensureCustomer(account: "acct_7")
            let again = try await directory.ensureCustomer(account: "acct_7")

            let customers = await stripe.customers
            #expect(customers.count == 1)
            #expect(retried == customers[0].id)
            #expect(again == retried)
            #expect(await stripe.requestCount == 2)
        }
    }

    /// Different accounts get different customers.
    static func accountsGetTheirOwnCustomers(_ backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let stripe = FakeStripeCustomers()
            let directory = CustomerDirectory(database: database, creator: stripe, logger: TestDatabase.logger)

            let first = try await directory.ensureCustomer(account: "acct_1")
            let second = try await directory.ensureCustomer(account: "acct_2")

            #expect(first != second)
            #expect(await stripe.customers.count == 2)
        }
    }
}
