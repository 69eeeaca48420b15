public import Foundation
public import Logging
public import StripeAPI
import Tracing

/// Receives Stripe webhook deliveries: size cap → signature → envelope → durable insert-if-absent → outcome.
///
/// Each delivery is one `billing.webhook.receive` span (children `billing.webhook.verify` and
/// `billing.webhook.store`; attributes `stripe.event_id`, `stripe.event_type`) and counts in
/// `billing_webhook_deliveries_total{outcome}` and `billing_webhook_intake_duration_seconds`.
///
/// Framework-agnostic: a web layer passes the raw body bytes and the `Stripe-Signature` header and answers with
/// ``WebhookIntakeOutcome/httpStatus``. Nothing is acknowledged before it is committed; processing happens later
/// in ``EventProcessor``.
public struct WebhookIntake: Sendable {
    /// The largest accepted body; Stripe events are far smaller than the 256 KiB default.
    public let maxBodyBytes: Int
    private let verifier: WebhookVerifier
    private let expectedLivemode: Bool?
    private let writer: EventWriter
    private let doorbell: EventDoorbell?
    private let logger: Logger

    /// Creates an intake.
    /// - Parameters:
    ///   - verifier: checks signatures against every configured secret with a tolerance.
    ///   - expectedLivemode: the mode of the configured API key; events of the other mode are rejected. Nil accepts
    ///     both (only for tools).
    ///   - eventLog: where events are stored.
    ///   - maxBodyBytes: the size cap.
    ///   - groupCommit: concurrent deliveries share one multi-row insert and commit (each still waits for it); see
    ///     ``EventWriter``.
    ///   - doorbell: rung after each newly stored event, to wake the ``EventProcessor`` of this process.
    ///   - logger: receives one line per rejected delivery (never the body or a secret).
    public init(
        verifier: WebhookVerifier,
        expectedLivemode: Bool?,
        eventLog: EventLog,
        maxBodyBytes: Int = 256 * 1024,
        groupCommit: Bool = true,
        doorbell: EventDoorbell? = nil,
        logger: Logger
    ) {
        self.doorbell = doorbell
        self.verifier = verifier
        self.expectedLivemode = expectedLivemode
        self.writer = EventWriter(eventLog: eventLog, groupCommit: groupCommit)
        self.maxBodyBytes = maxBodyBytes
        self.logger = logger
    }

    /// Handles one delivery.
    /// - Parameters:
    ///   - body: the raw request body, exactly as received.
    ///   - signature: the `Stripe-Signature` header, nil when absent.
    ///   - now: the current time (injected for tests).
    /// - Returns: the outcome; its status is what to answer.
    public func receive(body: some DataProtocol, signature: String?, now: Date) async -> WebhookIntakeOutcome {
        let started = ContinuousClock.now
        let outcome = await withSpan("billing.webhook.receive") { span in
            let outcome = await intake(body: body, signature: signature, now: now, span: span)
            span.attributes["billing.webhook.outcome"] = outcome.metricLabel
            return outcome
        }
        BillingMetrics.webhookDelivery(outcome)
        BillingMetrics.webhookIntakeDuration(ContinuousClock.now - started)
        return outcome
    }

    /// Counts a delivery the web layer refused before reading all of it (its body ran over the cap), so the
    /// deliveries metric sees every 413.
    package func recordOversize() {
        BillingMetrics.webhookDelivery(.rejected(.payloadTooLarge))
    }

    private func intake(
        body: some DataProtocol,
        signature: String?,
        now: Date,
        span: any Span
    ) async -> WebhookIntakeOutcome {
        guard body.count <= maxBodyBytes else { return reject(.payloadTooLarge, detail: "\(body.count) bytes") }
        let verification: Result<Void, WebhookVerificationError> = withSpan("billing.webhook.verify") { _ in
            do throws(WebhookVerificationError) {
                try verifier.verify(payload: body, header: signature, now: now)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        if case .failure(let error) = verification {
            switch error {
            case .timestampTooOld, .timestampInFuture:
                return reject(.timestampOutsideTolerance, detail: error.description)
            default:
                return reject(.invalidSignature, detail: error.description)
            }
        }
        let envelope: EventEnvelope
        do {
            envelope = try EventEnvelope.parse(body)
        } catch {
            return reject(.malformedPayload, detail: "not a Stripe event")
        }
        span.attributes["stripe.event_id"] = envelope.id.rawValue
        span.attributes["stripe.event_type"] = envelope.type
        if let expectedLivemode, envelope.livemode != expectedLivemode {
            return reject(.livemodeMismatch, detail: "event livemode \(envelope.livemode)")
        }
        let payload = String(decoding: body, as: UTF8.self)
        let inserted: Bool
        do {
            inserted = try await withSpan("billing.webhook.store") { storeSpan in
                storeSpan.attributes["stripe.event_id"] = envelope.id.rawValue
                return try await writer.write(
                    envelope,
                    payload: payload,
                    receivedAt: Int64(now.timeIntervalSince1970 * 1000)
                )
            }
        } catch {
            logger.error(
                "webhook event could not be stored; answering 503 so Stripe retries",
                metadata: ["stripe.event_id": "\(envelope.id)", "error": "\(error)"]
            )
            return .storeUnavailable
        }
        guard inserted else { return .duplicate(envelope.id) }
        doorbell?.ring()
        return HandledEventTypes.isHandled(envelope.type) ? .accepted(envelope.id) : .acceptedUnhandled(envelope.id)
    }

    private func reject(_ reason: WebhookIntakeOutcome.Rejection, detail: String) -> WebhookIntakeOutcome {
        logger.notice("webhook rejected", metadata: ["reason": "\(reason.rawValue)", "detail": "\(detail)"])
        return .rejected(reason)
    }
}
