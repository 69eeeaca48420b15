import BillingCore
import BillingMail
import Foundation
import Synchronization

/// A clock the test sets; mailers read it through their injected `now`.
final class TestClock: Sendable {
    private let millis: Mutex<Int64>

    init(_ millis: Int64 = 0) { self.millis = Mutex(millis) }

    var now: @Sendable () -> Date {
        { [self] in Date(timeIntervalSince1970: TimeInterval(millis.withLock { $0 }) / 1000) }
    }

    func set(_ value: Int64) { millis.withLock { $0 = value } }
}

/// A mailer and the clock it reads, so a test can run a pass at a chosen time.
struct ClockedMailer: Sendable {
    let mailer: OutboxMailer
    let clock: TestClock

    /// One pass of the mailer with its clock at `now` (Unix ms).
    func drainOnce(now: Int64) async throws -> OutboxMailer.DrainReport {
        clock.set(now)
        return try await mailer.drainOnce()
    }
}
