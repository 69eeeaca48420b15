import ArgumentParser
import Foundation
import Hummingbird
import Logging
import StripeEmulator

/// `billing emulator`: runs the Stripe emulator in the foreground.
struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulator",
        abstract: "Run a stateful Stripe emulator that any Stripe SDK can point its base URL at."
    )

    @Option(help: "The interface to bind.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free port).")
    var port = 12111

    @Option(help: "Load the state from this JSON file at start and save it while running.")
    var stateFile: String?

    @Option(help: "Create a webhook endpoint for every event type at this URL and print its signing secret.")
    var forwardTo: String?

    @Option(help: "A fixed signing secret for --forward-to (default: generated, or kept from the state file).")
    var webhookSecret: String?

    @Option(help: "Seconds between webhook delivery attempts, comma-separated (one retry per value).")
    var webhookRetryDelays = "5,60,600"

    @Option(help: "Seconds an endpoint may take to answer a webhook delivery.")
    var webhookTimeout = 10.0

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    func run() async throws {
        var logger = Logger(label: "stripe-emulator")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let delays = try webhookRetryDelays.split(separator: ",").map { part -> Duration in
            guard let seconds = Double(part.trimmingCharacters(in: .whitespaces)), seconds >= 0 else {
                throw ValidationError("--webhook-retry-delays takes comma-separated seconds, such as 0.2,0.4,0.8")
            }
            return .milliseconds(Int64(seconds * 1000))
        }
        let emulator = try StripeEmulator(
            configuration: EmulatorConfiguration(
                host: host,
                port: port,
                stateFile: stateFile,
                webhookRetryDelays: delays,
                webhookTimeout: .milliseconds(Int64(webhookTimeout * 1000))
            ),
            logger: logger
        )
        if let forwardTo {
            let endpoint = try await emulator.store.ensureWebhookEndpoint(url: forwardTo, secret: webhookSecret)
            say("Ready! Forwarding every event to \(forwardTo). Your webhook signing secret is \(endpoint.secret)")
        }
        say("Stripe emulator listening on http://\(host):\(port) (use any sk_test_ key)")
        try await emulator.buildApplication().runService()
    }

    /// Writes a line to standard output unbuffered, so a parent process reading the pipe sees it at once.
    private func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
