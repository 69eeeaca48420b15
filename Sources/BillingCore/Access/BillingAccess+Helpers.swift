extension BillingAccess {
    /// Whether the account has a subscription that grants access: trialing, active, canceling until the period
    /// ends, and past due or paused when the ``AccessPolicy`` allows it. The question a handler usually asks.
    ///
    /// ```swift
    /// if context.billing.isSubscribed { … }
    /// ```
    public var isSubscribed: Bool { isEntitled }

    /// Whether the account meets `requirement`, such as `.plans(lookupKeys: ["pro_monthly", "pro_yearly"])`.
    /// - Parameter requirement: what a feature needs; ``BillingRequirement/check(_:)`` says why when it is not met.
    public func isSubscribed(to requirement: BillingRequirement) -> Bool {
        requirement.check(self) == nil
    }

    /// Whether the account is in a trial.
    public var onTrial: Bool {
        if case .trialing = status { true } else { false }
    }
}
