public import Foundation

/// How a ``StripeClient`` reaches Stripe (or the emulator).
public struct StripeConfiguration: Sendable {
    /// The API version this library is written against and pins on every request.
    public static let pinnedAPIVersion = "2026-10-28.endive"
    /// Stripe's production API host.
    public static let productionBaseURL = URL(string: "https://api.stripe.com")!

    /// The secret key (`sk_test_…`, `sk_live_…`, `rk_test_…` or `rk_live_…`). Never logged.
    public var secretKey: String
    /// Where requests go: real Stripe, or the emulator's `http://127.0.0.1:PORT`.
    public var apiBaseURL: URL
    /// The `Stripe-Version` header sent on every request.
    public var apiVersion: String
    /// The timeout for one HTTP attempt.
    public var timeout: Duration
    /// Retry behaviour for network errors, 409, 429 and 5xx.
    public var retryPolicy: RetryPolicy
    /// Sent as `User-Agent`.
    public var userAgent: String

    /// Creates a configuration.
    /// - Parameters:
    ///   - secretKey: the API secret key.
    ///   - apiBaseURL: the API host, `https://api.stripe.com` by default.
    ///   - apiVersion: the pinned API version.
    ///   - timeout: per-attempt timeout; Stripe's SDKs use 80 s.
    ///   - retryPolicy: when and how often to retry.
    public init(
        secretKey: String,
        apiBaseURL: URL = StripeConfiguration.productionBaseURL,
        apiVersion: String = StripeConfiguration.pinnedAPIVersion,
        timeout: Duration = .seconds(80),
        retryPolicy: RetryPolicy = RetryPolicy(),
        userAgent: String = "swift-billing-portal/0.1"
    ) {
        self.secretKey = secretKey
        self.apiBaseURL = apiBaseURL
        self.apiVersion = apiVersion
        self.timeout = timeout
        self.retryPolicy = retryPolicy
        self.userAgent = userAgent
    }

    /// Whether the key belongs to live mode, which decides the `livemode` we expect on webhook events.
    public var isLiveMode: Bool { secretKey.hasPrefix("sk_live_") || secretKey.hasPrefix("rk_live_") }
}

/// When a failed request is tried again, and how long to wait.
///
/// Follows Stripe's SDKs: `Stripe-Should-Retry` decides when present; otherwise network errors, 409, 429 and
/// any 5xx are retried. The delay is `min(initialDelay * 2^(n-1), maxDelay)` jittered into [50 %, 100 %], and never
/// shorter than a `Retry-After` the server sent (capped by `maxRetryAfter`).
public struct RetryPolicy: Sendable {
    /// Retries after the first attempt; Stripe's Python SDK defaults to 2.
    public var maxRetries: Int
    /// The first backoff step.
    public var initialDelay: Duration
    /// The largest backoff step.
    public var maxDelay: Duration
    /// The longest `Retry-After` honoured; longer values are cut to this.
    public var maxRetryAfter: Duration

    /// Creates a policy.
    public init(
        maxRetries: Int = 2,
        initialDelay: Duration = .milliseconds(500),
        maxDelay: Duration = .seconds(5),
        maxRetryAfter: Duration = .seconds(60)
    ) {
        self.maxRetries = max(0, maxRetries)
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// The jittered backoff before retry number `retry` (1-based).
    /// - Parameters:
    ///   - retry: which retry this is, starting at 1.
    ///   - retryAfter: the server's `Retry-After`, if any.
    ///   - unit: a random number in [0, 1), injected so tests are deterministic.
    public func delay(beforeRetry retry: Int, retryAfter: Duration?, unit: Double) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let base = min(initialDelay * (1 << exponent), maxDelay)
        let jittered = base * (0.5 + 0.5 * min(max(unit, 0), 1))
        guard let retryAfter else { return jittered }
        return max(jittered, min(retryAfter, maxRetryAfter))
    }
}
