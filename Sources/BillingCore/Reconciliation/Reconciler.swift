public import BillingDatabase
import BillingSupport
public import Foundation
public import Logging
public import StripeAPI

/// Feeds Stripe's current subscriptions through the same reducer as webhook events: for missed webhooks, or a
/// first install on an existing Stripe account.
///
/// A listed subscription is the state at fetch time, so it is applied with the fetch time as its version: an
/// older stored snapshot is replaced, an event created later still wins, and a terminal (deleted) object stays
/// terminal. Outbox rows follow the same exactly-once keys as events.
public struct Reconciler: Sendable {
    private let database: any BillingDatabase
    private let lister: any SubscriptionLister
    private let logger: Logger
    private let hooks: BillingHooks
    private let now: @Sendable () -> Date

    /// Creates a reconciler.
    /// - Parameters:
    ///   - database: the migrated billing database.
    ///   - lister: where subscriptions come from (a ``StripeAPI/StripeClient``).
    ///   - logger: receives one line per page.
    ///   - hooks: the host's handlers; the facts a fetched subscription shows (started, cancellation scheduled,
    ///     canceled) reach them under the same keys as from events.
    ///   - now: the clock (the version given to fetched snapshots).
    public init(
        database: any BillingDatabase,
        lister: any SubscriptionLister,
        logger: Logger,
        hooks: BillingHooks = BillingHooks(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.database = database
        self.lister = lister
        self.logger = logger
        self.hooks = hooks
        self.now = now
    }

    /// Progress after each page.
    public struct Progress: Sendable, Equatable {
        /// Subscriptions seen so far.
        public var seen: Int
        /// Of those, how many changed the projection.
        public var applied: Int
    }

    /// Reconciles one customer's subscriptions.
    @discardableResult
    public func reconcile(customer: CustomerID, pageSize: Int = 100) async throws -> Progress {
        try await run(customer: customer, pageSize: pageSize, onPage: { _ in })
    }

    /// Reconciles every subscription on the account, page by page.
    /// - Parameter onPage: called after each committed page (for a progress bar).
    @discardableResult
    public func reconcileAll(
        pageSize: Int = 100,
        onPage: @Sendable (Progress) -> Void = { _ in }
    ) async throws -> Progress {
        try await run(customer: nil, pageSize: pageSize, onPage: onPage)
    }

    private func run(
        customer: CustomerID?,
        pageSize: Int,
        onPage: @Sendable (Progress) -> Void
    ) async throws -> Progress {
        var progress = Progress(seen: 0, applied: 0)
        var cursor: SubscriptionID?
        while true {
            let page = try await lister.listSubscriptions(
                customer: customer,
                startingAfter: cursor,
                limit: min(max(pageSize, 1), 100)
            )
            let fetchedAt = now()
            let applied = try await database.transaction { sql in
                var applied = 0
                for subscription in page.subscriptions {
                    let reduced = EventReducer.reduce(subscription: subscription, deleted: false)
                    guard let snapshot = reduced.snapshot else { continue }
                    let version = SnapshotVersion(
                        created: Int64(fetchedAt.timeIntervalSince1970),
                        eventID: nil,
                        isTerminal: reduced.isTerminal
                    )
                    let stored = try await ProjectionStore.storedVersion(of: snapshot, on: sql)
                    if Self.shouldApply(stored: stored, fetched: version) {
                        try await ProjectionStore.write(
                            snapshot,
                            version: version,
                            now: fetchedAt.unixMilliseconds,
                            on: sql
                        )
                        applied += 1
                    }
                    let hookRows = EventReducer.hookRows(
                        forFetched: subscription,
                        eventID: nil,
                        occurredAt: Int64(fetchedAt.timeIntervalSince1970),
                        hooks: hooks
                    )
                    try await ProjectionStore.enqueue(
                        reduced.outbox + hookRows,
                        sourceEventID: nil,
                        now: fetchedAt.unixMilliseconds,
                        on: sql
                    )
                }
                return applied
            }
            progress.seen += page.subscriptions.count
            progress.applied += applied
            onPage(progress)
            logger.info("reconciled page", metadata: ["seen": "\(progress.seen)", "applied": "\(progress.applied)"])
            guard page.hasMore, let last = page.subscriptions.last else { return progress }
            cursor = last.id
        }
    }

    /// A fetched snapshot is current as of its fetch, so it wins ties, but never over a later event or a deletion.
    static func shouldApply(stored: SnapshotVersion?, fetched: SnapshotVersion) -> Bool {
        guard let stored else { return true }
        if stored.isTerminal { return false }
        return fetched.created >= stored.created
    }
}
