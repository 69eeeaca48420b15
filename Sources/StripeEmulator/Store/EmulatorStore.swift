public import Foundation
import NIOCore
import StripeAPI

/// The emulator's state, owned by one actor so every request is one serialized transaction.
public actor EmulatorStore {
    private var state: EmulatorState
    private let clock: EmulatorClock
    private let queue: WebhookQueue
    private var dirty = false
    /// Encoded bodies of unchanged objects, read by retrieve routes without entering the actor.
    nonisolated let published = PublishedBodies()

    init(state: EmulatorState, clock: EmulatorClock, queue: WebhookQueue) {
        self.state = state
        self.clock = clock
        self.queue = queue
    }

    /// Runs one transaction against the state; events it emits are queued for webhook delivery afterwards.
    func perform<T: Sendable>(
        requestID: String? = nil,
        idempotencyKey: String? = nil,
        _ body: @Sendable (inout EmulatorState) throws(StripeAPIError) -> T
    ) throws(StripeAPIError) -> T {
        state.realtimeNow = max(state.realtimeNow, clock.now())
        state.currentRequestID = requestID
        state.currentIdempotencyKey = idempotencyKey
        defer {
            state.currentRequestID = nil
            state.currentIdempotencyKey = nil
            published.drop(state.objects.takeChanged())
            flushOutbox()
        }
        return try body(&state)
    }

    /// Runs a mutating transaction and marks the state for saving.
    func mutate<T: Sendable>(
        requestID: String? = nil,
        idempotencyKey: String? = nil,
        _ body: @Sendable (inout EmulatorState) throws(StripeAPIError) -> T
    ) throws(StripeAPIError) -> T {
        dirty = true
        return try perform(requestID: requestID, idempotencyKey: idempotencyKey, body)
    }

    private func flushOutbox() {
        guard !state.outbox.isEmpty else { return }
        let ids = state.outbox
        state.outbox.removeAll()
        for id in ids {
            guard let event = state.objects[id], let type = event.string("type") else { continue }
            let payload = JSONWriter.bytes(.object(event))
            for endpoint in state.endpointsReceiving(type) {
                guard let endpointID = endpoint.string("id"), let url = endpoint.string("url"),
                    let secret = state.endpointSecrets[endpointID]
                else { continue }
                queue.enqueue(
                    WebhookDelivery(
                        eventID: id,
                        eventType: type,
                        endpointID: endpointID,
                        url: url,
                        secret: secret,
                        payload: payload
                    )
                )
            }
        }
    }

    /// Runs renewals, trial ends and scheduled cancellations that are due on the emulator's own clock.
    public func tick() {
        let now = clock.now()
        state.realtimeNow = max(state.realtimeNow, now)
        let before = state.order["event"]?.count ?? 0
        state.advanceTime(clock: nil, to: state.realtimeNow)
        if (state.order["event"]?.count ?? 0) != before { dirty = true }
        published.drop(state.objects.takeChanged())
        flushOutbox()
    }

    /// Sets the base URL used in `hosted_invoice_url` and `invoice_pdf` (once the listening port is known).
    public func setPublicBaseURL(_ url: String) {
        var trimmed = url
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        state.publicBaseURL = trimmed
    }

    /// Creates a webhook endpoint, or returns the existing one for the same URL (so restarts keep the secret) with
    /// its event types set to `events`.
    /// - Parameters:
    ///   - url: where events are POSTed.
    ///   - events: event types, `*` for all.
    ///   - secret: a fixed signing secret, or nil to generate one.
    /// - Returns: the endpoint id and its signing secret.
    public func ensureWebhookEndpoint(
        url: String,
        events: [String] = ["*"],
        secret: String? = nil
    ) throws -> (id: String, secret: String) {
        for id in state.order["webhook_endpoint"] ?? [] {
            guard let endpoint = state.objects[id], endpoint.string("url") == url,
                let existing = state.endpointSecrets[id]
            else { continue }
            if secret == nil || secret == existing {
                if endpoint["enabled_events"] != .array(events.map(JSONValue.string)) {
                    _ = try mutate { state throws(StripeAPIError) in
                        try state.updateWebhookEndpoint(
                            id,
                            Params(["enabled_events": .array(events.map(FormNode.string))])
                        )
                    }
                }
                return (id, existing)
            }
        }
        let endpoint = try mutate { state throws(StripeAPIError) in
            try state.createWebhookEndpoint(
                Params(["url": .string(url), "enabled_events": .array(events.map(FormNode.string))]),
                secret: secret
            )
        }
        return (endpoint.string("id")!, endpoint.string("secret")!)
    }

    /// Whether an endpoint still exists and is enabled (deliveries to deleted or disabled endpoints stop).
    func endpointIsActive(_ id: String) -> Bool {
        state.objects[id]?.string("status") == "enabled"
    }

    /// Lowers the event's `pending_webhooks` once an endpoint acknowledged it.
    func markDelivered(eventID: String) {
        guard var event = state.objects[eventID], let pending = event.int("pending_webhooks"), pending > 0 else {
            return
        }
        event["pending_webhooks"] = .int(pending - 1)
        state.objects[eventID] = event
        published.drop(state.objects.takeChanged())
        dirty = true
    }

    /// The state when it changed since the last call, for saving.
    ///
    /// Returns the state itself, a copy-on-write value that costs nothing to hand out, so the caller encodes it off
    /// the store: encoding a few thousand objects held every API request behind it for milliseconds.
    func takeSnapshotIfDirty() -> EmulatorState? {
        guard dirty else { return nil }
        dirty = false
        return state
    }

    /// The whole state as JSON.
    public func snapshot() throws -> Data {
        Data(try state.stateFileBytes())
    }

    /// Encodes a stored object of `kind` as its response body and publishes it for later reads.
    /// - Returns: the body, or nil when there is no such object of that kind.
    func encodedBody(_ id: String, kind: String) -> ByteBuffer? {
        guard let tree = state.objects[id], tree.string("object") == kind else { return nil }
        let body = ByteBuffer(bytes: JSONWriter.bytes(.object(tree)))
        published.publish(id, kind: kind, body: body)
        return body
    }

    /// Whether an encoding of an object is published (it is dropped whenever the object changes).
    func hasEncodedBody(_ id: String) -> Bool {
        published.contains(id)
    }

    /// Reads one object as the API would return it, for hosted pages and tests.
    func object(_ id: String) -> JSONObject? {
        state.objects[id]
    }
}
