public import BillingCore

/// A request context that can carry the account's billing access, filled in by ``RequireBilling`` so handlers
/// behind it read the answer instead of querying again.
///
/// ```swift
/// struct AppContext: BillingAccessRequestContext {
///     var coreContext: CoreRequestContextStorage
///     var billingAccount: BillingAccount?
///     var csrfToken: String?
///     var billingAccess: BillingAccess?
///     init(source: Source) { coreContext = .init(source: source) }
/// }
/// ```
public protocol BillingAccessRequestContext: BillingRequestContext {
    /// The signed-in account's access; set by ``RequireBilling``, nil before it ran.
    var billingAccess: BillingAccess? { get set }
}

extension BillingAccessRequestContext {
    /// The signed-in account's billing, for handlers behind ``RequireBilling``: `context.billing.isSubscribed`,
    /// `onGracePeriod`, `hasPaymentProblem`, `plan`.
    ///
    /// Reads as ``BillingCore/BillingAccess/none`` (not subscribed) on a route without the middleware, so a
    /// forgotten gate fails closed; such routes ask `billing.access(for:)` instead.
    public var billing: BillingAccess { billingAccess ?? .none }
}
