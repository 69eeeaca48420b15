public import Configuration
import Foundation
public import Logging
public import StripeAPI

extension WebhookIntake {
    /// Creates an intake from configuration.
    ///
    /// Keys (environment variable in brackets), read from the root reader:
    /// - `stripe.webhookSecrets` (`STRIPE_WEBHOOK_SECRETS`), string, required, secret: the endpoint signing secrets,
    ///   comma-separated; any one may match, so a rotated secret can stay listed during the rollover.
    /// - `stripe.webhookToleranceSeconds` (`STRIPE_WEBHOOK_TOLERANCE_SECONDS`), int, default 300: the accepted
    ///   distance between the signature timestamp and now.
    /// - `billing.webhooks.maxBodyBytes` (`BILLING_WEBHOOKS_MAX_BODY_BYTES`), int, default 262144: the size cap.
    ///
    /// - Parameters:
    ///   - reader: the root configuration reader.
    ///   - expectedLivemode: the mode of the configured API key (``StripeAPI/StripeConfiguration/isLiveMode``).
    ///   - eventLog: where events are stored.
    ///   - doorbell: rung after each newly stored event (see ``EventDoorbell``).
    ///   - logger: receives rejected deliveries.
    /// - Throws: when no secret is configured.
    public init(
        reader: ConfigReader,
        expectedLivemode: Bool?,
        eventLog: EventLog,
        doorbell: EventDoorbell? = nil,
        logger: Logger
    ) throws {
        let secrets = try reader.requiredString(forKey: "stripe.webhookSecrets", isSecret: true)
            .split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let tolerance = reader.int(forKey: "stripe.webhookToleranceSeconds", default: 300)
        self.init(
            verifier: try WebhookVerifier(secrets: secrets, tolerance: .seconds(tolerance)),
            expectedLivemode: expectedLivemode,
            eventLog: eventLog,
            maxBodyBytes: reader.int(forKey: "billing.webhooks.maxBodyBytes", default: 256 * 1024),
            doorbell: doorbell,
            logger: logger
        )
    }
}
