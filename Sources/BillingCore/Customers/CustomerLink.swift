public import StripeAPI

/// An account and the Stripe customer a completed Checkout was paid by.
public struct CustomerLink: Sendable, Equatable {
    /// The account named by the session's `client_reference_id`.
    public var account: AccountID
    /// The session's customer.
    public var customer: CustomerID
    /// Whether the session was in live mode.
    public var livemode: Bool

    /// Creates a link.
    public init(account: AccountID, customer: CustomerID, livemode: Bool) {
        self.account = account
        self.customer = customer
        self.livemode = livemode
    }
}
