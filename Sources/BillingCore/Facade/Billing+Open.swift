public import BillingDatabase
import BillingMail
public import Configuration
import Foundation
public import Logging
import StripeAPI

extension Billing {
    /// Opens billing the way an application starts it: validates the configuration, opens the database that
    /// `database.url` names, applies billing's migrations (and the host's, after them), and connects the Stripe
    /// client that `stripe.*` describes. Run ``services`` in the host's `ServiceGroup`.
    ///
    /// Keys: ``BillingConfiguration/init(reader:)``, `database.*` (see
    /// `DatabaseConfiguration.init(reader:)`), `stripe.*` (see `StripeConfiguration.init(reader:)`) and the
    /// webhook keys of ``WebhookIntake/init(reader:expectedLivemode:eventLog:doorbell:logger:)``, and `mail.*`
    /// (see `MailConfiguration.init(reader:)`: SMTP when `mail.smtpURL` is set, else the development folder).
    /// When `stripe.portalConfiguration` is unset, the configuration `billing portal-config apply` recorded is used.
    /// Pages and mails render from the library's templates with the host's on top: `billing.templates.directory`
    /// (see `TemplateOverrides.init(reader:templates:)`) and `templates`.
    ///
    /// - Parameters:
    ///   - reader: the root configuration reader.
    ///   - migrations: the host's own migrations, applied after billing's in the same run.
    ///   - templates: template sources registered in code by name (`billing`, `mail-payment-failed.html`, …),
    ///     searched before `billing.templates.directory` and the library's own.
    ///   - logger: where billing logs.
    /// - Throws: a configuration error naming the variable to fix, or the database's error; whatever was opened
    ///   is closed again before the error is thrown.
    public static func open(
        reader: ConfigReader,
        migrations: [Migration] = [],
        templates: [String: String] = [:],
        logger: Logger = Logger(label: "billing")
    ) async throws -> Billing {
        // Everything that can be checked without I/O is checked before anything is opened.
        var configuration = try BillingConfiguration(reader: reader)
        let stripeConfiguration = try StripeConfiguration(reader: reader.scoped(to: "stripe"))
        let databaseConfiguration = try DatabaseConfiguration(reader: reader.scoped(to: "database"))
        let verifier = try WebhookIntake.verifierSettings(reader: reader)
        let mail = try MailConfiguration(reader: reader)
        let overrides = TemplateOverrides(reader: reader, templates: templates)
        let mailTemplates = try MailTemplates(overrides: overrides)

        let opened = try await DatabaseConnector.open(databaseConfiguration, logger: logger)
        do {
            let recorded = try await DatabaseConnector.beforeServices(
                opened,
                configuration: databaseConfiguration,
                logger: logger
            ) { database in
                try await Migrator(migrations: BillingMigrations.all + migrations).migrate(database, logger: logger)
                return try await BillingSettings(database: database).value(for: .portalConfigurationID)
            }
            if configuration.portalConfiguration == nil, let recorded {
                // `billing portal-config apply` records the configuration it manages; an explicit
                // `stripe.portalConfiguration` still wins. Read once at start: apply, then restart (or deploy).
                configuration.portalConfiguration = PortalConfigurationID(recorded)
            }
            return Billing(
                configuration: configuration,
                webhookVerifier: verifier.verifier,
                maxWebhookBodyBytes: verifier.maxBodyBytes,
                webhookGroupCommit: verifier.groupCommit,
                database: opened.database,
                stripe: StripeClient(configuration: stripeConfiguration, logger: logger),
                mail: MailDelivery(mail, logger: logger, templates: mailTemplates),
                templates: overrides,
                services: [opened.service],
                logger: logger
            )
        } catch {
            try? await opened.close()
            throw error
        }
    }
}
