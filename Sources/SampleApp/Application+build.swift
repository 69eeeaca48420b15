import BillingCore
import BillingHummingbird
import BillingMail
public import Configuration
import Foundation
public import Hummingbird
import Logging
import StripeAPI

/// Builds the Acme Notes application: accounts and sessions, the product pages, and billing mounted through the
/// ``BillingCore/Billing`` facade like in any host. `billing serve` and the tests both call this.
///
/// Keys read (environment variable in brackets):
/// - `http.host` (`HTTP_HOST`), string, default `127.0.0.1`; `http.port` (`HTTP_PORT`), int, default 8080 (0 picks
///   a free port).
/// - `app.bcryptCost` (`APP_BCRYPT_COST`), int, default 10: the password hashing work factor.
/// - `app.seedDemoAccounts` (`APP_SEED_DEMO_ACCOUNTS`), bool, default false: create the demo accounts (and their
///   Stripe customers and subscriptions) before the server starts; for `billing serve` against the emulator.
/// - `app.devMailPage` (`APP_DEV_MAIL_PAGE`), bool, default true on a loopback `app.publicURL`: list the mail
///   folder at `/dev/mail` when no `mail.smtpURL` is set.
/// - `app.adminEmails` (`APP_ADMIN_EMAILS`), string, comma-separated, default empty: accounts that may open
///   `/admin/insights`.
/// - `log.level` (`LOG_LEVEL`), string, default `info`.
/// - `metrics.port` (`METRICS_PORT`), int, unset by default, and `metrics.host` (`METRICS_HOST`), default
///   `127.0.0.1`: serve Prometheus metrics as `GET /metrics` on that separate listener (bootstrapping the
///   swift-prometheus backend once per process); unset serves none. See `MetricsExport.listener(reader:logger:)`.
///
/// Probes: `GET /health` (kept for scripts), `GET /health/live` and `GET /health/ready` (see `Billing.readiness`).
/// - Billing's keys (`app.publicURL`, `database.*`, `stripe.*`, `billing.*`): see `Billing.open(reader:…)`;
///   `mail.*`: see `MailConfiguration.init(reader:)`.
///
/// - Parameters:
///   - reader: the configuration.
///   - onServerRunning: called once the listener accepts connections (where `billing serve` says "ready").
/// - Returns: the application, ready to `runService()` or `test(.router)`.
/// - Throws: on invalid configuration (one error naming the variable), or when the database cannot be opened
///   or migrated; nothing stays open after a throw.
public func buildApplication(
    reader: ConfigReader,
    onServerRunning: (@Sendable () async -> Void)? = nil
) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "acme-notes")
    logger.logLevel = reader.string(forKey: "log.level", as: Logger.Level.self, default: .info)
    // Everything that can fail without I/O on the database comes before billing opens it.
    let views = try await AppViews()
    let billing = try await Billing.open(reader: reader, migrations: SampleAppMigrations.all, logger: logger)
    // The billing pages with the templates `billing.templates.directory` overrides (the mails already use them).
    let billingViews = try await BillingViews(overrides: billing.templates)

    let publicURL = billing.configuration.publicURL
    let store = AccountStore(
        database: billing.database,
        bcryptCost: UInt8(clamping: reader.int(forKey: "app.bcryptCost", default: 10))
    )
    let sessions = SessionMiddleware(store: store, secureCookies: publicURL.scheme == "https")
    let auth = AuthController(store: store, views: views, sessions: sessions)

    // Before any route is added, so billing's routes and the probes are measured and traced too.
    let metricsListener = MetricsExport.listener(reader: reader, logger: logger)
    let router = Router(context: AppRequestContext.self)
    router.addMiddleware {
        MetricsMiddleware()
        TracingMiddleware()
        SecurityHeadersMiddleware(formActionOrigins: [portalOrigin(for: billing.stripe.configuration.apiBaseURL)])
        FileMiddleware(AppViews.publicFolder, urlBasePath: "/static", searchForIndexHtml: false, logger: logger)
    }
    billing.addHealthRoutes(to: router)
    let pages = router.group().add(middleware: sessions)
    auth.addRoutes(to: pages)
    ProductController(store: store, views: views, billing: billing, auth: auth).addRoutes(to: pages)
    try await billing.addRoutes(to: router, sessions: sessions, views: billingViews) { content, _, context in
        let settings = try views.settings(tab: "billing", content: content.html)
        return try views.pageHTML(title: content.title, content: settings, context: context)
    }

    let loopback = ["127.0.0.1", "localhost", "::1"].contains(publicURL.host ?? "")
    if let mailFolder = billing.mailFolder, reader.bool(forKey: "app.devMailPage", default: loopback) {
        DevMailController(folder: mailFolder, views: views).addRoutes(to: pages)
    }
    let adminEmails = reader.string(forKey: "app.adminEmails", default: "").split(separator: ",")
        .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
    InsightsController(
        database: billing.database,
        views: views,
        adminEmails: Set(adminEmails),
        reasons: billing.configuration.retention.reasons,
        formatting: billing.configuration.formatting
    ).addRoutes(to: pages)

    var app = Application(
        router: router,
        configuration: ApplicationConfiguration(reader: reader.scoped(to: "http")),
        services: billing.services + (metricsListener.map { [$0] } ?? []),
        onServerRunning: { _ in await onServerRunning?() },
        logger: logger
    )
    if reader.bool(forKey: "app.seedDemoAccounts", default: false) {
        let seeder = DemoSeeder(billing: billing, store: store)
        let seedLogger = logger
        app.beforeServerStarts {
            try await seeder.seedAccounts(logger: seedLogger)
        }
    }
    return app
}

/// Where portal sessions live, for the CSP's `form-action`: Stripe's portal host, or the emulator itself.
func portalOrigin(for apiBaseURL: URL) -> String {
    guard let host = apiBaseURL.host, host != "api.stripe.com" else { return "https://billing.stripe.com" }
    let port = apiBaseURL.port.map { ":\($0)" } ?? ""
    return "\(apiBaseURL.scheme ?? "http")://\(host)\(port)"
}
