public import Foundation

/// A webhook endpoint (`we_…`): a URL Stripe posts events to, signed with the endpoint's secret.
///
/// ``secret`` is only returned by create; `description` and `debugDescription` redact it.
public struct WebhookEndpoint: StripeIdentifiable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public var id: WebhookEndpointID
    public var url: String
    /// The event types delivered; `["*"]` means all.
    public var enabledEvents: [EventType]
    /// The signing secret (`whsec_…`), present only in the create response.
    public var secret: String?
    public var status: Status
    /// The API version payloads are rendered with; nil means the account default.
    public var apiVersion: String?
    /// A note about the endpoint (Stripe's field, not Swift's `description`).
    public var endpointDescription: String?
    public var metadata: Metadata
    /// When it was created.
    public var created: Date?
    /// Whether it lives in live mode.
    public var livemode: Bool

    public var description: String {
        "WebhookEndpoint(id: \(id), url: \(url), status: \(status), secret: \(secret == nil ? "nil" : "<redacted>"))"
    }

    public var debugDescription: String { description }

    /// Whether an endpoint receives events.
    public struct Status: StripeEnum {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let enabled: Self = "enabled"
        public static let disabled: Self = "disabled"
    }

    enum CodingKeys: String, CodingKey {
        case id, url, secret, status, metadata, created, livemode
        case enabledEvents = "enabled_events"
        case apiVersion = "api_version"
        case endpointDescription = "description"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(WebhookEndpointID.self, forKey: .id)
        url = try c.decode(String.self, forKey: .url)
        enabledEvents = try c.decodeIfPresent([EventType].self, forKey: .enabledEvents) ?? []
        secret = try c.decodeIfPresent(String.self, forKey: .secret)
        status = try c.decodeIfPresent(Status.self, forKey: .status) ?? .enabled
        apiVersion = try c.decodeIfPresent(String.self, forKey: .apiVersion)
        endpointDescription = try c.decodeIfPresent(String.self, forKey: .endpointDescription)
        metadata = try c.decodeMetadata(forKey: .metadata)
        created = try c.decodeIfPresent(Date.self, forKey: .created)
        livemode = try c.decodeIfPresent(Bool.self, forKey: .livemode) ?? false
    }
}
