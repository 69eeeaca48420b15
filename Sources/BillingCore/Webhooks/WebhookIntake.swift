public import Foundation
public import Logging
public import StripeAPI

/// Receives Stripe webhook deliveries: size cap → signature → envelope → durable insert-if-absent → outcome.
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
    ///   - groupCommit: on SQLite, concurrent deliveries share one commit (each still waits for it); see
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
        guard body.count <= maxBodyBytes else { return reject(.payloadTooLarge, detail: "\(body.count) bytes") }
        do {
            try verifier.verify(payload: body, header: signature, now: now)
        } catch let error {
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
        if let expectedLivemode, envelope.livemode != expectedLivemode {
            return reject(.livemodeMismatch, detail: "event livemode \(envelope.livemode)")
        }
        let payload = String(decoding: body, as: UTF8.self)
        let inserted: Bool
        do {
            inserted = try await writer.write(
                envelope,
                payload: payload,
                receivedAt: Int64(now.timeIntervalSince1970 * 1000)
            )
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
