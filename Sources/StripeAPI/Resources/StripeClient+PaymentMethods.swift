extension StripeClient {
    /// Payment method endpoints (`/v1/payment_methods`).
    public var paymentMethods: PaymentMethods { PaymentMethods(client: self) }
}

/// Payment method endpoints (`/v1/payment_methods`). Collecting new cards is the portal's job; these read, attach
/// and detach.
public struct PaymentMethods: Sendable {
    let client: StripeClient

    /// Retrieves a payment method (`GET /v1/payment_methods/{id}`).
    /// - Throws: ``StripeError`` with `code == "resource_missing"` for an unknown id.
    public func retrieve(_ id: PaymentMethodID, expand: [String] = []) async throws -> PaymentMethod {
        try await client.send(.GET, "/v1/payment_methods/\(id)", options: RequestOptions(expand: expand))
    }

    /// Lists one page of a customer's payment methods (`GET /v1/payment_methods?customer=…`).
    public func list(
        _ parameters: PaymentMethodListParameters,
        expand: [String] = []
    ) async throws -> StripeList<PaymentMethod> {
        try await client.send(
            .GET,
            "/v1/payment_methods",
            parameters: parameters,
            options: RequestOptions(expand: expand)
        )
    }

    /// Every payment method matching the filters, fetched page by page as the sequence is consumed.
    public func all(_ parameters: PaymentMethodListParameters, pageSize: Int = 100) -> StripePages<PaymentMethod> {
        StripePages(pageSize: pageSize) { limit, startingAfter in
            var page = parameters
            page.limit = limit
            page.startingAfter = startingAfter
            return try await list(page)
        }
    }

    /// Attaches a payment method to a customer (`POST /v1/payment_methods/{id}/attach`). This does not make it the
    /// default; set the customer's `invoice_settings.default_payment_method` for that.
    public func attach(
        _ id: PaymentMethodID,
        to customer: CustomerID,
        options: RequestOptions = RequestOptions()
    ) async throws -> PaymentMethod {
        try await client.send(
            .POST,
            "/v1/payment_methods/\(id)/attach",
            parameters: PaymentMethodAttachParameters(customer: customer),
            options: options
        )
    }

    /// Detaches a payment method from its customer (`POST /v1/payment_methods/{id}/detach`); it cannot be used or
    /// attached again.
    public func detach(_ id: PaymentMethodID, options: RequestOptions = RequestOptions()) async throws -> PaymentMethod
    {
        try await client.send(.POST, "/v1/payment_methods/\(id)/detach", options: options)
    }
}

/// Parameters for `POST /v1/payment_methods/{id}/attach`.
public struct PaymentMethodAttachParameters: Encodable, Sendable {
    public var customer: CustomerID

    /// Creates parameters.
    public init(customer: CustomerID) {
        self.customer = customer
    }
}

/// Filters for `GET /v1/payment_methods`.
public struct PaymentMethodListParameters: Encodable, Sendable {
    public var customer: CustomerID
    /// Only this type, such as `.card`.
    public var type: PaymentMethod.MethodType?
    public var limit: Int?
    public var startingAfter: String?
    public var endingBefore: String?

    /// Creates filters.
    public init(
        customer: CustomerID,
        type: PaymentMethod.MethodType? = nil,
        limit: Int? = nil,
        startingAfter: String? = nil,
        endingBefore: String? = nil
    ) {
        self.customer = customer
        self.type = type
        self.limit = limit
        self.startingAfter = startingAfter
        self.endingBefore = endingBefore
    }

    enum CodingKeys: String, CodingKey {
        case customer, type, limit
        case startingAfter = "starting_after"
        case endingBefore = "ending_before"
    }
}
