public import ArgumentParser
import BillingCore
import BillingDatabase
import Configuration
import Foundation
public import StripeAPI

/// `billing sync [--customer cus_…]`: reconciles the local projection from Stripe, page by page.
public struct SyncCommand: OperatorCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Reconcile local subscription state from Stripe (missed webhooks, first install).",
        discussion: """
            Pages through every subscription (canceled included) and applies it like a webhook snapshot; newer \
            events still win. Rate-limited on the client: 25 requests/s when talking to api.stripe.com (Stripe's \
            test-mode limit), unlimited against an emulator; billing.sync.requestsPerSecond \
            (BILLING_SYNC_REQUESTS_PER_SECOND) or --requests-per-second overrides. An interrupted sync resumes \
            after the last finished page (the cursor is in billing_settings); --restart starts over.
            """
    )

    @Option(help: "Only this customer's subscriptions (cus_…).")
    var customer: String?
    @Option(help: "Requests per second (0 = unlimited). Default: 25 for api.stripe.com, unlimited otherwise.")
    var requestsPerSecond: Int?
    @Option(help: "Objects per page (1–100).")
    var pageSize = 100
    @Flag(help: "Ignore a saved cursor and start from the first page.")
    var restart = false
    @OptionGroup public var options: OperatorOptions

    /// Injected time for the limiter (tests); nil uses the real clock.
    public var limiter: RequestRateLimiter?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case customer, requestsPerSecond, pageSize, restart, options
    }

    /// The requests-per-second limit: the flag, else `billing.sync.requestsPerSecond`, else 25 for
    /// api.stripe.com (Stripe's test-mode limit; live allows 100) and unlimited for anything else (an emulator).
    public static func requestsPerSecond(flag: Int?, in environment: CLIEnvironment, stripe: StripeClient) -> Int {
        if let flag { return flag }
        // Read as text so an environment variable and an in-memory value parse the same way.
        let configured = environment.reader.string(forKey: "billing.sync.requestsPerSecond").flatMap { Int($0) }
        return configured ?? (environment.talksToRealStripe(stripe) ? 25 : 0)
    }

    func rate(for stripe: StripeClient, in environment: CLIEnvironment) -> Int {
        Self.requestsPerSecond(flag: requestsPerSecond, in: environment, stripe: stripe)
    }

    public func run(in environment: CLIEnvironment) async throws {
        if let customer, !customer.hasPrefix("cus_") {
            throw CLIError.invalidArgument("--customer takes a Stripe customer id (cus_…)")
        }
        let stripe = try environment.stripeClient()
        let limiter = self.limiter ?? RequestRateLimiter(requestsPerSecond: rate(for: stripe, in: environment))
        let started = ContinuousClock.now
        let summary = try await environment.withDatabase { database in
            let settings = BillingSettings(database: database)
            let resumeFrom = customer == nil && !restart ? try await settings.value(for: .syncCursor) : nil
            if let resumeFrom { environment.print("resuming after \(resumeFrom)") }
            let lister = LimitedSubscriptionLister(
                base: stripe,
                limiter: limiter,
                settings: customer == nil ? settings : nil,
                resumeFrom: resumeFrom.map { SubscriptionID($0) }
            )
            let reconciler = Reconciler(database: database, lister: lister, logger: environment.logger)
            let progress = SyncProgress(environment: environment)
            let result: Reconciler.Progress
            if let customer {
                result = try await reconciler.reconcile(customer: CustomerID(customer), pageSize: pageSize)
            } else {
                result = try await reconciler.reconcileAll(pageSize: pageSize) { progress.show($0) }
                try await settings.remove(.syncCursor)
            }
            progress.finish()
            return result
        }
        let elapsed = ContinuousClock.now - started
        let requests = await limiter.acquired
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        environment.print(
            "synced \(summary.seen) subscription(s): \(summary.applied) written, \(summary.seen - summary.applied) "
                + "skipped (a newer event already applied); \(requests) API request(s) in \(String(format: "%.1f", seconds)) s"
                + (limiter.isUnlimited ? "" : " (limit \(rate(for: stripe, in: environment))/s)")
        )
    }
}

/// Wraps the Stripe lister: every page waits for the limiter, and each finished page's cursor is saved so an
/// interrupted sync resumes after it.
struct LimitedSubscriptionLister: SubscriptionLister {
    let base: any SubscriptionLister
    let limiter: RequestRateLimiter
    let settings: BillingSettings?
    let resumeFrom: SubscriptionID?

    func listSubscriptions(customer: CustomerID?, startingAfter: SubscriptionID?, limit: Int) async throws
        -> SubscriptionPage
    {
        // A request for the page after X means the page ending at X was committed (the reconciler commits each
        // page before asking for the next).
        if let startingAfter, let settings { try await settings.set(startingAfter.rawValue, for: .syncCursor) }
        try await limiter.acquire()
        return try await base.listSubscriptions(
            customer: customer,
            startingAfter: startingAfter ?? resumeFrom,
            limit: limit
        )
    }
}

/// One redrawn line on a terminal; a plain line per page otherwise.
struct SyncProgress: Sendable {
    let environment: CLIEnvironment

    func show(_ progress: Reconciler.Progress) {
        let spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
        let text = "\(progress.seen) subscriptions, \(progress.applied) written"
        if environment.isTerminal {
            environment.rewrite("\(spinner[progress.seen / 100 % spinner.count]) syncing: \(text)")
        } else {
            environment.print("page done: \(text)")
        }
    }

    func finish() {
        if environment.isTerminal { environment.rewrite("") }
    }
}
