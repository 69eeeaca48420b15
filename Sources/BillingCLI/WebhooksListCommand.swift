public import ArgumentParser
import StripeAPI

/// `billing webhooks list`: the account's webhook endpoints (never their secrets).
public struct WebhooksListCommand: OperatorCommand {
    public static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the Stripe webhook endpoints and whether they cover the handled events."
    )

    @OptionGroup public var options: OperatorOptions

    public init() {}

    public func run(in environment: CLIEnvironment) async throws {
        let stripe = try environment.stripeClient()
        let handled = Set(WebhooksSetupCommand.handledEventTypes)
        var cursor: String?
        var count = 0
        repeat {
            let page = try await stripe.webhookEndpoints.list(ListParameters(limit: 100, startingAfter: cursor))
            for endpoint in page.data {
                count += 1
                let enabled = Set(endpoint.enabledEvents)
                let missing = enabled.contains(.all) ? 0 : handled.subtracting(enabled).count
                let coverage = missing == 0 ? "all handled events" : "\(missing) handled event type(s) missing"
                environment.print(
                    "\(endpoint.id)  \(endpoint.status)  \(endpoint.url)  \(endpoint.enabledEvents.count) types, "
                        + coverage
                )
            }
            cursor = page.hasMore ? page.data.last?.id.rawValue : nil
        } while cursor != nil
        if count == 0 { environment.print("no webhook endpoints (run billing webhooks setup --url …)") }
    }
}
