public import BillingCore
public import BillingViews
public import Hummingbird

/// A request context that tells the billing routes who is signed in, from the host application's own auth.
///
/// The host sets both values in its session middleware; the billing routes never read cookies themselves.
public protocol BillingRequestContext: RequestContext {
    /// The signed-in account, or nil for an anonymous visitor.
    var billingAccount: BillingAccount? { get }
    /// The CSRF token bound to the visitor's session; forms must echo it in the `csrf_token` field.
    var csrfToken: String? { get }
}

/// Wraps a rendered billing fragment in the host's layout.
public typealias BillingLayout<Context: BillingRequestContext> =
    @Sendable (BillingPageContent, Request, Context) async throws -> String
