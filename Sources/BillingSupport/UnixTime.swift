package import Foundation

extension Date {
    /// Milliseconds since 1970, rounded: the unit of every `*_at` column the billing tables store.
    package var unixMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    /// The date of a stored `*_at` column.
    package init(unixMilliseconds: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(unixMilliseconds) / 1000)
    }
}

extension Duration {
    /// The duration in whole milliseconds (leases, due times and backoffs are stored in Unix milliseconds).
    package var milliseconds: Int64 {
        let parts = components
        return parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
    }

    /// Exponential backoff in milliseconds for retry `attempt` (1-based): `self · 2^(attempt-1)`, at most `cap`.
    /// The outbox's senders (mail, hooks) retry on this schedule.
    package func backoffMilliseconds(afterAttempt attempt: Int, cap: Int64 = 3_600_000) -> Int64 {
        min(milliseconds << min(max(attempt - 1, 0), 20), cap)
    }
}
