public import BillingCore
import StripeAPI

/// An in-memory stand-in for `POST /v1/customers` that honours idempotency keys like Stripe: the first request
/// with a key creates a customer, every later request with the same key gets that same customer back.
///
/// ``crashAfterCreating(times:)`` simulates a process that dies after Stripe created the customer but before
/// the caller stored it: the customer exists, the call throws.
public actor FakeStripeCustomers: StripeCustomerCreator {
    /// Customers that exist in the fake Stripe, in creation order.
    public private(set) var customers: [CreatedCustomer] = []
    /// Requests received (including replays).
    public private(set) var requestCount = 0
    /// The idempotency keys received, in order.
    public private(set) var idempotencyKeys: [String] = []
    private var byKey: [String: CreatedCustomer] = [:]
    private var crashesLeft = 0

    /// Creates an empty fake.
    public init() {}

    /// The next `times` requests create (or replay) the customer and then throw ``SimulatedCrash``.
    public func crashAfterCreating(times: Int = 1) {
        crashesLeft = times
    }

    public func createCustomer(
        for account: AccountID,
        email: String?,
        name: String?,
        idempotencyKey: String
    ) async throws -> CreatedCustomer {
        requestCount += 1
        idempotencyKeys.append(idempotencyKey)
        // Let concurrent callers interleave, as real network calls would.
        await Task.yield()
        let customer: CreatedCustomer
        if let replay = byKey[idempotencyKey] {
            customer = replay
        } else {
            customer = CreatedCustomer(id: CustomerID("cus_fake\(customers.count + 1)"), livemode: false)
            byKey[idempotencyKey] = customer
            customers.append(customer)
        }
        if crashesLeft > 0 {
            crashesLeft -= 1
            throw SimulatedCrash()
        }
        return customer
    }
}

/// Thrown by fakes to simulate a process dying mid-operation.
public struct SimulatedCrash: Error, Equatable, Sendable {
    /// Creates the error.
    public init() {}
}
