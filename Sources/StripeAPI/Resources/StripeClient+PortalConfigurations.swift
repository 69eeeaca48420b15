extension StripeClient {
    /// Customer-portal configuration endpoints (`/v1/billing_portal/configurations`).
    public var portalConfigurations: PortalConfigurations { PortalConfigurations(client: self) }
}

/// Customer-portal configuration endpoints (`/v1/billing_portal/configurations`). Configurations cannot be deleted;
/// deactivate them with `active: false`.
public struct PortalConfigurations: Sendable {
    let client: StripeClient

    /// Creates a configuration (`POST /v1/billing_portal/configurations`).
    /// - Parameters:
    ///   - parameters: the features (each block sent needs `enabled`) and business details.
    ///   - options: pass an idempotency key derived from your own record to make creation safe to retry.
    public func create(
        _ parameters: PortalConfigurationParameters,
        options: RequestOptions = RequestOptions()
    ) async throws -> PortalConfiguration {
        try await client.send(.POST, "/v1/billing_portal/configurations", parameters: parameters, options: options)
    }

    /// Retrieves a configuration (`GET /v1/billing_portal/configurations/{id}`).
    /// - Throws: ``StripeError`` with `code == "resource_missing"` for an unknown id.
    public func retrieve(_ id: PortalConfigurationID, expand: [String] = []) async throws -> PortalConfiguration {
        try await client.send(
            .GET,
            "/v1/billing_portal/configurations/\(id)",
            options: RequestOptions(expand: expand)
        )
    }

    /// Updates a configuration (`POST /v1/billing_portal/configurations/{id}`).
    public func update(
        _ id: PortalConfigurationID,
        _ parameters: PortalConfigurationParameters,
        options: RequestOptions = RequestOptions()
    ) async throws -> PortalConfiguration {
        try await client.send(
            .POST,
            "/v1/billing_portal/configurations/\(id)",
            parameters: parameters,
            options: options
        )
    }

    /// Lists one page of configurations, newest first (`GET /v1/billing_portal/configurations`).
    public func list(
        _ parameters: PortalConfigurationListParameters = PortalConfigurationListParameters(),
        expand: [String] = []
    ) async throws -> StripeList<PortalConfiguration> {
        try await client.send(
            .GET,
            "/v1/billing_portal/configurations",
            parameters: parameters,
            options: RequestOptions(expand: expand)
        )
    }

    /// Every configuration matching the filters, fetched page by page as the sequence is consumed.
    public func all(
        _ parameters: PortalConfigurationListParameters = PortalConfigurationListParameters(),
        pageSize: Int = 100
    ) -> StripePages<PortalConfiguration> {
        StripePages(pageSize: pageSize) { limit, startingAfter in
            var page = parameters
            page.limit = limit
            page.startingAfter = startingAfter
            return try await list(page)
        }
    }
}

/// Filters for `GET /v1/billing_portal/configurations`.
public struct PortalConfigurationListParameters: Encodable, Sendable {
    public var active: Bool?
    /// Only the default configuration (`true`) or only the others (`false`).
    public var isDefault: Bool?
    public var limit: Int?
    public var startingAfter: String?
    public var endingBefore: String?

    /// Creates filters.
    public init(
        active: Bool? = nil,
        isDefault: Bool? = nil,
        limit: Int? = nil,
        startingAfter: String? = nil,
        endingBefore: String? = nil
    ) {
        self.active = active
        self.isDefault = isDefault
        self.limit = limit
        self.startingAfter = startingAfter
        self.endingBefore = endingBefore
    }

    enum CodingKeys: String, CodingKey {
        case active, limit
        case isDefault = "is_default"
        case startingAfter = "starting_after"
        case endingBefore = "ending_before"
    }
}
