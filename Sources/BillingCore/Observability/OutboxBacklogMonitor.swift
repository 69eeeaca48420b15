public import BillingDatabase
import BillingSupport
public import Foundation
public import Logging
public import ServiceLifecycle

/// Keeps the `billing_outbox_backlog{kind}` gauge current: every ``interval`` it counts the outbox rows due and not
/// yet sent (one grouped count over the pending index). One of the facade's services.
public struct OutboxBacklogMonitor: Service {
    /// How often the backlog is counted.
    public let interval: Duration
    private let outbox: OutboxStore
    private let logger: Logger
    private let now: @Sendable () -> Date

    /// Creates the monitor.
    /// - Parameters:
    ///   - database: the migrated billing database.
    ///   - interval: how often to count; a scrape sees a value at most this old.
    ///   - logger: receives a line when a count fails.
    ///   - now: the clock.
    public init(
        database: any BillingDatabase,
        interval: Duration = .seconds(15),
        logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.outbox = OutboxStore(database: database)
        self.interval = interval
        self.logger = logger
        self.now = now
    }

    /// Counts until graceful shutdown.
    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            var seen: Set<String> = []
            while !Task.isCancelled {
                do {
                    seen = try await refresh(previouslySeen: seen)
                } catch {
                    logger.debug("outbox backlog count failed", metadata: ["error": "\(type(of: error))"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }

    /// Counts once and sets the gauge; kinds seen before and now empty are set to zero.
    /// - Returns: every kind the gauge has a value for.
    @discardableResult
    public func refresh(previouslySeen: Set<String> = []) async throws -> Set<String> {
        let counts = try await outbox.dueCounts(now: now().unixMilliseconds)
        for kind in previouslySeen.union(counts.keys) {
            BillingMetrics.outboxBacklog(kind: kind, count: counts[kind] ?? 0)
        }
        return previouslySeen.union(counts.keys)
    }
}
