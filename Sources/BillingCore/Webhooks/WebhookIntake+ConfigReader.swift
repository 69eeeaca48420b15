public import Configuration
import Foundation
public import Logging
import StripeAPI

extension WebhookIntake {
    /// Creates an intake from configuration.
    ///
    /// Keys (environment variable in brackets), read from the root reader:
    /// - `stripe.webhookSecrets` (`STRIPE_WEBHOOK_SECRETS`), string, required, secret: the endpoint signing secrets,
    ///   comma-separated; any one may match, so a rotated secret can stay listed during the rollover. The singular
    ///   `stripe.webhookSecret` (`STRIPE_WEBHOOK_SECRET`) is read when the plural is unset.
    /// - `stripe.webhookToleranceSeconds` (`STRIPE_WEBHOOK_TOLERANCE_SECONDS`), int, default 300: the accepted
    ///   distance between the signature timestamp and now.
    /// - `billing.webhooks.maxBodyBytes` (`BILLING_WEBHOOKS_MAX_BODY_BYTES`), int, default 262144: the size cap.
    /// - `billing.webhooks.groupCommit` (`BILLING_WEBHOOKS_GROUP_COMMIT`), bool, default true: see
    ///   ``verifierSettings(reader:)``.
    ///
    /// - Parameters:
    ///   - reader: the root configuration reader.
    ///   - expectedLivemode: the mode of the configured API key (``StripeAPI/StripeConfiguration/isLiveMode``).
    ///   - eventLog: where events are stored.
    ///   - doorbell: rung after each newly stored event (see ``EventDoorbell``).
    ///   - logger: receives rejected deliveries.
    /// - Throws: ``StripeAPI/ConfigurationError`` naming `STRIPE_WEBHOOK_SECRETS` when no secret is configured or
    ///   one is not a signing secret.
    public init(
        reader: ConfigReader,
        expectedLivemode: Bool?,
        eventLog: EventLog,
        doorbell: EventDoorbell? = nil,
        logger: Logger
    ) throws {
        let settings = try Self.verifierSettings(reader: reader)
        self.init(
            verifier: settings.verifier,
            expectedLivemode: expectedLivemode,
            eventLog: eventLog,
            maxBodyBytes: settings.maxBodyBytes,
            groupCommit: settings.groupCommit,
            doorbell: doorbell,
            logger: logger
        )
    }

    /// Reads the endpoint signing secrets: `stripe.webhookSecrets` (`STRIPE_WEBHOOK_SECRETS`), comma-separated, or
    /// when that is unset the singular `stripe.webhookSecret` (`STRIPE_WEBHOOK_SECRET`).
    ///
    /// Both spellings are read because Stripe's own tools and many guides say `STRIPE_WEBHOOK_SECRET`; messages and
    /// docs name the plural, which also holds a rotated secret during the rollover.
    /// - Parameter reader: the root configuration reader.
    /// - Returns: the secrets, at least one.
    /// - Throws: ``StripeAPI/ConfigurationError`` naming `STRIPE_WEBHOOK_SECRETS` (never a secret's value).
    public static func signingSecrets(reader: ConfigReader) throws -> [String] {
        let plural = reader.string(forKey: "stripe.webhookSecrets", isSecret: true)
        let text = plural ?? reader.string(forKey: "stripe.webhookSecret", isSecret: true) ?? ""
        let secrets = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
        guard !secrets.isEmpty else {
            throw ConfigurationError.missing(
                "stripe.webhookSecrets",
                fix: "set it to the endpoint's signing secret (whsec_…), which `billing webhooks setup` prints; "
                    + "list several comma-separated while rotating"
            )
        }
        let apiKeyPrefixes = ["sk_", "rk_", "pk_"]
        if let position = secrets.firstIndex(where: { secret in apiKeyPrefixes.contains(where: secret.hasPrefix) }) {
            // Only the position and the kind are told: the value is a secret.
            throw ConfigurationError.invalid(
                "stripe.webhookSecrets",
                problem: "entry \(position + 1) is an API key, not a webhook signing secret",
                fix: "use the endpoint's signing secret (whsec_…) from `billing webhooks setup` or the Dashboard"
            )
        }
        return secrets
    }
}
