extension StripeClient {
    /// Event endpoints (`/v1/events`).
    public var events: Events { Events(client: self) }
}

/// Event endpoints (`/v1/events`); events stay retrievable for 30 days, which makes them the recovery path for
/// missed webhooks.
public struct Events: Sendable {
    let client: StripeClient

    /// Retrieves an event (`GET /v1/events/{id}`).
    /// - Throws: ``StripeError`` with `code == "resource_missing"` for an unknown or expired id.
    public func retrieve(_ id: EventID) async throws -> Event {
        try await client.send(.GET, "/v1/events/\(id)")
    }

    /// Lists one page of events, newest first (`GET /v1/events`).
    public func list(_ parameters: EventListParameters = EventListParameters()) async throws -> StripeList<Event> {
        try await client.send(.GET, "/v1/events", parameters: parameters)
    }

    /// Every event matching the filters, fetched page by page as the sequence is consumed.
    public func all(
        _ parameters: EventListParameters = EventListParameters(),
        pageSize: Int = 100
    ) -> StripePages<Event> {
        StripePages(pageSize: pageSize) { limit, startingAfter in
            var page = parameters
            page.limit = limit
            page.startingAfter = startingAfter
            return try await list(page)
        }
    }
}

/// Filters for `GET /v1/events`.
public struct EventListParameters: Encodable, Sendable {
    /// One type, or a wildcard such as `customer.subscription.*`; not together with ``types``.
    public var type: EventType?
    /// Up to 20 exact types.
    public var types: [EventType]?
    public var created: DateFilter?
    /// `false` lists events still pending or failed for some endpoint.
    public var deliverySuccess: Bool?
    public var limit: Int?
    public var startingAfter: String?
    public var endingBefore: String?

    /// Creates filters.
    public init(
        type: EventType? = nil,
        types: [EventType]? = nil,
        created: DateFilter? = nil,
        deliverySuccess: Bool? = nil,
        limit: Int? = nil,
        startingAfter: String? = nil,
        endingBefore: String? = nil
    ) {
        self.type = type
        self.types = types
        self.created = created
        self.deliverySuccess = deliverySuccess
        self.limit = limit
        self.startingAfter = startingAfter
        self.endingBefore = endingBefore
    }

    enum CodingKeys: String, CodingKey {
        case type, types, created, limit
        case deliverySuccess = "delivery_success"
        case startingAfter = "starting_after"
        case endingBefore = "ending_before"
    }
}
