public import Configuration
import Foundation

extension StripeConfiguration {
    /// Reads the Stripe client configuration from a reader scoped to `stripe`.
    ///
    /// Keys (environment variable in brackets):
    /// - `secretKey` (`STRIPE_SECRET_KEY`), string, required, secret: the API key, `sk_test_…`, `sk_live_…` or a
    ///   restricted `rk_test_…` / `rk_live_…`.
    /// - `apiBaseURL` (`STRIPE_API_BASE_URL`), string, default `https://api.stripe.com`: point it at the emulator.
    /// - `apiVersion` (`STRIPE_API_VERSION`), string, default `2026-10-28.endive`: the pinned `Stripe-Version`.
    /// - `timeoutSeconds` (`STRIPE_TIMEOUT_SECONDS`), double, default 80: per-attempt timeout.
    /// - `maxNetworkRetries` (`STRIPE_MAX_NETWORK_RETRIES`), int, default 2: retries after the first attempt.
    ///
    /// - Parameter reader: a reader scoped to `stripe` (`reader.scoped(to: "stripe")`).
    /// - Throws: ``ConfigurationError`` when `secretKey` is missing or not a secret or restricted key, when
    ///   `apiBaseURL` is not an absolute http(s) URL, or when a number is out of range.
    public init(reader: ConfigReader) throws {
        let secretKey = try Self.secretKey(reader.string(forKey: "secretKey", isSecret: true))
        let base = reader.string(forKey: "apiBaseURL", default: StripeConfiguration.productionBaseURL.absoluteString)
        guard let url = URL(string: base), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil
        else {
            throw ConfigurationError.invalid(
                "stripe.apiBaseURL",
                problem: "not an absolute http(s) URL",
                fix: "leave it unset for Stripe, or set the emulator's address such as http://127.0.0.1:12111"
            )
        }
        let timeoutSeconds = reader.double(forKey: "timeoutSeconds", default: 80)
        guard timeoutSeconds > 0, timeoutSeconds.isFinite else {
            throw ConfigurationError.invalid(
                "stripe.timeoutSeconds",
                problem: "must be a positive number of seconds",
                fix: "leave it unset for Stripe's 80 s"
            )
        }
        let maxRetries = reader.int(forKey: "maxNetworkRetries", default: 2)
        guard maxRetries >= 0 else {
            throw ConfigurationError.invalid(
                "stripe.maxNetworkRetries",
                problem: "must be 0 or more",
                fix: "leave it unset for 2 retries"
            )
        }
        self.init(
            secretKey: secretKey,
            apiBaseURL: url,
            apiVersion: reader.string(forKey: "apiVersion", default: StripeConfiguration.pinnedAPIVersion),
            timeout: .milliseconds(Int64(timeoutSeconds * 1000)),
            retryPolicy: RetryPolicy(maxRetries: maxRetries)
        )
    }

    /// The prefixes of keys that may call the API: secret keys and restricted keys, in test or live mode.
    public static let secretKeyPrefixes = ["sk_test_", "sk_live_", "rk_test_", "rk_live_"]

    /// Checks that `value` is a key that may call the API; the error describes the key by its kind only.
    private static func secretKey(_ value: String?) throws -> String {
        let fix = "use the secret key sk_… or a restricted key rk_… from the Dashboard"
        guard let value = value?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            throw ConfigurationError.missing("stripe.secretKey", fix: fix)
        }
        if secretKeyPrefixes.contains(where: value.hasPrefix) { return value }
        let problem =
            value.hasPrefix("pk_")
            ? "a publishable key (pk_…) cannot call the API"
            : value.hasPrefix("whsec_")
                ? "a webhook signing secret (whsec_…) is not an API key"
                : "not a Stripe secret key (it should start with sk_test_, sk_live_, rk_test_ or rk_live_)"
        throw ConfigurationError.invalid("stripe.secretKey", problem: problem, fix: fix)
    }
}
