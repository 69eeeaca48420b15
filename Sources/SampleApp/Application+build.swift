import BillingCore
import BillingDatabase
import BillingHummingbird
import BillingMail
public import Configuration
import Foundation
public import Hummingbird
import Logging
import StripeAPI

/// Builds the Acme Notes application: accounts and sessions, the product pages, and the billing routes, with
/// the event processor and the database as services. `billing serve` and the tests both call this.
///
/// Keys read (environment variable in brackets):
/// - `http.host` (`HTTP_HOST`), string, default `127.0.0.1`; `http.port` (`HTTP_PORT`), int, default 8080 (0 picks
///   a free port).
/// - `app.publicURL` (`APP_PUBLIC_URL`), string, default `http://127.0.0.1:8080`: the public base URL; the portal's
///   return link is built from it, and cookies are `Secure` when it is https.
/// - `app.bcryptCost` (`APP_BCRYPT_COST`), int, default 10: the password hashing work factor.
/// - `app.seedDemoAccounts` (`APP_SEED_DEMO_ACCOUNTS`), bool, default false: create the demo accounts (and their
///   Stripe customers and subscriptions) before the server starts; for `billing serve` against the emulator.
/// - `database.url` (`DATABASE_URL`), string, secret, default `sqlite:./var/billing.sqlite`; see
///   `DatabaseConfiguration.init(reader:)`.
/// - `stripe.secretKey` (`STRIPE_SECRET_KEY`), string, required, secret; `stripe.apiBaseURL` (`STRIPE_API_BASE_URL`);
///   see `StripeConfiguration.init(reader:)`.
/// - `stripe.webhookSecrets` (`STRIPE_WEBHOOK_SECRETS`), string, required, secret, comma-separated; see
///   `WebhookIntake.init(reader:expectedLivemode:eventLog:logger:)`.
/// - `stripe.portalConfiguration` (`STRIPE_PORTAL_CONFIGURATION`), `billing.supportURL`, `billing.invoiceCount`; see
///   `BillingRoutesConfiguration.init(reader:)`.
/// - `billing.survey.*`: the cancellation survey and save offers; see `RetentionPolicy.init(reader:)`.
/// - `billing.events.*` and `billing.access.*`: see `EventProcessorConfiguration` and `AccessPolicy`.
/// - `mail.smtpURL`, `mail.folder`, `mail.from`: see `MailConfiguration.init(reader:)`. The win-back mailer runs
///   as a service; without `mail.smtpURL` mail goes to the folder, listed at `/dev/mail` when `app.devMailPage`
///   (`APP_DEV_MAIL_PAGE`, bool, default true on a loopback `app.publicURL`) is on.
/// - `app.adminEmails` (`APP_ADMIN_EMAILS`), string, comma-separated, default empty: accounts that may open
///   `/admin/insights`.
/// - `log.level` (`LOG_LEVEL`), string, default `info`.
///
/// - Parameter reader: the configuration.
/// - Returns: the application, ready to `runService()` or `test(.router)`.
/// - Throws: on invalid configuration, or when the database cannot be opened or migrated.
public func buildApplication(reader: ConfigReader) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "acme-notes")
    logger.logLevel = reader.string(forKey: "log.level", as: Logger.Level.self, default: .info)

    let databaseConfiguration = try DatabaseConfiguration(reader: reader.scoped(to: "database"))
    let opened = try await DatabaseConnector.open(databaseConfiguration, logger: logger)
    let database = opened.database
    let recordedPortalConfiguration = try await DatabaseConnector.beforeServices(
        opened,
        configuration: databaseConfiguration,
        logger: logger
    ) { database in
        try await Migrator(migrations: BillingMigrations.all + SampleAppMigrations.all).migrate(
            database,
            logger: logger
        )
        return try await BillingSettings(database: database).value(for: .portalConfigurationID)
    }

    let stripeConfiguration = try StripeConfiguration(reader: reader.scoped(to: "stripe"))
    let stripe = StripeClient(configuration: stripeConfiguration, logger: logger)
    var routesConfiguration = try BillingRoutesConfiguration(reader: reader)
    if routesConfiguration.portalConfiguration == nil, let recorded = recordedPortalConfiguration {
        // `billing portal-config apply` records the configuration it manages; an explicit
        // `stripe.portalConfiguration` still wins. Read once at start: apply, then restart (or deploy).
        routesConfiguration.portalConfiguration = PortalConfigurationID(recorded)
    }
    // The intake wakes this process's processor as soon as it stores an event; polling covers the rest.
    let doorbell = EventDoorbell()
    let intake = try WebhookIntake(
        reader: reader,
        expectedLivemode: stripeConfiguration.isLiveMode,
        eventLog: EventLog(database: database),
        doorbell: doorbell,
        logger: logger
    )
    let customers = CustomerDirectory(database: database, creator: stripe, logger: logger)
    let access = AccessChecker(database: database, policy: AccessPolicy(reader: reader.scoped(to: "billing.access")))
    let reconciler = Reconciler(database: database, lister: stripe, logger: logger)
    let processor = EventProcessor(
        database: database,
        configuration: EventProcessorConfiguration(reader: reader.scoped(to: "billing.events")),
        fetcher: stripe,
        logger: logger,
        doorbell: doorbell
    )
    let retention = RetentionPolicy(reader: reader)
    if retention.surveyEnabled { routesConfiguration.surveyPath = routesConfiguration.billingPath + "/cancel" }
    let secureCookies = routesConfiguration.publicURL.scheme == "https"
    let store = AccountStore(
        database: database,
        bcryptCost: UInt8(clamping: reader.int(forKey: "app.bcryptCost", default: 10))
    )
    let views = try await AppViews()
    let billingViews = try await BillingViews()
    let sessions = SessionMiddleware(
        store: store,
        secureCookies: secureCookies,
        sessionlessPaths: [routesConfiguration.webhookPath]
    )
    let auth = AuthController(store: store, views: views, sessions: sessions)

    let router = Router(context: AppRequestContext.self)
    router.addMiddleware {
        SecurityHeadersMiddleware(formActionOrigins: [portalOrigin(for: stripeConfiguration.apiBaseURL)])
        FileMiddleware(AppViews.publicFolder, urlBasePath: "/static", searchForIndexHtml: false, logger: logger)
        sessions
    }
    auth.addRoutes(to: router)
    ProductController(store: store, views: views, access: access, auth: auth).addRoutes(to: router)
    let portal = BillingPortal(stripe: stripe, customers: customers, configuration: routesConfiguration)
    let billingLayout: BillingRoutes<AppRequestContext>.Layout = { content, _, context in
        let settings = try views.settings(tab: "billing", content: content.html)
        return try views.pageHTML(title: content.title, content: settings, context: context)
    }
    CancellationSurveyRoutes<AppRequestContext>(
        configuration: routesConfiguration,
        policy: retention,
        store: CancellationSurveyStore(database: database, policy: retention),
        portal: portal,
        access: access,
        views: billingViews,
        layout: billingLayout
    ).addRoutes(to: router)
    BillingRoutes<AppRequestContext>(
        configuration: routesConfiguration,
        portal: portal,
        access: access,
        reconciler: reconciler,
        customers: customers,
        intake: intake,
        reader: BillingProjectionReader(database: database),
        catalog: StripeCatalog(
            stripe: stripe,
            portalConfiguration: routesConfiguration.portalConfiguration,
            logger: logger
        ),
        views: billingViews,
        layout: billingLayout
    ).addRoutes(to: router)

    let mailConfiguration = try MailConfiguration(reader: reader)
    let mailFolder = MailFolder(directory: mailConfiguration.folder)
    let transport: any MailTransport =
        mailConfiguration.smtp.map { SMTPClient(configuration: $0, logger: logger) } ?? mailFolder
    let mailer = OutboxMailer(
        configuration: .init(
            from: mailConfiguration.from,
            billingURL: routesConfiguration.publicURL.appendingPathComponent("settings/billing").absoluteString
        ),
        database: database,
        transport: transport,
        logger: logger
    )
    let loopback = ["127.0.0.1", "localhost", "::1"].contains(routesConfiguration.publicURL.host ?? "")
    if mailConfiguration.smtp == nil, reader.bool(forKey: "app.devMailPage", default: loopback) {
        DevMailController(folder: mailFolder, views: views).addRoutes(to: router)
    }

    let adminEmails = reader.string(forKey: "app.adminEmails", default: "").split(separator: ",")
        .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
    InsightsController(database: database, views: views, adminEmails: Set(adminEmails)).addRoutes(to: router)

    var app = Application(
        router: router,
        configuration: ApplicationConfiguration(reader: reader.scoped(to: "http")),
        services: [opened.service, processor, mailer],
        logger: logger
    )
    if reader.bool(forKey: "app.seedDemoAccounts", default: false) {
        let seeder = DemoSeeder(
            stripe: stripe,
            store: store,
            customers: customers,
            reconciler: reconciler,
            database: database
        )
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
