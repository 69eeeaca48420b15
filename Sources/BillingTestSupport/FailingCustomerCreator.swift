public import BillingCore
public import StripeAPI

/// A ``BillingCore/StripeCustomerCreator`` for tests that must not create customers: every call throws
/// ``UnstubbedCall``, so a path that unexpectedly reaches Stripe fails the test.
public struct FailingCustomerCreator: StripeCustomerCreator {
    /// Creates the fake.
    public init() {}

    public func createCustomer(
        for account: AccountID,
        email: String?,
        name: String?,
        idempotencyKey: String
    ) async throws -> CreatedCustomer {
        throw UnstubbedCall(description: "createCustomer(for: \(account.rawValue))")
    }
}
