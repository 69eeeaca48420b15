import ArgumentParser
import AsyncHTTPClient
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
        ]
        logger.logLevel = base.string(forKey: "log.level", as: Logger.Level.self, default: .info)
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
                configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
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
                services: [emulator.buildApplication(), launcher],
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
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
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

/// Waits for the in-process emulator, seeds it, then builds and runs the app against it.
private struct OfflineLauncher: Service {
    let emulator: StripeEmulator
    let providers: [any ConfigProvider]
    let defaults: [AbsoluteConfigKey: ConfigValue]
    let logger: Logger

    func run() async throws {
        let emulatorURL = "http://127.0.0.1:\(emulator.configuration.port)"
        try await waitUntilHealthy(emulatorURL)
        let seedReader = ConfigReader(providers: [InMemoryProvider(values: defaults)])
        let stripe = StripeClient(configuration: try StripeConfiguration(reader: seedReader.scoped(to: "stripe")))
        let portalConfiguration = try await DemoSeeder.seedCatalog(stripe: stripe)
        let coupon = try await DemoSeeder.seedRetentionCoupon(stripe: stripe)
        try await DemoSeeder.seedPromotionCode(stripe: stripe)
        let publicURL = ConfigReader(providers: providers + [InMemoryProvider(values: defaults)])
            .string(forKey: "app.publicURL", default: "")
        let endpoint = try await emulator.store.ensureWebhookEndpoint(url: publicURL + "/webhooks/stripe")
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

    private func waitUntilHealthy(_ base: String) async throws {
        for _ in 0..<200 {
            if let response = try? await HTTPClient.shared.execute(
                HTTPClientRequest(url: base + "/_emulator/health"),
                timeout: .seconds(1)
            ), response.status == .ok {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ValidationError("the Stripe emulator did not start on \(base)")
    }
}
