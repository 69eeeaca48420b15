public import BillingDatabase
import BillingSupport
public import Foundation
public import Logging
import SQLKit
public import ServiceLifecycle
import Tracing

/// Applies stored events to the projection: claim → reduce → write projection → enqueue outbox → mark processed.
///
/// A claimed batch is reduced in memory and written with a few multi-row statements in one transaction; each event
/// still applies atomically: either all of its projection writes, outbox rows and its processed mark commit, or none
/// do. When the batch fails, it is redone with a savepoint per event, so the failing event is recorded with a backoff
/// and the others commit: a poison event never blocks the others. On PostgreSQL, claims use `FOR UPDATE SKIP LOCKED` and a per-object
/// advisory lock, so several instances share the work; on SQLite the single writer serializes everything.
///
/// Each event's processing is a `billing.event.process` span (attribute `stripe.event_id`, which ties it to the
/// `billing.webhook.receive` span of its delivery) and counts in `billing_events_processed_total`,
/// `billing_events_failed_total`, `billing_events_parked_total` and `billing_event_processing_lag_seconds`.
public struct EventProcessor: Service {
    private let database: any BillingDatabase
    private let configuration: EventProcessorConfiguration
    private let fetcher: any StripeObjectFetcher
    private let logger: Logger
    private let doorbell: EventDoorbell?
    private let hooks: BillingHooks
    private let now: @Sendable () -> Date
    /// Beats while ``run()`` works; ``Billing/readiness(timeout:)`` reads it.
    public let heartbeat = ProcessorHeartbeat()

    /// Creates a processor.
    /// - Parameters:
    ///   - database: the migrated billing database.
    ///   - configuration: batching, retries and the re-fetch policy.
    ///   - fetcher: where ties are resolved (a ``StripeAPI/StripeClient``).
    ///   - logger: receives failures and re-fetches.
    ///   - doorbell: rung by the intake in this process, so new events are processed without waiting for the
    ///     next poll; nil polls only.
    ///   - hooks: the host's handlers; each fact an event carries is written as one outbox row per handler, in the
    ///     event's transaction.
    ///   - now: the clock (injected for tests).
    public init(
        database: any BillingDatabase,
        configuration: EventProcessorConfiguration = EventProcessorConfiguration(),
        fetcher: any StripeObjectFetcher,
        logger: Logger,
        doorbell: EventDoorbell? = nil,
        hooks: BillingHooks = BillingHooks(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.database = database
        self.configuration = configuration
        self.fetcher = fetcher
        self.logger = logger
        self.doorbell = doorbell
        self.hooks = hooks
        self.now = now
    }

    /// What one ``processBatch()`` call did.
    public struct BatchResult: Sendable, Equatable {
        /// Events claimed.
        public var claimed: Int = 0
        /// Events marked processed.
        public var processed: Int = 0
        /// Events whose processing failed (recorded with a backoff).
        public var failed: Int = 0
        /// Events left for later because another instance holds their object.
        public var skipped: Int = 0
    }

    /// Polls (and answers the doorbell) until graceful shutdown, with ``EventProcessorConfiguration/workers``
    /// loops sharing the work.
    public func run() async throws {
        let workers = configuration.workers ?? database.dialect.defaultProcessingWorkers
        heartbeat.started()
        defer { heartbeat.stopped() }
        try? await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<max(1, workers) {
                    group.addTask { await work() }
                }
            }
        }
    }

    /// One processing loop; several share the work on PostgreSQL (claims skip each other's locked rows).
    private func work() async {
        while !Task.isCancelled {
            heartbeat.beat()
            let result: BatchResult
            do {
                result = try await processBatch()
            } catch is CancellationError {
                return
            } catch {
                logger.error("event batch failed", metadata: ["error": "\(error)"])
                result = BatchResult()
            }
            if result.claimed == 0 || result.processed + result.failed == 0 {
                if let doorbell {
                    guard await doorbell.wait(upTo: configuration.pollInterval) else { continue }
                } else {
                    do {
                        try await Task.sleep(for: configuration.pollInterval)
                    } catch {
                        return
                    }
                    continue
                }
            } else if result.claimed >= configuration.batchSize {
                // A backlog: carry on at once.
                continue
            }
            // Rung, or the last batch took everything due: let the stream gather into the next batch.
            if configuration.gatherDelay > .zero {
                do {
                    try await Task.sleep(for: configuration.gatherDelay)
                } catch {
                    return
                }
            }
        }
    }

    /// Processes batches until no event is due; returns the number processed (for tools and tests).
    @discardableResult
    public func drain() async throws -> Int {
        var total = 0
        while true {
            let result = try await processBatch()
            total += result.processed
            if result.claimed == 0 || result.processed + result.failed == 0 { return total }
        }
    }

    private typealias ClaimedEvent = EventLog.ClaimedEvent

    /// A claimed event and, once computed, its reduction (pure, so it may be computed outside any transaction).
    private struct WorkItem: Sendable {
        var event: ClaimedEvent
        var hooks: BillingHooks
        var reduced: Result<ReducedEvent, any Error>?

        @discardableResult
        mutating func reduce() -> Result<ReducedEvent, any Error> {
            if let reduced { return reduced }
            let result = Result {
                try EventReducer.reduce(event, hooks: hooks)
            }
            reduced = result
            return result
        }
    }

    private enum Applied {
        case processed
        case needsRefetch(ObjectReference)
        case busy
    }

    /// Claims and applies one batch of due events.
    ///
    /// When an urgent transaction (webhook intake on SQLite) is waiting, the batch commits what it has applied and
    /// lets it go first, then carries on with the rest of its claim in a new transaction; the rest is reduced while
    /// the other transaction holds the writer. Where nothing waits (PostgreSQL always), a batch is one transaction.
    public func processBatch() async throws -> BatchResult {
        var total = BatchResult()
        var carried: [WorkItem]?
        repeat {
            let (result, rest) = try await processTransaction(carried: carried)
            total.claimed += result.claimed
            total.processed += result.processed
            total.failed += result.failed
            total.skipped += result.skipped
            carried = rest.map { item in
                var item = item
                item.reduce()
                return item
            }
        } while !(carried?.isEmpty ?? true)
        return total
    }

    private func processTransaction(carried: [WorkItem]?) async throws -> (BatchResult, [WorkItem]) {
        guard configuration.appliesInBatches else {
            return try await processTransaction(carried: carried, isolated: true)
        }
        do {
            return try await processTransaction(carried: carried, isolated: false)
        } catch is IsolationNeeded {
            // One event failed: redo the transaction with a savepoint per event, so its failure is recorded and the
            // others still commit.
            return try await processTransaction(carried: carried, isolated: true)
        }
    }

    private struct IsolationNeeded: Error {}

    /// Applies `carried` (the rest of an earlier claim) or a fresh claim, until done or an urgent transaction waits.
    ///
    /// Without isolation the claim is applied in chunks (``applyBatched(_:claimed:now:on:)``): a few statements per
    /// chunk rather than several per event; the first failure rolls the transaction back and throws
    /// ``IsolationNeeded``. With isolation each event runs in its own savepoint. Returns the unapplied rest.
    private func processTransaction(carried: [WorkItem]?, isolated: Bool) async throws -> (BatchResult, [WorkItem]) {
        let dialect = database.dialect
        let outcome = try await database.transaction(.background) { sql in
            let nowMs = now().unixMilliseconds
            let items: [WorkItem]
            if let carried {
                // Still ours unless something processed them meanwhile (another process on the same file).
                let stillPending = try await EventLog.stillPending(carried.map(\.event.id), dialect: dialect, on: sql)
                items = carried.filter { stillPending.contains($0.event.id) }
            } else {
                items = try await EventLog.claimDue(
                    now: nowMs,
                    limit: configuration.batchSize,
                    dialect: dialect,
                    on: sql
                ).map { WorkItem(event: $0, hooks: hooks, reduced: nil) }
            }
            let claimed = carried == nil ? items.count : 0
            return
                isolated
                ? try await applyIsolated(items, claimed: claimed, now: nowMs, on: sql)
                : try await applyBatched(items, claimed: claimed, now: nowMs, on: sql)
        }
        // Counted once the transaction has committed, so a rolled-back attempt counts nothing.
        BillingMetrics.events(
            processed: outcome.result.processed,
            failed: outcome.result.failed,
            parked: outcome.committed.parked
        )
        for lag in outcome.committed.lags { BillingMetrics.processingLag(milliseconds: lag) }
        var total = outcome.result
        for (event, reference) in outcome.deferred {
            if try await processWithRefetch(event, reference: reference, dialect: dialect) {
                total.processed += 1
            } else {
                total.failed += 1
            }
        }
        return (total, outcome.rest)
    }

    /// What one processing transaction did, returned from inside it.
    private struct TransactionOutcome: Sendable {
        var result: BatchResult
        /// Events whose objects must be re-fetched from Stripe, after the commit.
        var deferred: [(ClaimedEvent, ObjectReference)] = []
        /// The claimed events left for the next transaction (an urgent one was waiting).
        var rest: [WorkItem] = []
        var committed = Committed()
    }

    /// Applies the items chunk by chunk: reduce in memory, then per chunk one lock query (PostgreSQL), one version
    /// read per table, one multi-row upsert per table, one customer-mapping insert and one outbox insert.
    ///
    /// Walking the events in order against versions held in memory decides exactly what applying them one by one
    /// would (``SnapshotOrdering`` sees each event's predecessor in the batch as the stored version); only the
    /// statements are fewer. Any failure throws ``IsolationNeeded``, so the caller redoes the claim event by event.
    private func applyBatched(
        _ items: [WorkItem],
        claimed: Int,
        now nowMs: Int64,
        on sql: any SQLDatabase
    ) async throws -> TransactionOutcome {
        var items = items
        var outcome = TransactionOutcome(result: BatchResult(claimed: claimed))
        var processed: [String] = []
        let began = ContinuousClock.now
        var start = items.startIndex
        while start < items.endIndex {
            let end = min(start + max(1, configuration.chunkSize), items.endIndex)
            var reductions: [ReducedEvent] = []
            for index in start..<end {
                guard case .success(let reduced) = items[index].reduce() else { throw IsolationNeeded() }
                reductions.append(reduced)
            }
            do {
                try await applyChunk(
                    items[start..<end].map(\.event),
                    reductions: reductions,
                    now: nowMs,
                    outcome: &outcome,
                    processed: &processed,
                    on: sql
                )
            } catch {
                throw IsolationNeeded()
            }
            start = end
            if start < items.endIndex, await yieldsToUrgent(since: began) { break }
        }
        return try await finish(outcome, processed: processed, rest: items[start...], now: nowMs, on: sql)
    }

    /// Whether the transaction has held the writer for its slice while an urgent one waits: then it commits what is
    /// done and lets the waiting transaction go first; the rest follows in the next one.
    private func yieldsToUrgent(since began: ContinuousClock.Instant) async -> Bool {
        guard ContinuousClock.now - began >= configuration.writerSlice else { return false }
        return await database.hasWaitingUrgentTransactions
    }

    /// Marks the applied events processed and hands back the outcome with the unapplied rest.
    private func finish(
        _ outcome: TransactionOutcome,
        processed: [String],
        rest: ArraySlice<WorkItem>,
        now nowMs: Int64,
        on sql: any SQLDatabase
    ) async throws -> TransactionOutcome {
        try await EventLog.markProcessed(processed, now: nowMs, on: sql)
        var outcome = outcome
        outcome.result.processed = processed.count
        outcome.rest = Array(rest)
        return outcome
    }

    private func applyChunk(
        _ events: [ClaimedEvent],
        reductions: [ReducedEvent],
        now nowMs: Int64,
        outcome: inout TransactionOutcome,
        processed: inout [String],
        on sql: any SQLDatabase
    ) async throws {
        let snapshots = reductions.compactMap(\.snapshot)
        var busy: Set<String> = []
        if !snapshots.isEmpty, let lock = database.dialect.tryLockObjects(Array(Set(snapshots.map(\.key))).sorted()) {
            for row in try await sql.raw(lock).all() where !(try row.decode(column: "locked", as: Bool.self)) {
                busy.insert(try row.decode(column: "key", as: String.self))
            }
        }
        var versions = try await ProjectionStore.storedVersions(
            of: snapshots.filter { !busy.contains($0.key) },
            on: sql
        )
        var batch = ProjectionBatch()
        var spans: [any Span] = []
        defer { for span in spans { span.end() } }
        for (event, reduced) in zip(events, reductions) {
            let span = startSpan("billing.event.process")
            spans.append(span)
            span.attributes["stripe.event_id"] = event.id
            span.attributes["stripe.event_type"] = event.type
            if let snapshot = reduced.snapshot {
                let key = snapshot.key
                guard !busy.contains(key) else {
                    outcome.result.skipped += 1
                    span.attributes["billing.event.outcome"] = "busy"
                    continue
                }
                let incoming = SnapshotVersion(
                    created: event.created,
                    eventID: event.id,
                    isTerminal: reduced.isTerminal
                )
                switch SnapshotOrdering.decide(
                    stored: versions[key],
                    incoming: incoming,
                    policy: configuration.refetchPolicy
                ) {
                case .ignore:
                    break
                case .apply:
                    batch.write(snapshot, version: incoming)
                    versions[key] = incoming
                case .refetch:
                    // Nothing is written for this event now; it applies after the commit, with the fetched object.
                    outcome.deferred.append((event, ObjectReference(snapshot)))
                    span.attributes["billing.event.outcome"] = "refetch"
                    continue
                }
            }
            if let link = reduced.customerLink { batch.link(link) }
            batch.enqueue(reduced.outbox, sourceEventID: event.id)
            processed.append(event.id)
            outcome.committed.lags.append(nowMs - event.receivedAt)
            span.attributes["billing.event.outcome"] = "processed"
        }
        if !batch.isEmpty { try await ProjectionStore.write(batch, now: nowMs, on: sql) }
    }

    /// Applies the items one by one, each in its own savepoint, so a failing event is recorded with its backoff and
    /// the others still commit.
    private func applyIsolated(
        _ items: [WorkItem],
        claimed: Int,
        now nowMs: Int64,
        on sql: any SQLDatabase
    ) async throws -> TransactionOutcome {
        var items = items
        let dialect = database.dialect
        let began = ContinuousClock.now
        var outcome = TransactionOutcome(result: BatchResult(claimed: claimed))
        var processed: [String] = []
        var done = 0
        for index in items.indices {
            let event = items[index].event
            let span = startSpan("billing.event.process")
            span.attributes["stripe.event_id"] = event.id
            span.attributes["stripe.event_type"] = event.type
            defer { span.end() }
            let reduction = items[index].reduce()
            done = index + 1
            try await sql.raw("SAVEPOINT billing_event").run()
            do {
                let reduced = try reduction.get()
                switch try await apply(event, reduced: reduced, fetched: nil, dialect: dialect, now: nowMs, on: sql) {
                case .processed:
                    try await sql.raw("RELEASE SAVEPOINT billing_event").run()
                    processed.append(event.id)
                    outcome.committed.lags.append(nowMs - event.receivedAt)
                    span.attributes["billing.event.outcome"] = "processed"
                case .needsRefetch(let reference):
                    // Nothing was written yet for this event.
                    try await sql.raw("RELEASE SAVEPOINT billing_event").run()
                    outcome.deferred.append((event, reference))
                    span.attributes["billing.event.outcome"] = "refetch"
                case .busy:
                    try await sql.raw("RELEASE SAVEPOINT billing_event").run()
                    outcome.result.skipped += 1
                    span.attributes["billing.event.outcome"] = "busy"
                }
            } catch {
                span.recordError(error)
                try await rollbackToSavepoint(on: sql)
                if try await recordFailure(of: event, error: error, now: nowMs, on: sql) {
                    outcome.committed.parked += 1
                }
                outcome.result.failed += 1
                span.attributes["billing.event.outcome"] = "failed"
            }
            if index < items.count - 1, await yieldsToUrgent(since: began) { break }
        }
        return try await finish(outcome, processed: processed, rest: items[done...], now: nowMs, on: sql)
    }

    /// What a committed transaction adds to the metrics beyond its ``BatchResult``.
    private struct Committed: Sendable {
        /// Milliseconds from receipt to processing, one per processed event.
        var lags: [Int64] = []
        /// Failures that used the last attempt.
        var parked = 0
    }

    private func rollbackToSavepoint(on sql: any SQLDatabase) async throws {
        try await sql.raw("ROLLBACK TO SAVEPOINT billing_event").run()
        try await sql.raw("RELEASE SAVEPOINT billing_event").run()
    }

    /// Fetches the object outside any transaction (no database lock is held during the API call), then applies.
    private func processWithRefetch(
        _ event: ClaimedEvent,
        reference: ObjectReference,
        dialect: DatabaseDialect
    ) async throws -> Bool {
        try await withSpan("billing.event.process") { span in
            span.attributes["stripe.event_id"] = event.id
            span.attributes["stripe.event_type"] = event.type
            span.attributes["billing.event.refetch"] = true
            let outcome = try await refetchAndApply(event, reference: reference, dialect: dialect)
            switch outcome {
            case .processed(let lag):
                BillingMetrics.events(processed: 1)
                BillingMetrics.processingLag(milliseconds: lag)
            case .failed(let parked):
                BillingMetrics.events(failed: 1, parked: parked ? 1 : 0)
            case .gone, .notApplied:
                break
            }
            span.attributes["billing.event.outcome"] = outcome.label
            return outcome.counted
        }
    }

    private enum RefetchOutcome {
        /// Applied; the lag in milliseconds.
        case processed(Int64)
        /// Failed and recorded; whether that used the last attempt.
        case failed(parked: Bool)
        /// Something else processed it meanwhile.
        case gone
        /// Left for a later batch (its object is busy); nothing recorded.
        case notApplied

        /// What the batch counts it as: processed (true) or not (false).
        var counted: Bool {
            switch self {
            case .processed, .gone: true
            case .failed, .notApplied: false
            }
        }

        var label: String {
            switch self {
            case .processed: "processed"
            case .failed: "failed"
            case .gone: "already_processed"
            case .notApplied: "busy"
            }
        }
    }

    private func refetchAndApply(
        _ event: ClaimedEvent,
        reference: ObjectReference,
        dialect: DatabaseDialect
    ) async throws -> RefetchOutcome {
        let fetched: ObjectSnapshot?
        do {
            logger.debug("re-fetching object", metadata: ["stripe.event_id": "\(event.id)", "object": "\(reference)"])
            fetched = try await fetcher.currentSnapshot(of: reference)
        } catch {
            let parked = try await database.transaction(.background) { sql in
                try await recordFailure(of: event, error: error, now: now().unixMilliseconds, on: sql)
            }
            return .failed(parked: parked)
        }
        return try await database.transaction(.background) { sql in
            let nowMs = now().unixMilliseconds
            let current = try await EventLog.lockPending(event.id, dialect: dialect, on: sql)
            guard let current else { return .gone }
            try await sql.raw("SAVEPOINT billing_event").run()
            do {
                let applied = try await apply(
                    current,
                    reduced: try EventReducer.reduce(current, hooks: hooks),
                    fetched: .some(fetched),
                    dialect: dialect,
                    now: nowMs,
                    on: sql
                )
                guard case .processed = applied else {
                    try await rollbackToSavepoint(on: sql)
                    return .notApplied
                }
                try await EventLog.markProcessed([current.id], now: nowMs, on: sql)
                try await sql.raw("RELEASE SAVEPOINT billing_event").run()
                return .processed(nowMs - current.receivedAt)
            } catch {
                try await rollbackToSavepoint(on: sql)
                let parked = try await recordFailure(of: current, error: error, now: nowMs, on: sql)
                return .failed(parked: parked)
            }
        }
    }

    /// Applies one event (the caller marks it processed). `fetched` is `.some` after a re-fetch (its value nil when
    /// Stripe no longer has the object, in which case the event's own snapshot is used).
    private func apply(
        _ event: ClaimedEvent,
        reduced: ReducedEvent,
        fetched: ObjectSnapshot??,
        dialect: DatabaseDialect,
        now nowMs: Int64,
        on sql: any SQLDatabase
    ) async throws -> Applied {
        if let snapshot = reduced.snapshot {
            if let lock = dialect.tryLockObject(snapshot.key) {
                let row = try await sql.raw(lock).first()
                let locked = try row?.decode(column: "locked", as: Bool.self) ?? false
                guard locked else { return .busy }
            }
            let stored = try await ProjectionStore.storedVersion(of: snapshot, on: sql)
            let incoming = SnapshotVersion(created: event.created, eventID: event.id, isTerminal: reduced.isTerminal)
            switch SnapshotOrdering.decide(stored: stored, incoming: incoming, policy: configuration.refetchPolicy) {
            case .ignore:
                break
            case .apply:
                try await ProjectionStore.write(snapshot, version: incoming, now: nowMs, on: sql)
            case .refetch:
                guard let fetched else { return .needsRefetch(ObjectReference(snapshot)) }
                if let current = fetched {
                    let version = SnapshotVersion(
                        created: max(event.created, stored?.created ?? 0),
                        eventID: event.id,
                        isTerminal: EventReducer.isTerminal(current)
                    )
                    try await ProjectionStore.write(current, version: version, now: nowMs, on: sql)
                    if case .subscription(let subscription) = current {
                        let facts = EventReducer.reduce(subscription: subscription, deleted: false)
                        let hookRows = EventReducer.hookRows(
                            forFetched: subscription,
                            eventID: event.id,
                            occurredAt: event.created,
                            hooks: hooks
                        )
                        try await ProjectionStore.enqueue(
                            facts.outbox + hookRows,
                            sourceEventID: event.id,
                            now: nowMs,
                            on: sql
                        )
                    }
                } else {
                    try await ProjectionStore.write(snapshot, version: incoming, now: nowMs, on: sql)
                }
            }
        }
        if let link = reduced.customerLink {
            try await ProjectionStore.link(link, now: nowMs, on: sql)
        }
        try await ProjectionStore.enqueue(reduced.outbox, sourceEventID: event.id, now: nowMs, on: sql)
        return .processed
    }

    /// Records a failed attempt with its backoff; returns whether it was the last one (the event is parked).
    @discardableResult
    private func recordFailure(of event: ClaimedEvent, error: any Error, now nowMs: Int64, on sql: any SQLDatabase)
        async throws -> Bool
    {
        let attempts = Int(event.attempts) + 1
        // Parked events wait for `EventLog.retry`; the far-future time keeps them out of every claim.
        let next =
            attempts >= configuration.maxAttempts
            ? EventLog.parkedUntil : nowMs + configuration.backoffMilliseconds(afterAttempts: attempts)
        let message = String(String(describing: error).prefix(500))
        logger.warning(
            "event processing failed",
            metadata: ["stripe.event_id": "\(event.id)", "attempts": "\(attempts)", "error": "\(message)"]
        )
        try await EventLog.recordFailure(
            event.id,
            attempts: Int64(attempts),
            error: message,
            nextAttemptAt: next,
            on: sql
        )
        return attempts >= configuration.maxAttempts
    }
}
