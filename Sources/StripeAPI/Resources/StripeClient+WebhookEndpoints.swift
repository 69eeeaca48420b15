extension StripeClient {
    /// Webhook endpoint endpoints (`/v1/webhook_endpoints`).
    public var webhookEndpoints: WebhookEndpoints { WebhookEndpoints(client: self) }
}

/// Webhook endpoint endpoints (`/v1/webhook_endpoints`).
public struct WebhookEndpoints: Sendable {
    let client: StripeClient

    /// Creates an endpoint (`POST /v1/webhook_endpoints`). The response is the only one carrying the signing
    /// secret: store it at once.
    public func create(
        _ parameters: WebhookEndpointCreateParameters,
        options: RequestOptions = RequestOptions()
    ) async throws -> WebhookEndpoint {
        try await client.send(.POST, "/v1/webhook_endpoints", parameters: parameters, options: options)
    }

    /// Retrieves an endpoint (`GET /v1/webhook_endpoints/{id}`).
    /// - Throws: ``StripeError`` with `code == "resource_missing"` for an unknown id.
    public func retrieve(_ id: WebhookEndpointID) async throws -> WebhookEndpoint {
        try await client.send(.GET, "/v1/webhook_endpoints/\(id)")
    }

    /// Updates an endpoint (`POST /v1/webhook_endpoints/{id}`).
    public func update(
        _ id: WebhookEndpointID,
        _ parameters: WebhookEndpointUpdateParameters,
        options: RequestOptions = RequestOptions()
    ) async throws -> WebhookEndpoint {
        try await client.send(.POST, "/v1/webhook_endpoints/\(id)", parameters: parameters, options: options)
    }

    /// Deletes an endpoint (`DELETE /v1/webhook_endpoints/{id}`); pending retries stop.
    public func delete(_ id: WebhookEndpointID) async throws -> DeletedObject<WebhookEndpoint> {
        try await client.send(.DELETE, "/v1/webhook_endpoints/\(id)")
    }

    /// Lists one page of endpoints (`GET /v1/webhook_endpoints`).
    public func list(_ parameters: ListParameters = ListParameters()) async throws -> StripeList<WebhookEndpoint> {
        try await client.send(.GET, "/v1/webhook_endpoints", parameters: parameters)
    }
}

/// Parameters for `POST /v1/webhook_endpoints`.
public struct WebhookEndpointCreateParameters: Encodable, Sendable {
    public var url: String
    /// The types to deliver; `[.all]` for every event.
    public var enabledEvents: [EventType]
    /// Pins the payload version; match the client's `Stripe-Version` so payloads decode the same way.
    public var apiVersion: String?
    /// A note about the endpoint.
    public var description: String?
    public var metadata: Metadata?

    /// Creates parameters.
    public init(
        url: String,
        enabledEvents: [EventType],
        apiVersion: String? = nil,
        description: String? = nil,
        metadata: Metadata? = nil
    ) {
        self.url = url
        self.enabledEvents = enabledEvents
        self.apiVersion = apiVersion
        self.description = description
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey {
        case url, description, metadata
        case enabledEvents = "enabled_events"
        case apiVersion = "api_version"
    }
}

/// Parameters for `POST /v1/webhook_endpoints/{id}`. `nil` leaves a field unchanged.
public struct WebhookEndpointUpdateParameters: Encodable, Sendable {
    public var url: String?
    public var enabledEvents: [EventType]?
    /// `true` stops deliveries without deleting the endpoint.
    public var disabled: Bool?
    public var description: Unsettable<String>?
    /// Keys to set; a key mapped to `""` is removed by Stripe.
    public var metadata: Metadata?

    /// Creates parameters.
    public init(
        url: String? = nil,
        enabledEvents: [EventType]? = nil,
        disabled: Bool? = nil,
        description: Unsettable<String>? = nil,
        metadata: Metadata? = nil
    ) {
        self.url = url
        self.enabledEvents = enabledEvents
        self.disabled = disabled
        self.description = description
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey {
        case url, disabled, description, metadata
        case enabledEvents = "enabled_events"
    }
}
