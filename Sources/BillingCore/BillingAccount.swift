/// The signed-in account, as the host application's own authentication knows it.
public struct BillingAccount: Sendable, Equatable {
    /// The host's account id; the library maps it to exactly one Stripe customer.
    public var id: AccountID
    /// Sent to Stripe when the customer is created (keep it stable per account).
    public var email: String
    /// Shown on the billing page and sent to Stripe as the customer's name.
    public var name: String

    /// Creates an account value.
    public init(id: AccountID, email: String, name: String) {
        self.id = id
        self.email = email
        self.name = name
    }
}
