extension StripeClient {
    /// Customer-portal session endpoint (`/v1/billing_portal/sessions`).
    public var portalSessions: PortalSessions { PortalSessions(client: self) }
}

/// Customer-portal session endpoint (`/v1/billing_portal/sessions`): create only, there is no retrieve or list.
public struct PortalSessions: Sendable {
    let client: StripeClient

    /// Creates a portal session (`POST /v1/billing_portal/sessions`) for the customer to be redirected to.
    ///
    /// Create one per click and redirect straight away: the returned URL is a short-lived credential that must not
    /// be cached or logged.
    public func create(
        _ parameters: PortalSessionCreateParameters,
        options: RequestOptions = RequestOptions()
    ) async throws -> PortalSession {
        try await client.send(.POST, "/v1/billing_portal/sessions", parameters: parameters, options: options)
    }
}

/// Parameters for `POST /v1/billing_portal/sessions`.
public struct PortalSessionCreateParameters: Encodable, Sendable {
    public var customer: CustomerID
    /// Where the portal's return link goes; overrides the configuration's `default_return_url`.
    public var returnURL: String?
    /// The configuration to use; the default configuration when nil.
    public var configuration: PortalConfigurationID?
    public var locale: PortalSession.Locale?
    /// A deep link into one flow, such as cancelling a given subscription.
    public var flowData: PortalFlow?

    /// Creates parameters.
    public init(
        customer: CustomerID,
        returnURL: String? = nil,
        configuration: PortalConfigurationID? = nil,
        locale: PortalSession.Locale? = nil,
        flowData: PortalFlow? = nil
    ) {
        self.customer = customer
        self.returnURL = returnURL
        self.configuration = configuration
        self.locale = locale
        self.flowData = flowData
    }

    enum CodingKeys: String, CodingKey {
        case customer
        case returnURL = "return_url"
        case configuration, locale
        case flowData = "flow_data"
    }
}
