public import BillingCore
public import BillingDatabase
import Logging
import ServiceLifecycle
import Synchronization
public import Vapor

/// Runs billing with a Vapor application: its migrations before the app boots (when asked) and its ``Billing/services``
/// (the event processor, the outbox mailer, a database billing opened itself) from boot until shutdown.
///
/// Vapor has no `ServiceGroup`; this handler runs one. The services run for the application's whole life in one
/// task that shutdown triggers a graceful shutdown of and awaits, so nothing billing started outlives the app.
///
/// ```swift
/// app.lifecycle.use(BillingLifecycle(billing: billing, migrate: true))
/// ```
public final class BillingLifecycle: LifecycleHandler {
    private struct Running: Sendable {
        let group: ServiceGroup
        let task: Task<Void, any Error>
    }

    private let billing: Billing
    private let migrations: [Migration]?
    private let running = Mutex<Running?>(nil)

    /// Creates the handler; add it with `app.lifecycle.use(_:)`.
    /// - Parameters:
    ///   - billing: the facade whose services run.
    ///   - migrate: whether to apply ``BillingCore/BillingMigrations/all`` before the app boots. Pass true when
    ///     billing shares the host's database (``BillingCore/Billing/init(reader:sharing:logger:)``);
    ///     ``BillingCore/Billing/open(reader:migrations:templates:logger:)`` has already migrated the database it opened.
    ///   - migrations: the host's own migrations, applied after billing's when `migrate` is true.
    public init(billing: Billing, migrate: Bool = false, migrations: [Migration] = []) {
        self.billing = billing
        self.migrations = migrate ? BillingMigrations.all + migrations : nil
    }

    /// Applies the migrations, before any route can serve a request.
    public func willBootAsync(_ application: Application) async throws {
        guard let migrations else { return }
        try await Migrator(migrations: migrations).migrate(billing.database, logger: billing.logger)
    }

    /// Starts the services.
    public func didBootAsync(_ application: Application) async throws {
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: billing.services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
                gracefulShutdownSignals: [],
                logger: billing.logger
            )
        )
        // The one long-lived task: held here, shut down and awaited in `shutdownAsync`.
        let task = Task { try await group.run() }
        running.withLock { $0 = Running(group: group, task: task) }
    }

    /// Shuts the services down gracefully and waits until they have stopped.
    public func shutdownAsync(_ application: Application) async {
        guard let running = running.withLock({ $0.take() }) else { return }
        await running.group.triggerGracefulShutdown()
        if case .failure(let error) = await running.task.result {
            billing.logger.error("billing services stopped with an error", metadata: ["error": "\(error)"])
        }
    }
}
