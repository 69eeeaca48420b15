extension StripeClient {
    /// Price endpoints (`/v1/prices`).
    public var prices: Prices { Prices(client: self) }
}

/// Price endpoints (`/v1/prices`). Prices cannot be deleted; archive them with `active: false`.
public struct Prices: Sendable {
    let client: StripeClient

    /// Creates a price (`POST /v1/prices`).
    /// - Parameters:
    ///   - parameters: the price's fields.
    ///   - options: pass an idempotency key derived from your own record to make creation safe to retry.
    public func create(
        _ parameters: PriceCreateParameters,
        options: RequestOptions = RequestOptions()
    ) async throws -> Price {
        try await client.send(.POST, "/v1/prices", parameters: parameters, options: options)
    }

    /// Retrieves a price (`GET /v1/prices/{id}`).
    /// - Throws: ``StripeError`` with `code == "resource_missing"` for an unknown id.
    public func retrieve(_ id: PriceID, expand: [String] = []) async throws -> Price {
        try await client.send(.GET, "/v1/prices/\(id)", options: RequestOptions(expand: expand))
    }

    /// Updates a price (`POST /v1/prices/{id}`); amounts and intervals are immutable.
    public func update(
        _ id: PriceID,
        _ parameters: PriceUpdateParameters,
        options: RequestOptions = RequestOptions()
    ) async throws -> Price {
        try await client.send(.POST, "/v1/prices/\(id)", parameters: parameters, options: options)
    }

    /// Lists one page of prices, newest first (`GET /v1/prices`).
    public func list(
        _ parameters: PriceListParameters = PriceListParameters(),
        expand: [String] = []
    ) async throws -> StripeList<Price> {
        try await client.send(.GET, "/v1/prices", parameters: parameters, options: RequestOptions(expand: expand))
    }

    /// Every price matching the filters, fetched page by page as the sequence is consumed.
    public func all(
        _ parameters: PriceListParameters = PriceListParameters(),
        pageSize: Int = 100
    ) -> StripePages<Price> {
        StripePages(pageSize: pageSize) { limit, startingAfter in
            var page = parameters
            page.limit = limit
            page.startingAfter = startingAfter
            return try await list(page)
        }
    }
}

/// Parameters for `POST /v1/prices`.
public struct PriceCreateParameters: Encodable, Sendable {
    /// Three-letter ISO currency code, lowercase.
    public var currency: String
    public var product: ProductID
    /// Amount in the currency's minor unit.
    public var unitAmount: Int?
    /// Makes the price recurring.
    public var recurring: Price.Recurring?
    /// A stable key to look the price up by.
    public var lookupKey: String?
    /// Moves ``lookupKey`` from the price that holds it to this one.
    public var transferLookupKey: Bool?
    public var nickname: String?
    public var active: Bool?
    public var metadata: Metadata?

    /// Creates parameters.
    public init(
        currency: String,
        product: ProductID,
        unitAmount: Int? = nil,
        recurring: Price.Recurring? = nil,
        lookupKey: String? = nil,
        transferLookupKey: Bool? = nil,
        nickname: String? = nil,
        active: Bool? = nil,
        metadata: Metadata? = nil
    ) {
        self.currency = currency
        self.product = product
        self.unitAmount = unitAmount
        self.recurring = recurring
        self.lookupKey = lookupKey
        self.transferLookupKey = transferLookupKey
        self.nickname = nickname
        self.active = active
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey {
        case currency, product, recurring, nickname, active, metadata
        case unitAmount = "unit_amount"
        case lookupKey = "lookup_key"
        case transferLookupKey = "transfer_lookup_key"
    }
}

/// Parameters for `POST /v1/prices/{id}`. `nil` leaves a field unchanged; ``Unsettable/unset`` clears it.
public struct PriceUpdateParameters: Encodable, Sendable {
    /// `false` archives the price.
    public var active: Bool?
    public var lookupKey: Unsettable<String>?
    public var transferLookupKey: Bool?
    public var nickname: Unsettable<String>?
    /// Keys to set; a key mapped to `""` is removed by Stripe.
    public var metadata: Metadata?

    /// Creates parameters.
    public init(
        active: Bool? = nil,
        lookupKey: Unsettable<String>? = nil,
        transferLookupKey: Bool? = nil,
        nickname: Unsettable<String>? = nil,
        metadata: Metadata? = nil
    ) {
        self.active = active
        self.lookupKey = lookupKey
        self.transferLookupKey = transferLookupKey
        self.nickname = nickname
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey {
        case active, nickname, metadata
        case lookupKey = "lookup_key"
        case transferLookupKey = "transfer_lookup_key"
    }
}

/// Filters for `GET /v1/prices`.
public struct PriceListParameters: Encodable, Sendable {
    public var active: Bool?
    public var product: ProductID?
    public var currency: String?
    public var type: Price.PriceType?
    /// Only prices with these lookup keys (up to 10).
    public var lookupKeys: [String]?
    public var created: DateFilter?
    public var limit: Int?
    public var startingAfter: String?
    public var endingBefore: String?

    /// Creates filters.
    public init(
        active: Bool? = nil,
        product: ProductID? = nil,
        currency: String? = nil,
        type: Price.PriceType? = nil,
        lookupKeys: [String]? = nil,
        created: DateFilter? = nil,
        limit: Int? = nil,
        startingAfter: String? = nil,
        endingBefore: String? = nil
    ) {
        self.active = active
        self.product = product
        self.currency = currency
        self.type = type
        self.lookupKeys = lookupKeys
        self.created = created
        self.limit = limit
        self.startingAfter = startingAfter
        self.endingBefore = endingBefore
    }

    enum CodingKeys: String, CodingKey {
        case active, product, currency, type, created, limit
        case lookupKeys = "lookup_keys"
        case startingAfter = "starting_after"
        case endingBefore = "ending_before"
    }
}
