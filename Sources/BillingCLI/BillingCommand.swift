public import ArgumentParser

/// `billing`: serve the sample product, run the Stripe emulator, migrate, manage webhooks, benchmark.
///
/// The executable only calls `BillingCommand.main()`; every subcommand is a type in this library so tests can parse
/// and run it in-process (`BillingCommand.parseAsRoot([...])`).
public struct BillingCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "billing",
        abstract: "Self-serve billing for Swift server apps, on Stripe's Customer Portal.",
        discussion: """
            Configuration comes from flags, then environment variables (STRIPE_SECRET_KEY, DATABASE_URL, ...), \
            then a .env file. See the README's configuration table.
            """,
        subcommands: [
            ServeCommand.self,
            EmulatorCommand.self,
            MigrateCommand.self,
            WebhooksCommand.self,
            PortalConfigCommand.self,
            EventsCommand.self,
            SyncCommand.self,
            BenchCommand.self,
        ]
    )

    public init() {}
}

/// `billing bench …`: benchmarks. They print numbers; they never assert timings.
public struct BenchCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput and latency of the billing hot paths.",
        subcommands: [
            BenchSignaturesCommand.self,
            BenchWebhooksCommand.self,
        ]
    )

    public init() {}
}

/// `billing webhooks …`: tools for Stripe webhook endpoints.
public struct WebhooksCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "webhooks",
        abstract: "Sign test payloads and manage Stripe webhook endpoints.",
        subcommands: [
            WebhooksSignCommand.self,
            WebhooksSetupCommand.self,
            WebhooksListCommand.self,
        ]
    )

    public init() {}
}
