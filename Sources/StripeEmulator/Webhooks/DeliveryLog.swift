import StripeAPI

/// Every webhook delivery attempt, for `GET /_emulator/deliveries` and for tests.
public actor DeliveryLog {
    /// One attempt to deliver one event to one endpoint.
    public struct Attempt: Sendable {
        /// The event id (`evt_…`).
        public let eventID: String
        /// The event type.
        public let eventType: String
        /// The endpoint id (`we_…`).
        public let endpointID: String
        /// The endpoint URL.
        public let url: String
        /// 1 for the first try.
        public let attempt: Int
        /// The HTTP status, when a response arrived.
        public let status: Int?
        /// Why the attempt failed (timeout, connection refused, non-2xx).
        public let error: String?
        /// Whether the endpoint acknowledged with a 2xx.
        public let succeeded: Bool
        /// When the attempt finished (Unix seconds, wall clock).
        public let at: Int

        var json: JSONValue {
            [
                "event": .string(eventID), "type": .string(eventType), "endpoint": .string(endpointID),
                "url": .string(url), "attempt": .int(attempt), "status": .int(status), "error": .text(error),
                "succeeded": .bool(succeeded), "at": .int(at),
            ]
        }
    }

    private var attempts: [Attempt] = []
    private static let capacity = 10_000

    /// Creates an empty log.
    public init() {}

    func record(_ attempt: Attempt) {
        attempts.append(attempt)
        if attempts.count > Self.capacity { attempts.removeFirst(attempts.count - Self.capacity) }
    }

    /// Attempts in the order they happened, optionally for one event.
    public func all(eventID: String? = nil) -> [Attempt] {
        guard let eventID else { return attempts }
        return attempts.filter { $0.eventID == eventID }
    }

    /// The attempts as the deliveries endpoint renders them.
    func json(eventID: String?) -> JSONValue {
        ["object": "list", "data": .array(all(eventID: eventID).map(\.json))]
    }
}
