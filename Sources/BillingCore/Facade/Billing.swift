public import BillingDatabase
public import BillingMail
public import Configuration
public import Foundation
public import Logging
public import ServiceLifecycle
public import StripeAPI

/// The library's composition root: one value that owns everything billing needs and that a host application
/// mounts, asks and runs.
///
/// ```swift
/// let billing = try await Billing.open(reader: reader, logger: logger)
/// billing.addRoutes(to: router, …)                    // BillingHummingbird (or BillingVapor)
/// let access = try await billing.access(for: accountID)
/// // run billing.services in the host's ServiceGroup
/// ```
///
/// It holds the webhook intake, the event processor, access checks, the customer mapping, reconciliation, portal
/// sessions, the cancellation survey and the projection reads. Framework adapters translate HTTP to calls on it
/// and nothing else.
public struct Billing: Sendable {
    /// Paths, public URL, policies.
    public let configuration: BillingConfiguration
    /// The billing tables.
    public let database: any BillingDatabase
    /// The Stripe client every call goes through.
    public let stripe: StripeClient
    /// Stores verified webhook deliveries (``receiveWebhook(body:signature:)``).
    public let webhooks: WebhookIntake
    /// Applies stored events to the projection; one of ``services``.
    public let processor: EventProcessor
    /// The account-to-customer mapping (exactly one customer per account).
    public let customers: CustomerDirectory
    /// Access answers from the projection.
    public let accessChecker: AccessChecker
    /// Refreshes an account's subscriptions from Stripe.
    public let reconciler: Reconciler
    /// Opens customer-portal sessions.
    public let portal: PortalSessions
    /// The cancellation survey and its save offers.
    public let cancellation: CancellationFlow
    /// Starts subscriptions through Stripe Checkout.
    public let checkout: SubscriptionCheckout
    /// Plan names and portal features, cached.
    public let catalog: StripeCatalog
    /// Reads the projection for pages.
    public let projection: ProjectionReader
    /// Sends billing's mail from the outbox (win-back, trial reminders, dunning); nil when no mail delivery was
    /// configured. One of ``services``.
    public let mailer: OutboxMailer?
    /// The host's handlers for billing facts (plan changed, canceled, payment failed, …); register them before the
    /// services run. The win-back sequence and the dunning mails (``DunningMail``) are among them when mail is
    /// configured.
    public let hooks: BillingHooks
    /// Calls the ``hooks`` for the facts the processor recorded; one of ``services``.
    public let hookRunner: HookRunner
    /// Keeps the `billing_outbox_backlog` gauge current; one of ``services``.
    public let backlogMonitor: OutboxBacklogMonitor
    /// The development mail folder when mail goes there rather than over SMTP (for a page that lists it).
    public let mailFolder: MailFolder?
    /// The host's template overrides (`billing.templates.directory` and templates registered in code); the web
    /// adapters load the billing pages with them, and the mails were loaded with them.
    public let templates: TemplateOverrides
    /// The long-running work to run in the host's `ServiceGroup`: the database (when billing opened it), the
    /// event processor, the hook runner, the outbox backlog monitor and the outbox mailer.
    public let services: [any Service]
    /// The logger billing writes to.
    public let logger: Logger
    let now: @Sendable () -> Date

    /// Assembles billing from explicit parts.
    /// - Parameters:
    ///   - configuration: paths, public URL and policies.
    ///   - webhookVerifier: checks `Stripe-Signature` against the endpoint's signing secrets.
    ///   - maxWebhookBodyBytes: the webhook body cap (413 above).
    ///   - webhookGroupCommit: whether concurrent deliveries share one insert and commit (see ``WebhookIntake``).
    ///   - database: a migrated billing database (see ``BillingMigrations``).
    ///   - stripe: the Stripe client.
    ///   - mail: where billing's mail goes, who sends it and its templates; nil sends none.
    ///   - templates: the host's template overrides for the billing pages (the mails take theirs from `mail`).
    ///   - services: services billing depends on that the host did not start itself, such as the database's.
    ///   - logger: where billing logs.
    ///   - now: the clock.
    public init(
        configuration: BillingConfiguration,
        webhookVerifier: WebhookVerifier,
        maxWebhookBodyBytes: Int = 256 * 1024,
        webhookGroupCommit: Bool = true,
        database: any BillingDatabase,
        stripe: StripeClient,
        mail: MailDelivery? = nil,
        templates: TemplateOverrides = TemplateOverrides(),
        services: [any Service] = [],
        logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        let doorbell = EventDoorbell()
        self.init(
            configuration: configuration,
            webhooks: WebhookIntake(
                verifier: webhookVerifier,
                expectedLivemode: stripe.configuration.isLiveMode,
                eventLog: EventLog(database: database),
                maxBodyBytes: maxWebhookBodyBytes,
                groupCommit: webhookGroupCommit,
                doorbell: doorbell,
                logger: logger
            ),
            doorbell: doorbell,
            database: database,
            stripe: stripe,
            mail: mail,
            templates: templates,
            services: services,
            logger: logger,
            now: now
        )
    }

    /// Assembles billing from configuration, a migrated database and a Stripe client.
    ///
    /// Reads ``BillingConfiguration/init(reader:)``'s keys and the webhook keys of
    /// ``WebhookIntake/init(reader:expectedLivemode:eventLog:doorbell:logger:)`` (`STRIPE_WEBHOOK_SECRETS`, …).
    /// Mail goes where `mail.*` says (see `MailConfiguration.init(reader:)`): SMTP, or the development folder.
    /// Pages and mails render from the library's templates with the host's on top: `billing.templates.directory`
    /// (see `TemplateOverrides.init(reader:templates:)`) and `templates`.
    /// - Parameter templates: template sources registered in code by name, searched before the directory.
    /// - Throws: a configuration error naming the variable to fix, or `TemplateError` for a missing template
    ///   directory or a template that does not parse.
    public init(
        reader: ConfigReader,
        database: any BillingDatabase,
        stripe: StripeClient,
        templates: [String: String] = [:],
        services: [any Service] = [],
        logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        let configuration = try BillingConfiguration(reader: reader)
        let doorbell = EventDoorbell()
        let webhooks = try WebhookIntake(
            reader: reader,
            expectedLivemode: stripe.configuration.isLiveMode,
            eventLog: EventLog(database: database),
            doorbell: doorbell,
            logger: logger
        )
        let mail = try MailConfiguration(reader: reader)
        let overrides = TemplateOverrides(reader: reader, templates: templates)
        self.init(
            configuration: configuration,
            webhooks: webhooks,
            doorbell: doorbell,
            database: database,
            stripe: stripe,
            mail: MailDelivery(mail, logger: logger, templates: try MailTemplates(overrides: overrides)),
            templates: overrides,
            services: services,
            logger: logger,
            now: now
        )
    }

    private init(
        configuration: BillingConfiguration,
        webhooks: WebhookIntake,
        doorbell: EventDoorbell,
        database: any BillingDatabase,
        stripe: StripeClient,
        mail: MailDelivery?,
        templates: TemplateOverrides,
        services: [any Service],
        logger: Logger,
        now: @escaping @Sendable () -> Date
    ) {
        self.configuration = configuration
        self.templates = templates
        self.database = database
        self.stripe = stripe
        self.webhooks = webhooks
        self.logger = logger
        self.now = now
        let customers = CustomerDirectory(database: database, creator: stripe, logger: logger, now: now)
        let projection = ProjectionReader(database: database)
        let portal = PortalSessions(
            stripe: stripe,
            customers: customers,
            projection: projection,
            configuration: configuration
        )
        self.customers = customers
        self.projection = projection
        self.portal = portal
        self.accessChecker = AccessChecker(database: database, policy: configuration.access)
        let hooks = BillingHooks()
        self.hooks = hooks
        let reconciler = Reconciler(database: database, lister: stripe, logger: logger, hooks: hooks, now: now)
        self.reconciler = reconciler
        self.processor = EventProcessor(
            database: database,
            configuration: configuration.events,
            fetcher: stripe,
            logger: logger,
            doorbell: doorbell,
            hooks: hooks,
            now: now
        )
        self.hookRunner = HookRunner(
            hooks: hooks,
            database: database,
            customers: customers,
            configuration: .init(claimLease: configuration.claimLeases.hooks),
            logger: logger,
            now: now
        )
        self.cancellation = CancellationFlow(
            store: CancellationSurveyStore(database: database, policy: configuration.retention),
            portal: portal,
            projection: projection,
            configuration: configuration,
            now: now
        )
        let catalog = StripeCatalog(
            stripe: stripe,
            portalConfiguration: configuration.portalConfiguration,
            logger: logger
        )
        self.catalog = catalog
        self.checkout = SubscriptionCheckout(
            stripe: stripe,
            customers: customers,
            projection: projection,
            catalog: catalog,
            reconciler: reconciler,
            configuration: configuration,
            now: now
        )
        let mailer = mail.map {
            OutboxMailer(
                configuration: .init(
                    from: $0.from,
                    templates: $0.templates,
                    billingURL: configuration.absoluteURL(configuration.billingPath),
                    productName: $0.productName,
                    supportAddress: $0.supportAddress,
                    formatter: configuration.formatting,
                    claimLease: configuration.claimLeases.mail
                ),
                database: database,
                transport: $0.transport,
                logger: logger,
                now: now
            )
        }
        if let mailer {
            mailer.sequence.register(in: hooks, database: database, now: now)
            DunningMail.register(in: hooks, database: database, now: now)
        }
        self.mailer = mailer
        self.mailFolder = mail?.folder
        let backlogMonitor = OutboxBacklogMonitor(database: database, logger: logger, now: now)
        self.backlogMonitor = backlogMonitor
        self.services = services + [processor, hookRunner, backlogMonitor] + (mailer.map { [$0] } ?? [])
    }

    /// What the account may use right now, from the projection (no Stripe call).
    public func access(for account: AccountID) async throws -> BillingAccess {
        try await accessChecker.access(for: account, now: now())
    }

    /// Stores a webhook delivery if it is authentic; answer with the outcome's `httpStatus`.
    /// - Parameters:
    ///   - body: the raw request body, exactly as received.
    ///   - signature: the `Stripe-Signature` header.
    public func receiveWebhook(body: some DataProtocol, signature: String?) async -> WebhookIntakeOutcome {
        await webhooks.receive(body: body, signature: signature, now: now())
    }

    /// Starts a subscription to `price` through Stripe Checkout and returns the session URL to redirect to with
    /// 303; see ``SubscriptionCheckout/start(account:price:)`` for what is refused.
    public func startCheckout(account: BillingAccount, price: PriceID) async throws -> URL {
        try await checkout.start(account: account, price: price)
    }

    /// Opens a portal session for the account (creating its Stripe customer on first use) and returns the URL to
    /// redirect to with 303. The URL is a bearer link: never log it.
    public func openPortal(account: BillingAccount, link: PortalDeepLink = .home) async throws -> URL {
        try await portal.open(account: account, link: link)
    }
}
