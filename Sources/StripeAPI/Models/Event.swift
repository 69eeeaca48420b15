public import Foundation

/// A Stripe event (`evt_…`), delivered to webhooks and listed by `GET /v1/events`.
///
/// `data.object` is kept as raw JSON because its type depends on ``type``; decode it with ``object(as:)``.
public struct Event: StripeIdentifiable, Equatable {
    public var id: EventID
    public var type: EventType
    /// When it happened.
    public var created: Date
    /// Whether it lives in live mode.
    public var livemode: Bool
    /// The API version `data` was rendered with (fixed forever).
    public var apiVersion: String?
    public var data: EventData
    /// The API request that caused the event; nil or with a nil id for automatic changes such as renewals.
    public var request: Request?
    /// Endpoints that have not acknowledged the event yet.
    public var pendingWebhooks: Int

    /// Decodes `data.object` as a typed model, such as ``Subscription`` for `customer.subscription.updated`.
    /// - Throws: `DecodingError` when the object has another shape.
    public func object<T: Decodable>(as type: T.Type = T.self) throws -> T {
        try data.object.decode(as: T.self)
    }

    /// An event's payload.
    public struct EventData: Codable, Sendable, Equatable {
        /// The resource as of the event.
        public var object: JSONValue
        /// On `*.updated` events, the old values of the keys that changed (whole arrays when an element changed).
        public var previousAttributes: JSONValue?

        /// Creates a payload.
        public init(object: JSONValue, previousAttributes: JSONValue? = nil) {
            self.object = object
            self.previousAttributes = previousAttributes
        }

        enum CodingKeys: String, CodingKey {
            case object
            case previousAttributes = "previous_attributes"
        }
    }

    /// The request behind an event.
    public struct Request: Codable, Sendable, Equatable {
        /// `req_…`; nil for automatic changes.
        public var id: String?
        public var idempotencyKey: String?

        /// Creates a request reference.
        public init(id: String? = nil, idempotencyKey: String? = nil) {
            self.id = id
            self.idempotencyKey = idempotencyKey
        }

        enum CodingKeys: String, CodingKey {
            case id
            case idempotencyKey = "idempotency_key"
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, type, created, livemode, data, request
        case apiVersion = "api_version"
        case pendingWebhooks = "pending_webhooks"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(EventID.self, forKey: .id)
        type = try c.decode(EventType.self, forKey: .type)
        created = try c.decode(Date.self, forKey: .created)
        livemode = try c.decodeIfPresent(Bool.self, forKey: .livemode) ?? false
        apiVersion = try c.decodeIfPresent(String.self, forKey: .apiVersion)
        data = try c.decode(EventData.self, forKey: .data)
        request = try c.decodeIfPresent(Request.self, forKey: .request)
        pendingWebhooks = try c.decodeIfPresent(Int.self, forKey: .pendingWebhooks) ?? 0
    }
}
