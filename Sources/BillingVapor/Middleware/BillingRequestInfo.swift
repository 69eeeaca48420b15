public import BillingCore
public import Vapor

extension Request {
    /// What billing knows about this request: the account's access, once ``RequireBilling`` has checked it.
    public var billing: BillingRequestInfo { BillingRequestInfo(request: self) }
}

/// Billing answers for one request, in the words hosts know from Cashier (`subscribed()`, `onGracePeriod()`) and
/// Pay (`subscribed?`, `on_trial?`).
///
/// The values come from the access ``RequireBilling`` read for the request; on a route without it they are the
/// answers for no subscription (``BillingCore/BillingAccess/none``).
public struct BillingRequestInfo: Sendable {
    let request: Request

    private struct AccessKey: StorageKey {
        typealias Value = BillingAccess
    }

    /// The access ``RequireBilling`` read for this request; nil on routes without it.
    public var access: BillingAccess? {
        get { request.storage[AccessKey.self] }
        nonmutating set { request.storage[AccessKey.self] = newValue }
    }

    /// Whether the account has an entitled subscription (trialing, active, canceling until its period ends, and
    /// past due or paused as the ``BillingCore/AccessPolicy`` says).
    public var isSubscribed: Bool { access?.isEntitled ?? false }

    /// Whether the subscription meets `requirement` (a plan, product or price), like Cashier's
    /// `subscribedToPrice`.
    public func isSubscribed(to requirement: BillingRequirement) -> Bool {
        access.map { requirement.check($0) == nil } ?? false
    }

    /// Whether the subscription is in its trial.
    public var onTrial: Bool {
        if case .trialing = access?.status { return true }
        return false
    }

    /// Canceled, but still within the paid period: show "Resume" rather than "Subscribe".
    public var onGracePeriod: Bool { access?.onGracePeriod ?? false }

    /// A payment failed or is outstanding: show "Update your payment method".
    public var hasPaymentProblem: Bool { access?.hasPaymentProblem ?? false }

    /// The current plan (product, price, lookup key); nil without a subscription.
    public var plan: BillingAccess.Plan? { access?.plan }
}
