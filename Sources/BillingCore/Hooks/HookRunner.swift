public import BillingDatabase
import BillingSupport
public import Foundation
public import Logging
public import ServiceLifecycle
import StripeAPI

/// Calls the host's hook handlers (``BillingHooks``) for the hook rows the event processor wrote: claims due rows,
/// looks up the account, calls the handler, records the outcome. One of the facade's services.
///
/// A row whose customer is not mapped to an account yet (the Checkout that links them is still on its way) and a
/// handler that throws are retried with exponential backoff; after ``Configuration/maxAttempts`` the row is marked
/// failed and stays listed by `billing events` (the operator can see what a handler said). A row for a handler this
/// instance does not know (another version registered it) is left for an instance that does.
public struct HookRunner: Service {
    /// Runner settings.
    public struct Configuration: Sendable {
        /// Calls before a failing row is marked failed.
        public var maxAttempts: Int
        /// The first retry delay; doubled per attempt, capped at one hour.
        public var retryBase: Duration
        /// How often to look for due rows.
        public var pollInterval: Duration
        /// How long a claim keeps other runners off a row; renewed before each call, so it needs to cover one
        /// handler call.
        public var claimLease: Duration
        /// The most rows one claim takes.
        public var batchSize: Int

        /// Creates a configuration.
        public init(
            maxAttempts: Int = 10,
            retryBase: Duration = .seconds(5),
            pollInterval: Duration = .milliseconds(500),
            claimLease: Duration = .seconds(120),
            batchSize: Int = 50
        ) {
            self.maxAttempts = max(1, maxAttempts)
            self.retryBase = retryBase
            self.pollInterval = pollInterval
            self.claimLease = claimLease
            self.batchSize = max(1, batchSize)
        }
    }

    /// What one pass did.
    public struct PassReport: Sendable, Equatable {
        /// Handler calls that succeeded.
        public var succeeded = 0
        /// Rows scheduled for another attempt (the handler threw, or the account is not known yet).
        public var retried = 0
        /// Rows given up on.
        public var failed = 0
    }

    private let hooks: BillingHooks
    private let outbox: OutboxStore
    private let customers: CustomerDirectory
    let configuration: Configuration
    private let logger: Logger
    private let now: @Sendable () -> Date
    /// This runner's name in `claimed_by`.
    private let runnerID = "hooks-\(UUID().uuidString.lowercased())"

    /// Creates the service.
    /// - Parameters:
    ///   - hooks: the registered handlers.
    ///   - database: the migrated billing database.
    ///   - customers: maps a fact's customer to the host's account.
    ///   - configuration: retries, polling and claims.
    ///   - logger: one line per failure.
    ///   - now: the clock.
    public init(
        hooks: BillingHooks,
        database: any BillingDatabase,
        customers: CustomerDirectory,
        configuration: Configuration = Configuration(),
        logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.hooks = hooks
        self.outbox = OutboxStore(database: database)
        self.customers = customers
        self.configuration = configuration
        self.logger = logger
        self.now = now
    }

    /// Polls until graceful shutdown; a failing pass is logged and retried on the next poll.
    public func run() async throws {
        await pollUntilGracefulShutdown(
            every: configuration.pollInterval,
            logger: logger,
            failure: "billing hook pass failed"
        ) {
            let report = try await runOnce()
            BillingMetrics.outboxMessages(sender: "hooks", outcome: "sent", count: report.succeeded)
            BillingMetrics.outboxMessages(sender: "hooks", outcome: "retried", count: report.retried)
            BillingMetrics.outboxMessages(sender: "hooks", outcome: "failed", count: report.failed)
        }
    }

    /// Handles every hook row due now once. Rows another runner has claimed are left to it.
    @discardableResult
    public func runOnce() async throws -> PassReport {
        var report = PassReport()
        var handled: Set<String> = []
        while true {
            let millis = now().unixMilliseconds
            let rows = try await outbox.claimDue(
                kind: BillingHooks.rowKind,
                sender: runnerID,
                now: millis,
                leaseUntil: millis + configuration.claimLease.milliseconds,
                limit: configuration.batchSize
            ).filter { handled.insert($0.message.dedupeKey).inserted }
            if rows.isEmpty { return report }
            for row in rows { try await handle(row, report: &report) }
        }
    }

    private func handle(_ row: OutboxStore.ClaimedMessage, report: inout PassReport) async throws {
        let key = row.message.dedupeKey
        let payload: HookPayload
        do {
            payload = try row.message.decodePayload(as: HookPayload.self)
        } catch {
            if try await outbox.markFailed(key, sender: runnerID, now: now().unixMilliseconds, reason: "unreadable") {
                report.failed += 1
            }
            return
        }
        guard let handler = hooks.handler(named: payload.handler) else {
            // Registered by another version of the host; an instance that knows it will run it.
            try await outbox.postpone(key, sender: runnerID, until: now().unixMilliseconds + 60_000)
            return
        }
        let attempt = row.attempts + 1
        var account: AccountID?
        if case .host = handler {
            account = try await customers.account(for: payload.fact.customer)
            if account == nil {
                try await retryOrFail(row, attempt: attempt, reason: "customer not mapped to an account yet", &report)
                return
            }
        }
        let lease = now().unixMilliseconds + configuration.claimLease.milliseconds
        guard try await outbox.renewClaim(key, sender: runnerID, until: lease) else { return }
        do {
            switch handler {
            case .host(let call):
                if let account {
                    try await call(BillingHookCall(fact: payload.fact, account: account, attempt: attempt))
                }
            case .builtIn(let call):
                try await call(payload.fact)
            }
        } catch {
            // Only the error's type: a handler's message may carry the host's data.
            try await retryOrFail(row, attempt: attempt, reason: "handler threw \(type(of: error))", &report)
            return
        }
        if try await outbox.markSent(key, sender: runnerID, now: now().unixMilliseconds) {
            report.succeeded += 1
        } else {
            logger.warning("billing hook ran after its claim was lost", metadata: ["outbox.key": "\(key)"])
        }
    }

    private func retryOrFail(
        _ row: OutboxStore.ClaimedMessage,
        attempt: Int,
        reason: String,
        _ report: inout PassReport
    ) async throws {
        let key = row.message.dedupeKey
        let millis = now().unixMilliseconds
        logger.warning(
            "billing hook not done",
            metadata: ["outbox.key": "\(key)", "attempt": "\(attempt)", "reason": "\(reason)"]
        )
        if attempt < configuration.maxAttempts {
            let retryAt = millis + retryDelay(afterAttempt: attempt)
            if try await outbox.recordRetry(key, sender: runnerID, error: reason, retryAt: retryAt) {
                report.retried += 1
            }
        } else if try await outbox.markFailed(key, sender: runnerID, now: millis, reason: reason) {
            report.failed += 1
        }
    }

    /// Milliseconds before the next attempt: `retryBase · 2^(attempt-1)`, at most one hour.
    func retryDelay(afterAttempt attempt: Int) -> Int64 {
        configuration.retryBase.backoffMilliseconds(afterAttempt: attempt)
    }
}
