/// One event to send to one endpoint.
struct WebhookDelivery: Sendable {
    let eventID: String
    let eventType: String
    let endpointID: String
    let url: String
    let secret: String
    let payload: [UInt8]
}

/// The producer side of the dispatcher's queue; the store enqueues, the dispatcher service consumes.
struct WebhookQueue: Sendable {
    let stream: AsyncStream<WebhookDelivery>
    private let continuation: AsyncStream<WebhookDelivery>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: WebhookDelivery.self)
    }

    func enqueue(_ delivery: WebhookDelivery) {
        continuation.yield(delivery)
    }

    func finish() {
        continuation.finish()
    }
}
