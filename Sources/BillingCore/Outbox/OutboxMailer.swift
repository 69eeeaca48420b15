public import BillingDatabase
public import BillingMail
import BillingSupport
public import Foundation
public import Logging
public import ServiceLifecycle

/// Drains billing mail from the outbox: expands each `subscription-canceled:<sub>` trigger into its
/// `winback:<sub>:<step>` rows, and delivers due win-back steps, trial reminders (`trial-ending:<sub>:<trial end>`)
/// and dunning mails (``DunningMail``: `dunning:<invoice>`, `dunning-recovered:<invoice>`) with retries and
/// exponential backoff.
///
/// Every mail renders from ``MailTemplates`` (the library's, with the host's overrides) with values prepared here:
/// amounts and dates through ``Configuration/formatter``, the product name, support address and links from
/// configuration.
///
/// A trial reminder is canceled instead of sent when the projection no longer shows that trial (the subscription
/// was paid, canceled or its trial moved).
///
/// Before sending a step it re-reads the projection: a renewed subscription (cancellation undone) or a new active
/// subscription of the same customer cancels all pending steps; an end-anchored step waits until the subscription
/// has ended. A step whose recipient address is not in the projection yet (the customer's event has not arrived,
/// events come in any order) waits and is retried like a transient failure; a step without a template fails at
/// once. Transient failures (4xx, dropped connections) are retried up to ``Configuration/maxAttempts``;
/// permanent ones (5xx) set `failed_at`. The text is chosen when the mail is sent, from the projection: a
/// subscription that has already ended gets the step's ended variant (`winback-<step>-ended`) when there is one.
///
/// Several mailers (one per app instance) may drain one database: each claims rows through ``OutboxStore`` before it
/// touches them, renews the claim just before sending, and records the outcome only while the claim is still its
/// own, so a due message is sent once. A mailer that dies between the mail server's acceptance and recording the
/// send leaves its claim to expire, and another mailer then sends that message once more (see ``OutboxStore``).
public struct OutboxMailer: Service {
    /// Sender settings.
    public struct Configuration: Sendable {
        /// The `From:` address.
        public var from: MailAddress
        /// The steps to schedule.
        public var sequence: WinBackSequence
        /// The mail templates.
        public var templates: MailTemplates
        /// The billing page's absolute URL, used in links.
        public var billingURL: String
        /// The product the mails speak of.
        public var productName: String
        /// Where the mails tell customers to write.
        public var supportAddress: String
        /// Formats amounts and dates in the mails.
        public var formatter: BillingFormatter
        /// Attempts before a transiently failing mail is marked failed.
        public var maxAttempts: Int
        /// The first retry delay; doubled per attempt, capped at one hour.
        public var retryBase: Duration
        /// How often to look for due rows.
        public var pollInterval: Duration
        /// How long a claim keeps other mailers off a row. It is renewed just before each send, so it needs to
        /// cover one delivery (the SMTP client's timeouts) with room to spare; a mailer that dies holds its rows
        /// this long.
        public var claimLease: Duration
        /// The most rows one claim takes.
        public var batchSize: Int

        /// Creates a configuration.
        /// - Parameters:
        ///   - from: the sender.
        ///   - sequence: the win-back steps.
        ///   - templates: the mail templates.
        ///   - billingURL: the billing page's absolute URL.
        ///   - productName: the product the mails speak of; the sender's display name, else its domain, when nil.
        ///   - supportAddress: where the mails tell customers to write; the sender's address when nil.
        ///   - formatter: formats amounts and dates.
        ///   - maxAttempts: attempts before a transiently failing mail is marked failed.
        ///   - retryBase: the first retry delay.
        ///   - pollInterval: how often to look for due rows.
        ///   - claimLease: how long a claim keeps other mailers off a row.
        ///   - batchSize: the most rows one claim takes.
        public init(
            from: MailAddress,
            sequence: WinBackSequence = .standard,
            templates: MailTemplates = .bundled,
            billingURL: String,
            productName: String? = nil,
            supportAddress: String? = nil,
            formatter: BillingFormatter = .standard,
            maxAttempts: Int = 8,
            retryBase: Duration = .seconds(30),
            pollInterval: Duration = .seconds(5),
            claimLease: Duration = .seconds(300),
            batchSize: Int = 100
        ) {
            self.from = from
            self.sequence = sequence
            self.templates = templates
            self.billingURL = billingURL
            self.productName = productName ?? from.name ?? from.domain
            self.supportAddress = supportAddress ?? from.address
            self.formatter = formatter
            self.maxAttempts = maxAttempts
            self.retryBase = retryBase
            self.pollInterval = pollInterval
            self.claimLease = claimLease
            self.batchSize = max(1, batchSize)
        }
    }

    /// What one drain pass did.
    public struct DrainReport: Sendable, Equatable {
        /// Trigger rows expanded into steps.
        public var expanded = 0
        /// Mails delivered.
        public var sent = 0
        /// Mails scheduled for another attempt.
        public var retried = 0
        /// Mails given up on.
        public var failed = 0
        /// Mails canceled because they no longer applied (the customer came back, the trial or the failed
        /// invoice was paid).
        public var canceled = 0
    }

    let configuration: Configuration
    let database: any BillingDatabase

    /// The win-back steps this mailer sends; ``WinBackSequence/register(in:database:now:)`` schedules them.
    public var sequence: WinBackSequence { configuration.sequence }
    let outbox: OutboxStore
    let transport: any MailTransport
    let logger: Logger
    let now: @Sendable () -> Date
    /// This mailer's name in `claimed_by`; unique per instance, so two mailers in one process are told apart too.
    let senderID = "mailer-\(UUID().uuidString.lowercased())"

    /// Creates the service.
    /// - Parameters:
    ///   - configuration: sender settings.
    ///   - database: the migrated billing database.
    ///   - transport: SMTP or the development mail folder.
    ///   - logger: receives one line per mail and per failure.
    ///   - now: the clock (injected for tests).
    public init(
        configuration: Configuration,
        database: any BillingDatabase,
        transport: any MailTransport,
        logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.database = database
        self.outbox = OutboxStore(database: database)
        self.transport = transport
        self.logger = logger
        self.now = now
    }

    /// Polls until graceful shutdown; a failing pass is logged and retried on the next poll.
    public func run() async throws {
        await pollUntilGracefulShutdown(
            every: configuration.pollInterval,
            logger: logger,
            failure: "outbox mail pass failed"
        ) {
            let report = try await drainOnce()
            BillingMetrics.outboxMessages(sender: "mail", outcome: "sent", count: report.sent)
            BillingMetrics.outboxMessages(sender: "mail", outcome: "retried", count: report.retried)
            BillingMetrics.outboxMessages(sender: "mail", outcome: "failed", count: report.failed)
            BillingMetrics.outboxMessages(sender: "mail", outcome: "canceled", count: report.canceled)
        }
    }

    /// Processes every row due at the clock's time once: expands triggers first, then delivers due steps (including
    /// ones just expanded). Rows another mailer has claimed are left to it.
    public func drainOnce() async throws -> DrainReport {
        var report = DrainReport()
        // Keys handled in this pass: a row that comes back (another mailer's lease on it ran out meanwhile, or a
        // later fact moved it back) is released and waits for the next pass, so a pass always ends.
        var handled: Set<String> = []
        while true {
            let triggers = try await unhandled(
                claim(kind: WinBackSequence.triggerKind, as: SubscriptionCanceledPayload.self),
                &handled
            )
            if triggers.isEmpty { break }
            for row in triggers { try await expandTrigger(row, report: &report) }
        }
        // Steps that fall due together go out in sequence order, not key order.
        let order = Dictionary(
            configuration.sequence.steps.enumerated().map { ($1.id, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        while true {
            let claimed = try await unhandled(
                claim(kind: WinBackSequence.stepKind, as: WinBackStepPayload.self),
                &handled
            )
            if claimed.isEmpty { break }
            let steps = claimed.sorted {
                ($0.sendAfter, order[$0.payload.step] ?? .max) < ($1.sendAfter, order[$1.payload.step] ?? .max)
            }
            for row in steps { try await deliverStep(row, report: &report) }
        }
        while true {
            let reminders = try await unhandled(
                claim(kind: OutboxMessage.trialEndingKind, as: TrialEndingPayload.self),
                &handled
            )
            if reminders.isEmpty { break }
            for row in reminders { try await deliverTrialReminder(row, report: &report) }
        }
        // Failures before recoveries: a recovery mail waits for its failure mail to be sent (or canceled).
        while true {
            let failures = try await unhandled(claim(kind: DunningMail.failedKind, as: DunningPayload.self), &handled)
            if failures.isEmpty { break }
            for row in failures { try await deliverPaymentFailed(row, report: &report) }
        }
        while true {
            let recoveries = try await unhandled(
                claim(kind: DunningMail.recoveredKind, as: DunningPayload.self),
                &handled
            )
            if recoveries.isEmpty { break }
            for row in recoveries { try await deliverPaymentRecovered(row, report: &report) }
        }
        return report
    }

    /// The rows not handled yet in this pass (now marked handled). A row that is due again after this pass handled
    /// it (a later fact moved its due time back) is released for the next pass rather than left claimed until its
    /// lease runs out.
    func unhandled<Payload: Sendable>(
        _ rows: [Claimed<Payload>],
        _ handled: inout Set<String>
    ) async throws -> [Claimed<Payload>] {
        var fresh: [Claimed<Payload>] = []
        for row in rows {
            if handled.insert(row.key).inserted {
                fresh.append(row)
            } else {
                try await outbox.postpone(row.key, sender: senderID, until: row.sendAfter)
            }
        }
        return fresh
    }

    /// A claimed row with its decoded payload.
    struct Claimed<Payload: Sendable>: Sendable {
        var key: String
        var payload: Payload
        var attempts: Int
        var sendAfter: Int64
    }

    /// Claims due rows of `kind`; a row whose payload does not decode as `Payload` is marked failed and left out.
    ///
    /// Handling a claimed row ends its claim (sent, postponed, retried later, failed or canceled) and leaves it not
    /// due at the same time, so ``drainOnce()`` claims again until nothing new is due.
    func claim<Payload: Decodable & Sendable>(
        kind: String,
        as type: Payload.Type
    ) async throws -> [Claimed<Payload>] {
        let millis = nowMillis()
        let rows = try await outbox.claimDue(
            kind: kind,
            sender: senderID,
            now: millis,
            leaseUntil: leaseEnd(from: millis),
            limit: configuration.batchSize
        )
        var claimed: [Claimed<Payload>] = []
        for row in rows {
            let key = row.message.dedupeKey
            do {
                let payload = try row.message.decodePayload(as: Payload.self)
                claimed.append(Claimed(key: key, payload: payload, attempts: row.attempts, sendAfter: row.sendAfter))
            } catch {
                try await outbox.markFailed(key, sender: senderID, now: millis, reason: "unreadable payload")
                logger.error("outbox payload unreadable", metadata: ["outbox.key": "\(key)"])
            }
        }
        return claimed
    }

    func nowMillis() -> Int64 { now().unixMilliseconds }

    func leaseEnd(from millis: Int64) -> Int64 {
        millis + configuration.claimLease.milliseconds
    }

    private func expandTrigger(_ row: Claimed<SubscriptionCanceledPayload>, report: inout DrainReport) async throws {
        let sequence = configuration.sequence
        let subscription = row.payload.subscription
        let millis = nowMillis()
        let expanded = try await database.transaction { sql in
            let state = try await SubscriptionState.load(subscription, on: sql)
            let count =
                state?.customerCameBack == true
                ? 0 : try await sequence.expand(subscriptionID: subscription, now: millis, on: sql)
            // Expanding twice is harmless (the steps' keys are unique), so a lost claim needs no rollback.
            try await OutboxStore.markSent(row.key, sender: senderID, now: millis, on: sql)
            return count
        }
        report.expanded += expanded > 0 ? 1 : 0
    }

    private func deliverStep(_ row: Claimed<WinBackStepPayload>, report: inout DrainReport) async throws {
        let subscription = row.payload.subscription
        let state = try await database.read { sql in try await SubscriptionState.load(subscription, on: sql) }
        guard let state else {
            try await retryLater(row, reason: "subscription not in projection yet", report: &report)
            return
        }
        if state.customerCameBack {
            let millis = nowMillis()
            report.canceled += try await database.transaction { sql in
                try await WinBackSequence.cancelPending(subscriptionID: subscription, now: millis, on: sql)
            }
            return
        }
        if row.payload.anchor == .subscriptionEnded, !state.ended {
            // The end event has not arrived yet; look again in an hour rather than mailing too early.
            try await outbox.postpone(row.key, sender: senderID, until: nowMillis() + 3_600_000)
            return
        }
        let formatter = state.formatting.applied(to: configuration.formatter)
        try await renderAndSend(
            winBackMail(step: row.payload.step, ended: state.ended),
            // Only a subscription without any end date lacks one; the sentence still reads.
            values: [
                "endDate": state.endsAt.map(formatter.date(unixSeconds:)) ?? "the last day of this billing period"
            ],
            for: state,
            row: row,
            report: &report
        )
    }

    /// Renders the win-back or trial mail `name` for the subscription's customer as the projection shows it now
    /// and sends it. Without a usable address the row is retried, since the customer's event may still be on its
    /// way.
    private func renderAndSend<Payload: Sendable>(
        _ name: String,
        values: [String: String],
        for state: SubscriptionState,
        row: Claimed<Payload>,
        report: inout DrainReport
    ) async throws {
        guard let email = state.email else {
            logger.notice("billing mail waits for its recipient", metadata: ["outbox.key": "\(row.key)"])
            try await retryLater(row, reason: "no recipient address yet", report: &report)
            return
        }
        try await renderAndSend(name, values: values, to: email, row: row, report: &report)
    }

    /// The template of a win-back step: its ended variant when the subscription has ended and there is one.
    private func winBackMail(step: String, ended: Bool) -> String {
        let variant = "winback-\(step)-ended"
        return ended && configuration.templates.contains(variant) ? variant : "winback-\(step)"
    }

    /// Reminds a trialing customer that the trial ends soon, unless the trial is over or was changed meanwhile (a
    /// canceled, paid or extended trial; an extended one has its own reminder under its own key).
    private func deliverTrialReminder(_ row: Claimed<TrialEndingPayload>, report: inout DrainReport) async throws {
        let subscription = row.payload.subscription
        let state = try await database.read { sql in try await SubscriptionState.load(subscription, on: sql) }
        guard let state, state.trialing, state.trialEnd == row.payload.trialEnd else {
            if try await outbox.cancel(row.key, sender: senderID, now: nowMillis()) { report.canceled += 1 }
            return
        }
        try await renderAndSend(
            MailTemplates.Name.trialEnding,
            values: [
                "trialEndDate": state.formatting.applied(to: configuration.formatter)
                    .date(unixSeconds: row.payload.trialEnd)
            ],
            for: state,
            row: row,
            report: &report
        )
    }
}
