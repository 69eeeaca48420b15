package import Foundation

extension Date {
    /// Milliseconds since 1970, rounded: the unit of every `*_at` column the billing tables store.
    package var unixMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    /// The date of a stored `*_at` column.
    package init(unixMilliseconds: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(unixMilliseconds) / 1000)
    }
}
