public import Configuration
import Foundation
public import StripeAPI

/// The webhook endpoint's settings, read and checked before anything is opened.
public struct WebhookSettings: Sendable {
    /// Checks signatures against every configured secret.
    public var verifier: WebhookVerifier
    /// The body size cap.
    public var maxBodyBytes: Int
    /// Whether concurrent deliveries share one insert and commit (see ``WebhookIntake``'s `groupCommit`).
    public var groupCommit: Bool = true
}

extension WebhookIntake {
    /// Reads the webhook endpoint's settings from the root reader, without opening anything.
    ///
    /// Keys (environment variable in brackets):
    /// - `stripe.webhookSecrets` (`STRIPE_WEBHOOK_SECRETS`): see ``signingSecrets(reader:)``.
    /// - `stripe.webhookToleranceSeconds` (`STRIPE_WEBHOOK_TOLERANCE_SECONDS`), int, default 300.
    /// - `billing.webhooks.maxBodyBytes` (`BILLING_WEBHOOKS_MAX_BODY_BYTES`), int, default 262144.
    /// - `billing.webhooks.groupCommit` (`BILLING_WEBHOOKS_GROUP_COMMIT`), bool, default true: concurrent deliveries
    ///   share one multi-row insert and one commit, each answered once its row is durable. Off only to measure what
    ///   it saves: every delivery then pays its own commit (an fsync on SQLite, a WAL flush on PostgreSQL).
    /// - Throws: ``StripeAPI/ConfigurationError`` naming the variable when no usable secret is set.
    public static func verifierSettings(reader: ConfigReader) throws -> WebhookSettings {
        let tolerance = reader.int(forKey: "stripe.webhookToleranceSeconds", default: 300)
        return WebhookSettings(
            verifier: try WebhookVerifier(secrets: try signingSecrets(reader: reader), tolerance: .seconds(tolerance)),
            maxBodyBytes: reader.int(forKey: "billing.webhooks.maxBodyBytes", default: 256 * 1024),
            groupCommit: reader.bool(forKey: "billing.webhooks.groupCommit", default: true)
        )
    }
}
