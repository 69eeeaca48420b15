import BillingTestSupport
import Foundation
import StripeAPI
import Testing

@testable import BillingCore

extension StoreContract {
    /// Access is answered from the projection: plan, status, payment method display, latest invoice problem.
    static func accessReflectsTheProjection(_ backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let harness = try BillingHarness(database: database)
            let stripe = FakeStripeCustomers()
            let directory = CustomerDirectory(database: database, creator: stripe, logger: TestDatabase.logger)
            let checker = AccessChecker(database: database)
            #expect(try await checker.access(for: "acct_1", now: BillingHarness.now) == .none)
            let customer = try await directory.ensureCustomer(account: "acct_1").rawValue
            var subscription = SubscriptionFixture(id: "sub_1", customer: customer)
            subscription.defaultPaymentMethod = "pm_1"
            subscription.latestInvoice = "in_1"
            subscription.status = "past_due"
            var invoice = InvoiceFixture(id: "in_1", customer: customer, subscription: "sub_1")
            invoice.status = "open"
            let f = harness.factory
            for body in [
                f.body(
                    id: "evt_pm",
                    type: "payment_method.attached",
                    created: 1_780_000_000,
                    object: PaymentMethodFixture(id: "pm_1", customer: customer).json
                ),
                f.subscriptionEvent(id: "evt_sub", created: 1_780_000_001, subscription: subscription),
                f.body(id: "evt_in", type: "invoice.payment_failed", created: 1_780_000_001, object: invoice.json),
            ] {
                try await harness.record(body)
            }
            try await harness.processor().drain()

            let access = try await checker.access(for: "acct_1", now: BillingHarness.now)

            #expect(access.status == .pastDue)
            #expect(access.isEntitled)
            #expect(access.hasPaymentProblem)
            #expect(!access.onGracePeriod)
            #expect(access.plan?.lookupKey == "pro_monthly")
            #expect(access.plan?.product == "prod_pro")
            #expect(access.paymentMethod?.brand == "visa")
            #expect(access.paymentMethod?.last4 == "4242")
            #expect(access.paymentMethod?.expYear == 2034)
            #expect(access.latestInvoice?.id == "in_1")
            #expect(access.latestInvoice?.paymentFailed == true)
            // A failed payment changes the projection only; its mail comes from a dunning handler, not the reducer.
            #expect(try await ProjectionDump.load(database).outboxKeys.isEmpty)
        }
    }
}
