public import Configuration
public import Foundation

extension StripeConfiguration {
    /// Reads the Stripe client configuration from a reader scoped to `stripe`.
    ///
    /// Keys (environment variable in brackets):
    /// - `secretKey` (`STRIPE_SECRET_KEY`), string, required, secret: the API key.
    /// - `apiBaseURL` (`STRIPE_API_BASE_URL`), string, default `https://api.stripe.com`: point it at the emulator.
    /// - `apiVersion` (`STRIPE_API_VERSION`), string, default `2026-10-28.endive`: the pinned `Stripe-Version`.
    /// - `timeoutSeconds` (`STRIPE_TIMEOUT_SECONDS`), double, default 80: per-attempt timeout.
    /// - `maxNetworkRetries` (`STRIPE_MAX_NETWORK_RETRIES`), int, default 2: retries after the first attempt.
    ///
    /// - Parameter reader: a reader scoped to `stripe` (`reader.scoped(to: "stripe")`).
    /// - Throws: when `secretKey` is missing or `apiBaseURL` is not an absolute http(s) URL.
    public init(reader: ConfigReader) throws {
        let secretKey = try reader.requiredString(forKey: "secretKey", isSecret: true)
        let base = reader.string(forKey: "apiBaseURL", default: StripeConfiguration.productionBaseURL.absoluteString)
        guard let url = URL(string: base), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil
        else {
            throw StripeError.invalidConfiguration("stripe.apiBaseURL must be an absolute http(s) URL")
        }
        self.init(
            secretKey: secretKey,
            apiBaseURL: url,
            apiVersion: reader.string(forKey: "apiVersion", default: StripeConfiguration.pinnedAPIVersion),
            timeout: .milliseconds(Int64(reader.double(forKey: "timeoutSeconds", default: 80) * 1000)),
            retryPolicy: RetryPolicy(maxRetries: reader.int(forKey: "maxNetworkRetries", default: 2))
        )
    }
}
