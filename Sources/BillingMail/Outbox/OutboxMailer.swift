public import BillingCore
public import BillingDatabase
import Foundation
public import Logging
import SQLKit
public import ServiceLifecycle

/// Drains win-back rows from `outbox_messages`: expands each `subscription-canceled:<sub>` trigger into its
/// `winback:<sub>:<step>` rows, and delivers due steps with retries and exponential backoff.
///
/// Before sending a step it re-reads the projection: a renewed subscription (cancellation undone) or a new active
/// subscription of the same customer cancels all pending steps; an end-anchored step waits until the subscription
/// has ended. Transient failures (4xx, dropped connections) are retried up to ``Configuration/maxAttempts``;
/// permanent ones (5xx) set `failed_at`.
public struct OutboxMailer: Service {
    /// Sender settings.
    public struct Configuration: Sendable {
        /// The `From:` address.
        public var from: MailAddress
        /// The steps to schedule.
        public var sequence: WinBackSequence
        /// The mail texts.
        public var templates: WinBackTemplates
        /// The app's public URL, used in links.
        public var billingURL: String
        /// Attempts before a transiently failing mail is marked failed.
        public var maxAttempts: Int
        /// The first retry delay; doubled per attempt, capped at one hour.
        public var retryBase: Duration
        /// How often to look for due rows.
        public var pollInterval: Duration

        /// Creates a configuration.
        public init(
            from: MailAddress,
            sequence: WinBackSequence = .standard,
            templates: WinBackTemplates = .standard,
            billingURL: String,
            maxAttempts: Int = 8,
            retryBase: Duration = .seconds(30),
            pollInterval: Duration = .seconds(5)
        ) {
            self.from = from
            self.sequence = sequence
            self.templates = templates
            self.billingURL = billingURL
            self.maxAttempts = maxAttempts
            self.retryBase = retryBase
            self.pollInterval = pollInterval
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
        /// Steps canceled because the customer came back.
        public var canceled = 0
    }

    private let configuration: Configuration
    private let database: any BillingDatabase
    private let transport: any MailTransport
    private let logger: Logger

    /// Creates the service.
    public init(
        configuration: Configuration,
        database: any BillingDatabase,
        transport: any MailTransport,
        logger: Logger
    ) {
        self.configuration = configuration
        self.database = database
        self.transport = transport
        self.logger = logger
    }

    /// Polls until graceful shutdown; a failing pass is logged and retried on the next poll.
    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    _ = try await drainOnce(now: Self.nowMillis())
                } catch {
                    logger.warning("outbox mail pass failed", metadata: ["error": "\(type(of: error))"])
                }
                try await Task.sleep(for: configuration.pollInterval)
            }
        }
    }

    /// Processes every due row once: expands triggers first, then delivers due steps (including ones just
    /// expanded); `now` is Unix milliseconds.
    public func drainOnce(now: Int64) async throws -> DrainReport {
        var report = DrainReport()
        for row in try await pending(kind: WinBackSequence.triggerKind, now: now) {
            try await expandTrigger(row, now: now, report: &report)
        }
        // Steps that fall due together go out in sequence order, not key order.
        let order = Dictionary(
            configuration.sequence.steps.enumerated().map { ($1.id, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        let steps = try await pending(kind: WinBackSequence.stepKind, now: now).sorted {
            ($0.sendAfter, order[$0.step] ?? .max) < ($1.sendAfter, order[$1.step] ?? .max)
        }
        for row in steps {
            try await deliverStep(row, now: now, report: &report)
        }
        return report
    }

    private func pending(kind: String, now: Int64) async throws -> [PendingRow] {
        try await database.read { sql in
            try await sql.raw(
                """
                SELECT dedupe_key, kind, subject_id, payload, attempts, send_after FROM outbox_messages \
                WHERE sent_at IS NULL AND canceled_at IS NULL AND failed_at IS NULL AND send_after <= \(bind: now) \
                AND kind = \(bind: kind) ORDER BY send_after, dedupe_key LIMIT 100
                """
            ).all().map { row in
                PendingRow(
                    key: try row.decode(column: "dedupe_key", as: String.self),
                    kind: try row.decode(column: "kind", as: String.self),
                    subscriptionID: try row.decode(column: "subject_id", as: String.self),
                    payload: try row.decode(column: "payload", as: String.self),
                    attempts: Int(try row.decode(column: "attempts", as: Int64.self)),
                    sendAfter: try row.decode(column: "send_after", as: Int64.self)
                )
            }
        }
    }

    private struct PendingRow: Sendable {
        var key: String
        var kind: String
        var subscriptionID: String
        var payload: String
        var attempts: Int
        var sendAfter: Int64

        var step: String { key.split(separator: ":").last.map(String.init) ?? "" }
        var endAnchored: Bool { payload.contains(#""anchor":"subscription_ended""#) }
    }

    private func expandTrigger(_ row: PendingRow, now: Int64, report: inout DrainReport) async throws {
        let sequence = configuration.sequence
        let expanded = try await database.transaction { sql in
            let state = try await SubscriptionState.load(row.subscriptionID, on: sql)
            let count =
                state?.customerCameBack == true
                ? 0 : try await sequence.expand(subscriptionID: row.subscriptionID, now: now, on: sql)
            try await sql.raw(
                "UPDATE outbox_messages SET sent_at = \(bind: now), attempts = attempts + 1 WHERE dedupe_key = \(bind: row.key)"
            ).run()
            return count
        }
        report.expanded += expanded > 0 ? 1 : 0
    }

    private func deliverStep(_ row: PendingRow, now: Int64, report: inout DrainReport) async throws {
        let state = try await database.read { sql in try await SubscriptionState.load(row.subscriptionID, on: sql) }
        guard let state else {
            try await markFailed(row, now: now, reason: "subscription not in projection")
            report.failed += 1
            return
        }
        if state.customerCameBack {
            report.canceled += try await database.transaction { sql in
                try await WinBackSequence.cancelPending(subscriptionID: row.subscriptionID, now: now, on: sql)
            }
            return
        }
        if row.endAnchored, !state.ended {
            // The end event has not arrived yet; look again in an hour rather than mailing too early.
            try await update(row, "send_after = \(now + 3_600_000)")
            return
        }
        guard let email = state.email, let recipient = try? MailAddress(email),
            let rendered = configuration.templates.render(
                step: row.step,
                values: ["billingURL": configuration.billingURL, "email": email]
            )
        else {
            try await markFailed(row, now: now, reason: "no recipient address or template")
            report.failed += 1
            return
        }
        let message = MailMessage(
            from: configuration.from,
            to: [recipient],
            subject: rendered.subject,
            text: rendered.text,
            html: rendered.html,
            messageID: "\(row.key.replacingOccurrences(of: ":", with: "."))@\(configuration.from.domain)"
        )
        do {
            try await transport.deliver(message)
            try await update(row, "sent_at = \(now), attempts = attempts + 1, last_error = NULL")
            report.sent += 1
            logger.info("win-back mail sent", metadata: ["outbox.key": "\(row.key)"])
        } catch {
            let mailError = error as? MailError
            let transient = mailError?.isTransient ?? true
            let detail = mailError?.detail ?? "\(type(of: error))"
            if transient, row.attempts + 1 < configuration.maxAttempts {
                let delay = retryDelay(afterAttempt: row.attempts + 1)
                try await database.transaction { sql in
                    try await sql.raw(
                        """
                        UPDATE outbox_messages SET attempts = attempts + 1, last_error = \(bind: detail), \
                        send_after = \(bind: now + delay) WHERE dedupe_key = \(bind: row.key)
                        """
                    ).run()
                }
                report.retried += 1
            } else {
                try await markFailed(row, now: now, reason: detail)
                report.failed += 1
            }
            logger.warning("win-back mail not delivered", metadata: ["outbox.key": "\(row.key)", "error": "\(detail)"])
        }
    }

    /// Milliseconds before the next attempt: `retryBase · 2^(attempt-1)`, at most one hour.
    func retryDelay(afterAttempt attempt: Int) -> Int64 {
        let base = configuration.retryBase.components
        let baseMillis = base.seconds * 1000 + base.attoseconds / 1_000_000_000_000_000
        return min(baseMillis << min(attempt - 1, 20), 3_600_000)
    }

    private func markFailed(_ row: PendingRow, now: Int64, reason: String) async throws {
        try await database.transaction { sql in
            try await sql.raw(
                """
                UPDATE outbox_messages SET failed_at = \(bind: now), attempts = attempts + 1, \
                last_error = \(bind: reason) WHERE dedupe_key = \(bind: row.key)
                """
            ).run()
        }
    }

    private func update(_ row: PendingRow, _ assignments: String) async throws {
        try await database.transaction { sql in
            try await sql.raw(
                "UPDATE outbox_messages SET \(unsafeRaw: assignments) WHERE dedupe_key = \(bind: row.key)"
            )
            .run()
        }
    }

    private static func nowMillis() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}
