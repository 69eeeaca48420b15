extension StripeClient {
    /// Product endpoints (`/v1/products`).
    public var products: Products { Products(client: self) }
}

/// Product endpoints (`/v1/products`).
public struct Products: Sendable {
    let client: StripeClient

    /// Creates a product (`POST /v1/products`).
    /// - Parameters:
    ///   - parameters: the product's fields.
    ///   - options: pass an idempotency key derived from your own record to make creation safe to retry.
    public func create(
        _ parameters: ProductCreateParameters,
        options: RequestOptions = RequestOptions()
    ) async throws -> Product {
        try await client.send(.POST, "/v1/products", parameters: parameters, options: options)
    }

    /// Retrieves a product (`GET /v1/products/{id}`).
    /// - Throws: ``StripeError`` with `code == "resource_missing"` for an unknown id.
    public func retrieve(_ id: ProductID, expand: [String] = []) async throws -> Product {
        try await client.send(.GET, "/v1/products/\(id)", options: RequestOptions(expand: expand))
    }

    /// Updates a product (`POST /v1/products/{id}`); archive it with `active: false`.
    public func update(
        _ id: ProductID,
        _ parameters: ProductUpdateParameters,
        options: RequestOptions = RequestOptions()
    ) async throws -> Product {
        try await client.send(.POST, "/v1/products/\(id)", parameters: parameters, options: options)
    }

    /// Lists one page of products, newest first (`GET /v1/products`).
    public func list(
        _ parameters: ProductListParameters = ProductListParameters(),
        expand: [String] = []
    ) async throws -> StripeList<Product> {
        try await client.send(.GET, "/v1/products", parameters: parameters, options: RequestOptions(expand: expand))
    }

    /// Every product matching the filters, fetched page by page as the sequence is consumed.
    public func all(
        _ parameters: ProductListParameters = ProductListParameters(),
        pageSize: Int = 100
    ) -> StripePages<Product> {
        StripePages(pageSize: pageSize) { limit, startingAfter in
            var page = parameters
            page.limit = limit
            page.startingAfter = startingAfter
            return try await list(page)
        }
    }
}

/// Parameters for `POST /v1/products`.
public struct ProductCreateParameters: Encodable, Sendable {
    /// A chosen id (`prod_…` is generated when nil).
    public var id: ProductID?
    public var name: String
    public var active: Bool?
    public var description: String?
    public var metadata: Metadata?

    /// Creates parameters.
    public init(
        id: ProductID? = nil,
        name: String,
        active: Bool? = nil,
        description: String? = nil,
        metadata: Metadata? = nil
    ) {
        self.id = id
        self.name = name
        self.active = active
        self.description = description
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey {
        case id, name, active, description, metadata
    }
}

/// Parameters for `POST /v1/products/{id}`. `nil` leaves a field unchanged; ``Unsettable/unset`` clears it.
public struct ProductUpdateParameters: Encodable, Sendable {
    public var name: String?
    /// `false` archives the product.
    public var active: Bool?
    public var description: Unsettable<String>?
    /// The price shown by default.
    public var defaultPrice: PriceID?
    /// Keys to set; a key mapped to `""` is removed by Stripe.
    public var metadata: Metadata?

    /// Creates parameters.
    public init(
        name: String? = nil,
        active: Bool? = nil,
        description: Unsettable<String>? = nil,
        defaultPrice: PriceID? = nil,
        metadata: Metadata? = nil
    ) {
        self.name = name
        self.active = active
        self.description = description
        self.defaultPrice = defaultPrice
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey {
        case name, active, description, metadata
        case defaultPrice = "default_price"
    }
}

/// Filters for `GET /v1/products`.
public struct ProductListParameters: Encodable, Sendable {
    public var active: Bool?
    /// Only these products.
    public var ids: [ProductID]?
    public var created: DateFilter?
    public var limit: Int?
    public var startingAfter: String?
    public var endingBefore: String?

    /// Creates filters.
    public init(
        active: Bool? = nil,
        ids: [ProductID]? = nil,
        created: DateFilter? = nil,
        limit: Int? = nil,
        startingAfter: String? = nil,
        endingBefore: String? = nil
    ) {
        self.active = active
        self.ids = ids
        self.created = created
        self.limit = limit
        self.startingAfter = startingAfter
        self.endingBefore = endingBefore
    }

    enum CodingKeys: String, CodingKey {
        case active, ids, created, limit
        case startingAfter = "starting_after"
        case endingBefore = "ending_before"
    }
}
