public import ArgumentParser
import BillingCore
import Configuration
import Foundation
import StripeAPI

/// `billing webhooks sign`: prints a `Stripe-Signature` header for a payload, so a developer can replay a webhook
/// against their own endpoint with curl, and so tests outside Swift can check our signer.
public struct WebhooksSignCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Print the Stripe-Signature header for a payload (read from a file or standard input)."
    )

    /// The signing secret; falls back to the first of `STRIPE_WEBHOOK_SECRETS` (or the singular
    /// `STRIPE_WEBHOOK_SECRET`) so it need not appear in shell history.
    @Option(help: "Endpoint signing secret (default: the first of $STRIPE_WEBHOOK_SECRETS).")
    var secret: String?

    @Option(help: "Unix timestamp to sign at (default: now).")
    var timestamp: Int?

    @Option(help: "File holding the exact payload bytes (default: standard input).")
    var payloadFile: String?

    public init() {}

    public func run() async throws {
        guard let secret = try secret ?? Self.configuredSecret(), !secret.isEmpty else {
            throw ValidationError("pass --secret or set STRIPE_WEBHOOK_SECRETS")
        }
        let payload: Data
        if let payloadFile {
            payload = try Data(contentsOf: URL(fileURLWithPath: payloadFile))
        } else {
            payload = FileHandle.standardInput.readDataToEndOfFile()
        }
        let time = timestamp ?? Int(Date().timeIntervalSince1970)
        print(WebhookSigner(secret: secret).header(for: payload, timestamp: time))
    }

    /// The first configured signing secret, read like the app reads it; nil when none is set.
    private static func configuredSecret() throws -> String? {
        let reader = ConfigReader(provider: EnvironmentVariablesProvider())
        do {
            return try WebhookIntake.signingSecrets(reader: reader).first
        } catch let error as ConfigurationError where error.isMissing {
            return nil
        }
    }
}
