public import Foundation

extension StripeClient {
    /// Promotion code endpoints (`/v1/promotion_codes`).
    public var promotionCodes: PromotionCodes { PromotionCodes(client: self) }
}

/// Promotion code endpoints (`/v1/promotion_codes`): create, retrieve, list and update. Codes cannot be deleted;
/// deactivate them with `active: false`.
public struct PromotionCodes: Sendable {
    let client: StripeClient

    /// Creates a promotion code over a coupon (`POST /v1/promotion_codes`).
    /// - Throws: ``StripeError`` when an active code with the same text (in any case) exists.
    public func create(
        _ parameters: PromotionCodeCreateParameters,
        options: RequestOptions = RequestOptions()
    ) async throws -> PromotionCode {
        try await client.send(.POST, "/v1/promotion_codes", parameters: parameters, options: options)
    }

    /// Retrieves a promotion code (`GET /v1/promotion_codes/{id}`); `expand: ["promotion.coupon"]` embeds the
    /// coupon.
    public func retrieve(_ id: PromotionCodeID, expand: [String] = []) async throws -> PromotionCode {
        try await client.send(.GET, "/v1/promotion_codes/\(id)", options: RequestOptions(expand: expand))
    }

    /// Updates a promotion code (`POST /v1/promotion_codes/{id}`): only `active` and `metadata` change.
    public func update(
        _ id: PromotionCodeID,
        _ parameters: PromotionCodeUpdateParameters,
        options: RequestOptions = RequestOptions()
    ) async throws -> PromotionCode {
        try await client.send(.POST, "/v1/promotion_codes/\(id)", parameters: parameters, options: options)
    }

    /// Lists one page of promotion codes, newest first (`GET /v1/promotion_codes`); filter by `code` to look up
    /// what a customer typed.
    public func list(
        _ parameters: PromotionCodeListParameters = PromotionCodeListParameters(),
        expand: [String] = []
    ) async throws -> StripeList<PromotionCode> {
        try await client.send(
            .GET,
            "/v1/promotion_codes",
            parameters: parameters,
            options: RequestOptions(expand: expand)
        )
    }
}

/// Parameters for `POST /v1/promotion_codes`.
public struct PromotionCodeCreateParameters: Encodable, Sendable {
    /// The coupon the code redeems, sent as `promotion[type]=coupon&promotion[coupon]=…`.
    public var coupon: CouponID
    /// The text customers type (letters and digits); generated when nil.
    public var code: String?
    /// Whether the code can be redeemed (`true` when nil).
    public var active: Bool?
    /// Restricts the code to one customer.
    public var customer: CustomerID?
    /// When it stops being redeemable.
    public var expiresAt: Date?
    /// How many times it can be redeemed in total.
    public var maxRedemptions: Int?
    /// Your key/value data.
    public var metadata: Metadata?

    /// Creates parameters.
    public init(
        coupon: CouponID,
        code: String? = nil,
        active: Bool? = nil,
        customer: CustomerID? = nil,
        expiresAt: Date? = nil,
        maxRedemptions: Int? = nil,
        metadata: Metadata? = nil
    ) {
        self.coupon = coupon
        self.code = code
        self.active = active
        self.customer = customer
        self.expiresAt = expiresAt
        self.maxRedemptions = maxRedemptions
        self.metadata = metadata
    }

    private struct Promotion: Encodable {
        var type = "coupon"
        var coupon: CouponID
    }

    enum CodingKeys: String, CodingKey {
        case promotion, code, active, customer, metadata
        case expiresAt = "expires_at"
        case maxRedemptions = "max_redemptions"
    }

    /// Encodes the coupon as `promotion[type]=coupon&promotion[coupon]=…`, as the endive API expects.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Promotion(coupon: coupon), forKey: .promotion)
        try c.encodeIfPresent(code, forKey: .code)
        try c.encodeIfPresent(active, forKey: .active)
        try c.encodeIfPresent(customer, forKey: .customer)
        try c.encodeIfPresent(expiresAt, forKey: .expiresAt)
        try c.encodeIfPresent(maxRedemptions, forKey: .maxRedemptions)
        try c.encodeIfPresent(metadata, forKey: .metadata)
    }
}

/// Parameters for `POST /v1/promotion_codes/{id}`.
public struct PromotionCodeUpdateParameters: Encodable, Sendable {
    /// `false` deactivates the code; `true` reactivates it if no other active code has its text.
    public var active: Bool?
    /// Keys to set; a key mapped to `""` is removed by Stripe.
    public var metadata: Metadata?

    /// Creates parameters.
    public init(active: Bool? = nil, metadata: Metadata? = nil) {
        self.active = active
        self.metadata = metadata
    }
}

/// Filters for `GET /v1/promotion_codes`.
public struct PromotionCodeListParameters: Encodable, Sendable {
    /// Only active (or only inactive) codes.
    public var active: Bool?
    /// The code's text, compared regardless of case.
    public var code: String?
    /// Only codes over this coupon.
    public var coupon: CouponID?
    /// Only codes restricted to this customer.
    public var customer: CustomerID?
    /// Only codes created in this range.
    public var created: DateFilter?
    /// Page size, 1–100 (10 when nil).
    public var limit: Int?
    /// The cursor for the next page: the last id of the previous one.
    public var startingAfter: String?
    /// The cursor for the previous page: the first id of the current one.
    public var endingBefore: String?

    /// Creates filters.
    public init(
        active: Bool? = nil,
        code: String? = nil,
        coupon: CouponID? = nil,
        customer: CustomerID? = nil,
        created: DateFilter? = nil,
        limit: Int? = nil,
        startingAfter: String? = nil,
        endingBefore: String? = nil
    ) {
        self.active = active
        self.code = code
        self.coupon = coupon
        self.customer = customer
        self.created = created
        self.limit = limit
        self.startingAfter = startingAfter
        self.endingBefore = endingBefore
    }

    enum CodingKeys: String, CodingKey {
        case active, code, coupon, customer, created, limit
        case startingAfter = "starting_after"
        case endingBefore = "ending_before"
    }
}
