import ArgumentParser
import AsyncHTTPClient
import BillingCore
import BillingDatabase
import Configuration
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import SampleApp
import ServiceLifecycle
import StripeAPI
import StripeEmulator
import SystemPackage
import UnixSignals

/// `billing serve`: runs the sample product (Acme Notes) with the billing routes.
///
/// Without `STRIPE_SECRET_KEY` it starts the Stripe emulator in-process on a second port, seeds a catalog, a portal
/// configuration, a webhook endpoint pointing at the app and demo accounts, so everything works offline. State
/// persists under `--data-dir` (SQLite database and the emulator's state file). SIGTERM/SIGINT shut down gracefully.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the sample SaaS with billing; offline against the built-in emulator when no Stripe key is set."
    )

    @Option(help: "The interface to bind (http.host).")
    var host: String?

    @Option(help: "The port to listen on (http.port).")
    var port: Int?

    @Option(help: "The public base URL (app.publicURL); default http://HOST:PORT.")
    var publicURL: String?

    @Option(help: "The database URL (database.url); default sqlite:<data-dir>/billing.sqlite.")
    var databaseURL: String?

    @Option(help: "Where the SQLite database and the emulator state live.")
    var dataDir = "./var"

    @Option(help: "The emulator's port when no Stripe key is set.")
    var emulatorPort = 12111

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (log.level).")
    var logLevel: String?

    @Option(help: "Serve Prometheus metrics as GET /metrics on this port, on 127.0.0.1 (metrics.port); off when unset.")
    var metricsPort: Int?

    func run() async throws {
        var logger = Logger(label: "billing.serve")
        let environment = EnvironmentVariablesProvider(
            secretsSpecifier: .specific([
                "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRETS", "STRIPE_WEBHOOK_SECRET", "DATABASE_URL",
            ])
        )
        let dotenv = try await EnvironmentVariablesProvider(environmentFilePath: ".env", allowMissing: true)
        let base = ConfigReader(providers: [InMemoryProvider(values: cliValues()), environment, dotenv])
        let host = base.string(forKey: "http.host", default: "127.0.0.1")
        let port = base.int(forKey: "http.port", default: 8080)
        var defaults: [AbsoluteConfigKey: ConfigValue] = [
            key("http.host"): .init(.string(host), isSecret: false),
            key("http.port"): .init(.int(port), isSecret: false),
            key("app.publicURL"): .init(.string("http://\(host):\(port)"), isSecret: false),
            key("database.url"): .init(.string("sqlite:\(dataDir)/billing.sqlite"), isSecret: true),
            // The sample app's name in billing's mails; MAIL_PRODUCT_NAME overrides it.
            key("mail.productName"): .init(.string("Acme Notes"), isSecret: false),
        ]
        logger.logLevel = base.string(forKey: "log.level", as: Logger.Level.self, default: .info)
        // First in each group, so it stops last and sends the spans the other services finished (`otel.*`, off by
        // default; see TraceExport).
        let traceExport = try TraceExport.bootstrap(reader: base, logger: logger).map { [$0] } ?? []
        let providers: [any ConfigProvider] = [InMemoryProvider(values: cliValues()), environment, dotenv]
        // A port that is taken is told before anything is opened (the listener binds only after start-up work).
        try await ensureFree(host: host, port: port, key: "http.port", fix: "stop the other server or set HTTP_PORT")

        if base.string(forKey: "stripe.secretKey", isSecret: true) != nil {
            let reader = ConfigReader(providers: providers + [InMemoryProvider(values: defaults)])
            let publicURL = reader.string(forKey: "app.publicURL", default: "")
            let app = try await buildApplication(reader: reader) {
                say("Acme Notes is ready at \(publicURL) (using Stripe)")
            }
            try await ServiceGroup(
                configuration: .init(
                    services: traceExport + [app],
                    gracefulShutdownSignals: [.sigterm, .sigint],
                    logger: logger
                )
            ).run()
            return
        }

        try await ensureFree(
            host: "127.0.0.1",
            port: emulatorPort,
            key: "--emulator-port",
            fix: "stop the other emulator or pass --emulator-port"
        )
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        let emulator = try StripeEmulator(
            configuration: EmulatorConfiguration(
                host: "127.0.0.1",
                port: emulatorPort,
                stateFile: "\(dataDir)/emulator.json",
                webhookRetryDelays: [.seconds(1), .seconds(5), .seconds(30)]
            ),
            logger: logger
        )
        defaults[key("stripe.secretKey")] = .init(.string("sk_test_emulator"), isSecret: true)
        defaults[key("stripe.apiBaseURL")] = .init(.string("http://127.0.0.1:\(emulatorPort)"), isSecret: false)
        defaults[key("app.seedDemoAccounts")] = .init(.bool(true), isSecret: false)
        let launcher = OfflineLauncher(
            emulator: emulator,
            providers: providers,
            defaults: defaults,
            logger: logger
        )
        try await ServiceGroup(
            configuration: .init(
                services: traceExport + [emulator.buildApplication(), launcher],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        ).run()
    }

    private func cliValues() -> [AbsoluteConfigKey: ConfigValue] {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        if let host { values[key("http.host")] = .init(.string(host), isSecret: false) }
        if let port { values[key("http.port")] = .init(.int(port), isSecret: false) }
        if let publicURL { values[key("app.publicURL")] = .init(.string(publicURL), isSecret: false) }
        if let databaseURL { values[key("database.url")] = .init(.string(databaseURL), isSecret: true) }
        if let logLevel { values[key("log.level")] = .init(.string(logLevel), isSecret: false) }
        if let metricsPort { values[key("metrics.port")] = .init(.int(metricsPort), isSecret: false) }
        return values
    }
}

private func key(_ dotted: String) -> AbsoluteConfigKey {
    AbsoluteConfigKey(ConfigKey(dotted))
}

/// Fails with a one-line error naming the setting when `host:port` cannot be bound right now (port 0 always can).
private func ensureFree(host: String, port: Int, key: String, fix: String) async throws {
    guard port != 0 else { return }
    do {
        // The probe listens for an instant: a client that connects then (a readiness poll) is closed at once
        // rather than left open unanswered, so it retries against the real listener.
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { $0.close() }
            .bind(host: host, port: port).get()
        try await channel.close()
    } catch {
        let problem = "cannot listen on \(host):\(port) (\(error))"
        if key.hasPrefix("--") { throw ValidationError("\(key) \(port): \(problem); \(fix)") }
        throw ConfigurationError.invalid(key, problem: problem, fix: fix)
    }
}

/// Writes a line to standard output unbuffered, so a parent process reading the pipe sees it at once.
private func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Waits for the in-process emulator and seeds it while the schema is migrated, then builds and runs the app against it.
private struct OfflineLauncher: Service {
    let emulator: StripeEmulator
    let providers: [any ConfigProvider]
    let defaults: [AbsoluteConfigKey: ConfigValue]
    let logger: Logger

    func run() async throws {
        let emulatorURL = "http://127.0.0.1:\(emulator.configuration.port)"
        // The schema is migrated while the emulator comes up and is seeded: neither waits for the other, and the
        // application then opens a database that is already up to date.
        let databaseConfiguration = try DatabaseConfiguration(
            reader: ConfigReader(providers: providers + [InMemoryProvider(values: defaults)]).scoped(to: "database")
        )
        let logger = logger
        async let migrated: Void = DatabaseConnector.withDatabase(databaseConfiguration, logger: logger) { database in
            _ = try await Migrator(migrations: BillingMigrations.all + SampleAppMigrations.all)
                .migrate(database, logger: logger)
        }
        try await waitUntilHealthy(emulatorURL, port: emulator.configuration.port)
        let seedReader = ConfigReader(providers: [InMemoryProvider(values: defaults)])
        let stripe = StripeClient(configuration: try StripeConfiguration(reader: seedReader.scoped(to: "stripe")))
        let publicURL = ConfigReader(providers: providers + [InMemoryProvider(values: defaults)])
            .string(forKey: "app.publicURL", default: "")
        // Independent seeds, side by side: start-up waits for the slowest rather than for their sum.
        let inAppSurvey = ConfigReader(providers: providers + [InMemoryProvider(values: defaults)])
            .bool(forKey: "billing.survey.enabled", default: true)
        async let seededConfiguration = DemoSeeder.seedCatalog(stripe: stripe, inAppSurvey: inAppSurvey)
        async let seededCoupon = DemoSeeder.seedRetentionCoupon(stripe: stripe)
        async let seededPromotionCode = DemoSeeder.seedPromotionCode(stripe: stripe)
        // The event types `billing webhooks setup` subscribes a real endpoint to, so the offline product receives
        // what it would receive from Stripe, and no delivery per portal click for an event it ignores.
        async let seededEndpoint = emulator.store.ensureWebhookEndpoint(
            url: publicURL + "/webhooks/stripe",
            events: WebhooksSetupCommand.handledEventTypes.map(\.rawValue)
        )
        let (portalConfiguration, coupon, _, endpoint, _) = try await (
            seededConfiguration, seededCoupon, seededPromotionCode, seededEndpoint, migrated
        )
        var values = defaults
        values[key("stripe.webhookSecrets")] = .init(.string(endpoint.secret), isSecret: true)
        values[key("stripe.portalConfiguration")] = .init(.string(portalConfiguration.rawValue), isSecret: false)
        // Demo save offers for the cancellation survey; BILLING_SURVEY_OFFERS overrides them.
        values[key("billing.survey.offers")] = .init(
            .string("too_expensive=coupon:\(coupon),missing_features=plan_switch,other=talk_to_us"),
            isSecret: false
        )
        // The seeded emulator values win over the environment: without a key, the app must talk to the emulator.
        let reader = ConfigReader(
            providers: [InMemoryProvider(values: values.filter { $0.key.components.first == "stripe" })]
                + providers + [InMemoryProvider(values: values)]
        )
        let app = try await buildApplication(reader: reader) {
            say("Stripe emulator running at \(emulatorURL) (no STRIPE_SECRET_KEY set; nothing leaves this machine)")
            say("Acme Notes is ready at \(publicURL)")
            say("Demo logins (password for all: password123):")
            for login in DemoSeeder.logins { say("  \(login.email)  \(login.state)") }
        }
        try await app.run()
    }

    /// Waits (up to 10 s) until the emulator listens, then checks its health once.
    ///
    /// The port is probed with plain TCP connects every 2 ms: a refused connection fails at once, whereas a refused
    /// HTTP client request backs off for about 100 ms before its retry, which was most of this wait.
    private func waitUntilHealthy(_ base: String, port: Int) async throws {
        for attempt in 0... {
            if let channel = try? await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: port).get()
            {
                try? await channel.close()
                break
            }
            guard attempt < 5_000 else { throw ValidationError("the Stripe emulator did not start on \(base)") }
            try await Task.sleep(for: .milliseconds(2))
        }
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: base + "/_emulator/health"),
            timeout: .seconds(5)
        )
        _ = try await response.body.collect(upTo: 64 * 1024)
        guard response.status == .ok else {
            throw ValidationError("the Stripe emulator on \(base) answered \(response.status.code) to its health check")
        }
    }
}
