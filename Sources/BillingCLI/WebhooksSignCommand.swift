public import ArgumentParser
import Foundation
import StripeAPI

/// `billing webhooks sign`: prints a `Stripe-Signature` header for a payload, so a developer can replay a webhook
/// against their own endpoint with curl, and so tests outside Swift can check our signer.
public struct WebhooksSignCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Print the Stripe-Signature header for a payload (read from a file or standard input)."
    )

    /// The signing secret; falls back to `STRIPE_WEBHOOK_SECRET` so it need not appear in shell history.
    @Option(help: "Endpoint signing secret (default: $STRIPE_WEBHOOK_SECRET).")
    var secret: String?

    @Option(help: "Unix timestamp to sign at (default: now).")
    var timestamp: Int?

    @Option(help: "File holding the exact payload bytes (default: standard input).")
    var payloadFile: String?

    public init() {}

    public func run() async throws {
        guard let secret = secret ?? ProcessInfo.processInfo.environment["STRIPE_WEBHOOK_SECRET"], !secret.isEmpty
        else {
            throw ValidationError("pass --secret or set STRIPE_WEBHOOK_SECRET")
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
}
