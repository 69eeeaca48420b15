public import ArgumentParser
import BillingCore
import BillingPortalConfig
import Foundation
public import StripeAPI

/// `billing webhooks setup --url URL`: creates (or updates) the webhook endpoint with exactly the event types the
/// billing library handles.
public struct WebhooksSetupCommand: OperatorCommand {
    public static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Create or update the Stripe webhook endpoint for the events the billing library handles.",
        discussion: """
            The signing secret is printed once, when the endpoint is created; store it as STRIPE_WEBHOOK_SECRETS. \
            Running setup again updates the event list of the endpoint with the same URL and keeps its secret.
            """
    )

    /// Every event type a webhook endpoint should deliver: BillingCore's table of handled types.
    public static var handledEventTypes: [EventType] { HandledEventTypes.types }

    @Option(help: "The public HTTPS URL of your webhook route, such as https://app.example.com/webhooks/stripe.")
    var url: String

    @OptionGroup public var options: OperatorOptions

    public init() {}

    public func run(in environment: CLIEnvironment) async throws {
        guard let parsed = URL(string: url), let scheme = parsed.scheme, ["http", "https"].contains(scheme),
            parsed.host != nil
        else {
            throw CLIError.invalidArgument("--url must be an absolute http(s) URL")
        }
        let stripe = try environment.stripeClient()
        let events = Self.handledEventTypes
        var existing: WebhookEndpoint?
        var cursor: String?
        repeat {
            let page = try await stripe.webhookEndpoints.list(ListParameters(limit: 100, startingAfter: cursor))
            existing = page.data.first { $0.url == url }
            cursor = page.hasMore ? page.data.last?.id.rawValue : nil
        } while existing == nil && cursor != nil

        if let existing {
            let updated = try await stripe.webhookEndpoints.update(
                existing.id,
                WebhookEndpointUpdateParameters(enabledEvents: events, disabled: false)
            )
            environment.print("updated \(updated.id) → \(updated.url) (\(events.count) event types)")
            environment.print("the signing secret is unchanged (Stripe shows it only at creation)")
            return
        }
        let created = try await stripe.webhookEndpoints.create(
            WebhookEndpointCreateParameters(
                url: url,
                enabledEvents: events,
                apiVersion: stripe.configuration.apiVersion,
                description: "swift-billing-portal",
                metadata: ["managed_by": PortalConfigPlanner.managedBy]
            )
        )
        environment.print("created \(created.id) → \(created.url) (\(events.count) event types)")
        // Printed once, on purpose: this is the only response that carries it.
        environment.print("signing secret (shown only now; export it as STRIPE_WEBHOOK_SECRETS):")
        environment.print(created.secret ?? "(Stripe returned no secret)")
    }
}
