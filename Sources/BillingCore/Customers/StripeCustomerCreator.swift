public import StripeAPI

/// A customer Stripe created.
public struct CreatedCustomer: Sendable, Equatable {
    /// The customer id.
    public var id: CustomerID
    /// Whether it lives in live mode.
    public var livemode: Bool

    /// Creates a value.
    public init(id: CustomerID, livemode: Bool) {
        self.id = id
        self.livemode = livemode
    }
}

/// Creates Stripe customers; ``StripeClient`` is the live implementation.
public protocol StripeCustomerCreator: Sendable {
    /// Creates a customer for an account, with the name the person gave (shown in the portal and on invoices).
    /// - Parameters:
    ///   - account: stored as `metadata[account_id]`.
    ///   - email: the customer's email, if known (it must be the same on every retry with the same key).
    ///   - name: the customer's name, if known (the same on every retry, like the email).
    ///   - idempotencyKey: makes a retry return the customer the first attempt created.
    func createCustomer(
        for account: AccountID,
        email: String?,
        name: String?,
        idempotencyKey: String
    ) async throws -> CreatedCustomer
}

extension StripeClient: StripeCustomerCreator {
    /// `POST /v1/customers` with the name, `metadata[account_id]` and the given `Idempotency-Key`.
    public func createCustomer(
        for account: AccountID,
        email: String?,
        name: String?,
        idempotencyKey: String
    ) async throws -> CreatedCustomer {
        let customer = try await customers.create(
            CustomerCreateParameters(email: email, name: name, metadata: ["account_id": account.rawValue]),
            options: RequestOptions(idempotencyKey: idempotencyKey)
        )
        return CreatedCustomer(id: customer.id, livemode: customer.livemode)
    }
}
