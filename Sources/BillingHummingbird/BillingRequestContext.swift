public import BillingCore
public import Hummingbird

/// The signed-in account, as the host application's own authentication knows it.
public struct BillingAccount: Sendable, Equatable {
    /// The host's account id; the library maps it to exactly one Stripe customer.
    public var id: AccountID
    /// Sent to Stripe when the customer is created (keep it stable per account).
    public var email: String
    /// Shown on the billing page.
    public var name: String

    /// Creates an account value.
    public init(id: AccountID, email: String, name: String) {
        self.id = id
        self.email = email
        self.name = name
    }
}

/// A request context that tells the billing routes who is signed in, from the host application's own auth.
///
/// The host sets both values in its session middleware; the billing routes never read cookies themselves.
public protocol BillingRequestContext: RequestContext {
    /// The signed-in account, or nil for an anonymous visitor.
    var billingAccount: BillingAccount? { get }
    /// The CSRF token bound to the visitor's session; forms must echo it in the `csrf_token` field.
    var csrfToken: String? { get }
}
