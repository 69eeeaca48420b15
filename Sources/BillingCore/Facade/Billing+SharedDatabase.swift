import BillingDatabase
public import Configuration
import Foundation
public import Logging
public import SQLKit
import StripeAPI

extension Billing {
    /// Assembles billing on a PostgreSQL database the host already runs (a Vapor app's Fluent database, say), so
    /// both share one connection pool; the Stripe client and everything else come from configuration as in
    /// ``open(reader:migrations:templates:logger:)``, less `database.*`.
    ///
    /// Nothing is opened or migrated here: the host runs the pool, and runs ``BillingMigrations/all`` at its startup
    /// (in Vapor, `BillingLifecycle(billing:migrate: true)`), then ``services``. The portal configuration comes from
    /// `stripe.portalConfiguration` (the one `billing portal-config apply` records is read by
    /// ``open(reader:migrations:templates:logger:)`` only).
    ///
    /// - Parameters:
    ///   - reader: the root configuration reader.
    ///   - database: the host's pooled PostgreSQL database.
    ///   - logger: where billing logs.
    /// - Throws: a configuration error naming the variable to fix, or
    ///   `DatabaseConfigurationError.unsupportedURL` when `database` is not PostgreSQL.
    public init(reader: ConfigReader, sharing database: any SQLDatabase, logger: Logger = Logger(label: "billing"))
        throws
    {
        let stripe = StripeClient(
            configuration: try StripeConfiguration(reader: reader.scoped(to: "stripe")),
            logger: logger
        )
        try self.init(
            reader: reader,
            database: try SharedPostgresBillingDatabase(database, logger: logger),
            stripe: stripe,
            logger: logger
        )
    }
}
