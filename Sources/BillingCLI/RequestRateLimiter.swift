/// A client-side limiter: at most `requestsPerSecond` acquisitions in any one-second window.
///
/// Stripe allows 25 requests/s in test mode (100 live); staying under it avoids 429s instead of retrying them.
/// Time is injected (`now`, `sleep`) so tests check the schedule without waiting.
public actor RequestRateLimiter {
    private let limit: Int
    private let now: @Sendable () -> Duration
    private let sleep: @Sendable (Duration) async throws -> Void
    /// Start times of the last `limit` acquisitions, oldest first.
    private var recent: [Duration] = []
    /// How many acquisitions were made.
    public private(set) var acquired = 0

    /// Creates a limiter; `requestsPerSecond <= 0` means unlimited.
    /// - Parameters:
    ///   - requestsPerSecond: the most acquisitions in any one-second window.
    ///   - now: the current time as an offset from any fixed origin.
    ///   - sleep: waits for a duration.
    public init(
        requestsPerSecond: Int,
        now: @escaping @Sendable () -> Duration = { ContinuousClock.now - RequestRateLimiter.origin },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.limit = requestsPerSecond
        self.now = now
        self.sleep = sleep
    }

    /// A fixed origin for the default clock.
    public static let origin = ContinuousClock.now

    /// Whether the limiter ever waits.
    public nonisolated var isUnlimited: Bool { limit <= 0 }

    /// Waits until one more request fits in the window, then counts it.
    public func acquire() async throws {
        acquired += 1
        guard limit > 0 else { return }
        let current = now()
        var start = current
        if recent.count >= limit {
            start = max(current, recent[recent.count - limit] + .seconds(1))
        }
        // Reserve the slot before suspending, so concurrent callers queue behind it.
        recent.append(start)
        if recent.count > limit { recent.removeFirst(recent.count - limit) }
        if start > current { try await sleep(start - current) }
    }
}
