import BillingDatabase
import BillingTestSupport
import Foundation
import StripeAPI
import Testing

@testable import BillingCore

/// The portal click's only read: the account's customer and the subscription that decides its access, in one
/// query, on both backends.
@Suite struct ProjectionReaderTests {
    @Test(arguments: TestBackend.postgresURL == nil ? [TestBackend.sqlite] : TestBackend.allCases)
    func accountBillingPicksTheLiveSubscriptionOverEndedOnes(backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let harness = try BillingHarness(database: database)
            let reader = ProjectionReader(database: database)
            let customers = CustomerDirectory(
                database: database,
                creator: FakeStripeCustomers(),
                logger: TestDatabase.logger
            )
            #expect(try await reader.accountBilling(of: "acct_1") == nil)

            let customer = try await customers.ensureCustomer(account: "acct_1")
            #expect(
                try await reader.accountBilling(of: "acct_1")
                    == .init(customer: customer, subscription: nil)
            )

            var ended = SubscriptionFixture(id: "sub_old", customer: customer.rawValue)
            ended.status = "canceled"
            ended.created = 1_779_000_500
            var live = SubscriptionFixture(id: "sub_live", customer: customer.rawValue)
            live.created = 1_779_000_000
            var other = SubscriptionFixture(id: "sub_other", customer: "cus_someone_else")
            other.created = 1_779_000_900
            for (index, subscription) in [ended, live, other].enumerated() {
                let body = harness.factory.subscriptionEvent(
                    id: "evt_reader_\(index)",
                    type: "customer.subscription.created",
                    created: 1_780_000_000 + index,
                    subscription: subscription
                )
                #expect(await harness.deliver(body).isAcknowledged)
            }
            _ = try await harness.processor().processBatch()

            let found = try #require(try await reader.accountBilling(of: "acct_1"))
            #expect(found.customer == customer)
            #expect(found.subscription == SubscriptionID("sub_live"))
        }
    }
}
