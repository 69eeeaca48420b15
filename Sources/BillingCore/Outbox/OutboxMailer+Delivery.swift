import BillingMail
import BillingSupport
import Foundation
import Logging

extension OutboxMailer {
    /// Renders the mail `name` with `values` and the values every mail has, and sends it to `email`. Without a
    /// template the row fails at once; an unusable address is retried (a later customer event may correct it).
    func renderAndSend<Payload: Sendable>(
        _ name: String,
        values: [String: String],
        to email: String,
        row: Claimed<Payload>,
        report: inout DrainReport
    ) async throws {
        guard let recipient = try? MailAddress(email) else {
            logger.notice("billing mail waits for a usable address", metadata: ["outbox.key": "\(row.key)"])
            try await retryLater(row, reason: "recipient address unusable", report: &report)
            return
        }
        let common = [
            "productName": configuration.productName,
            "supportAddress": configuration.supportAddress,
            "billingURL": configuration.billingURL,
            "email": email,
        ]
        let rendered: RenderedMail
        do {
            rendered = try configuration.templates.render(name, values: common.merging(values) { _, own in own })
        } catch {
            if try await outbox.markFailed(row.key, sender: senderID, now: nowMillis(), reason: "\(error)") {
                report.failed += 1
            }
            return
        }
        try await send(rendered, to: recipient, row: row, report: &report)
    }

    /// Sends one claimed mail and records the outcome while the claim is still this mailer's.
    func send<Payload: Sendable>(
        _ rendered: RenderedMail,
        to recipient: MailAddress,
        row: Claimed<Payload>,
        report: inout DrainReport
    ) async throws {
        let message = MailMessage(
            from: configuration.from,
            to: [recipient],
            subject: rendered.subject,
            text: rendered.text,
            html: rendered.html,
            messageID: "\(row.key.replacingOccurrences(of: ":", with: "."))@\(configuration.from.domain)"
        )
        // The claim may have expired while earlier rows of the batch were sent; renewing it right before the send
        // proves no other mailer has taken the row over (or sent, canceled or failed it) meanwhile.
        guard try await outbox.renewClaim(row.key, sender: senderID, until: leaseEnd(from: nowMillis())) else {
            logger.debug("outbox claim lost before sending", metadata: ["outbox.key": "\(row.key)"])
            return
        }
        do {
            try await transport.deliver(message)
        } catch {
            try await recordFailure(error, of: row, report: &report)
            return
        }
        if try await outbox.markSent(row.key, sender: senderID, now: nowMillis()) {
            report.sent += 1
            logger.info("billing mail sent", metadata: ["outbox.key": "\(row.key)"])
        } else {
            // Our lease ran out during the delivery and another mailer took the row over: it may send it once more.
            logger.warning("billing mail sent after its claim was lost", metadata: ["outbox.key": "\(row.key)"])
        }
    }

    func recordFailure<Payload: Sendable>(
        _ error: any Error,
        of row: Claimed<Payload>,
        report: inout DrainReport
    ) async throws {
        let mailError = error as? MailError
        let detail = mailError?.detail ?? "\(type(of: error))"
        if mailError?.isTransient ?? true {
            try await retryLater(row, reason: detail, report: &report)
        } else if try await outbox.markFailed(row.key, sender: senderID, now: nowMillis(), reason: detail) {
            report.failed += 1
        }
        logger.warning("billing mail not delivered", metadata: ["outbox.key": "\(row.key)", "error": "\(detail)"])
    }

    /// Counts an attempt and schedules the next one with backoff, or marks the row failed after the last attempt.
    func retryLater<Payload: Sendable>(
        _ row: Claimed<Payload>,
        reason: String,
        report: inout DrainReport
    ) async throws {
        let millis = nowMillis()
        if row.attempts + 1 < configuration.maxAttempts {
            let retryAt = millis + retryDelay(afterAttempt: row.attempts + 1)
            if try await outbox.recordRetry(row.key, sender: senderID, error: reason, retryAt: retryAt) {
                report.retried += 1
            }
        } else if try await outbox.markFailed(row.key, sender: senderID, now: millis, reason: reason) {
            report.failed += 1
        }
    }

    /// Milliseconds before the next attempt: `retryBase · 2^(attempt-1)`, at most one hour.
    func retryDelay(afterAttempt attempt: Int) -> Int64 {
        configuration.retryBase.backoffMilliseconds(afterAttempt: attempt)
    }
}
