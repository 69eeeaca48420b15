/// A configuration value that is missing or unusable, found before anything was opened or sent.
///
/// The description is one line an operator can act on: the environment variable, the configuration key, what is
/// wrong and how to fix it, such as `STRIPE_SECRET_KEY (stripe.secretKey): a publishable key (pk_…) cannot call
/// the API; use the secret key sk_… or a restricted key rk_… from the Dashboard`. It never contains the value of a
/// secret.
///
/// It lives in StripeAPI, the lowest module that reads configuration and that every module reading configuration
/// above it (BillingCore, BillingMail, the web adapters, the CLI) depends on. BillingDatabase depends on no Stripe
/// code; its `DatabaseConfigurationError` has the same shape and the same description format.
public struct ConfigurationError: Error, Equatable, CustomStringConvertible, Sendable {
    private enum Code: Equatable, Sendable {
        case missing
        case invalid
    }

    private let code: Code
    /// The dotted configuration key, such as `stripe.secretKey`.
    public let key: String
    /// What is wrong, in words (never the value of a secret).
    public let problem: String
    /// How to fix it.
    public let fix: String

    private init(_ code: Code, key: String, problem: String, fix: String) {
        self.code = code
        self.key = key
        self.problem = problem
        self.fix = fix
    }

    /// A required value is not set.
    /// - Parameters:
    ///   - key: the dotted configuration key.
    ///   - fix: what to set it to.
    public static func missing(_ key: String, fix: String) -> Self {
        Self(.missing, key: key, problem: "not set", fix: fix)
    }

    /// A value is set but unusable.
    /// - Parameters:
    ///   - key: the dotted configuration key.
    ///   - problem: what is wrong with it; for a secret, describe it without quoting it.
    ///   - fix: what to set it to.
    public static func invalid(_ key: String, problem: String, fix: String) -> Self {
        Self(.invalid, key: key, problem: problem, fix: fix)
    }

    /// Whether the value is missing (rather than set and unusable).
    public var isMissing: Bool { code == .missing }

    /// The environment variable that sets ``key``, such as `STRIPE_SECRET_KEY`.
    public var environmentVariable: String { Self.environmentVariable(for: key) }

    public var description: String { "\(environmentVariable) (\(key)): \(problem); \(fix)" }

    /// The environment variable swift-configuration's `EnvironmentVariablesProvider` reads a key from: a word
    /// boundary before each capital after a lowercase letter, upper-cased, other characters and the dots as `_`
    /// (`stripe.apiBaseURL` → `STRIPE_API_BASE_URL`).
    /// - Parameter key: a dotted configuration key.
    public static func environmentVariable(for key: String) -> String {
        var name = ""
        var previous: Character?
        for character in key {
            if let previous, previous.isLowercase, character.isUppercase { name.append("_") }
            name += character.isLetter || character.isNumber ? character.uppercased() : "_"
            previous = character
        }
        return name
    }
}
