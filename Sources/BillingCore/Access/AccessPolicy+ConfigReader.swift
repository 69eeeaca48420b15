public import Configuration

extension AccessPolicy {
    /// Reads the policy from a reader scoped to `billing.access`.
    ///
    /// Keys (environment variable in brackets):
    /// - `pastDueIsEntitled` (`BILLING_ACCESS_PAST_DUE_IS_ENTITLED`), bool, default true: keep access while Stripe
    ///   retries a failed payment.
    /// - `pausedIsEntitled` (`BILLING_ACCESS_PAUSED_IS_ENTITLED`), bool, default false: keep access while paused.
    ///
    /// - Parameter reader: a reader scoped to `billing.access`.
    public init(reader: ConfigReader) {
        self.init(
            pastDueIsEntitled: reader.bool(forKey: "pastDueIsEntitled", default: true),
            pausedIsEntitled: reader.bool(forKey: "pausedIsEntitled", default: false)
        )
    }
}
