public import Foundation
public import StripeAPI

/// The outer fields of a Stripe event, parsed from the raw webhook body.
public struct EventEnvelope: Sendable, Equatable {
    /// The event id (`evt_…`), the dedupe key.
    public var id: EventID
    /// The event type, such as `customer.subscription.updated`.
    public var type: String
    /// When Stripe created the event (Unix seconds); the version of the snapshot it carries.
    public var created: Int64
    /// Whether the event comes from live mode.
    public var livemode: Bool
    /// The API version `data.object` is rendered in.
    public var apiVersion: String?
    /// The id of `data.object`.
    public var objectID: String?

    /// Creates an envelope.
    public init(
        id: EventID,
        type: String,
        created: Int64,
        livemode: Bool,
        apiVersion: String? = nil,
        objectID: String? = nil
    ) {
        self.id = id
        self.type = type
        self.created = created
        self.livemode = livemode
        self.apiVersion = apiVersion
        self.objectID = objectID
    }

    /// Parses the envelope of an event body.
    /// - Throws: when the body is not JSON or lacks `id`, `type`, `created` or `data.object`.
    public static func parse(_ body: some DataProtocol) throws -> EventEnvelope {
        let wire = try JSONDecoder().decode(Wire.self, from: Data(body))
        guard !wire.id.isEmpty, !wire.type.isEmpty else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "empty event id or type"))
        }
        return EventEnvelope(
            id: EventID(wire.id),
            type: wire.type,
            created: wire.created,
            livemode: wire.livemode ?? false,
            apiVersion: wire.apiVersion,
            objectID: wire.data.object.id
        )
    }

    private struct Wire: Decodable {
        var id: String
        var type: String
        var created: Int64
        var livemode: Bool?
        var apiVersion: String?
        var data: DataField

        enum CodingKeys: String, CodingKey {
            case id, type, created, livemode, data
            case apiVersion = "api_version"
        }
    }

    private struct DataField: Decodable {
        var object: ObjectField
    }

    private struct ObjectField: Decodable {
        var id: String?
    }
}
