public import Foundation

extension StripeClient {
    /// Coupon endpoints (`/v1/coupons`).
    public var coupons: Coupons { Coupons(client: self) }
}

/// Coupon endpoints (`/v1/coupons`).
public struct Coupons: Sendable {
    let client: StripeClient

    /// Creates a coupon (`POST /v1/coupons`).
    /// - Parameters:
    ///   - parameters: exactly one of `percentOff` or `amountOff` (with `currency`).
    ///   - options: pass an idempotency key to make creation safe to retry.
    public func create(
        _ parameters: CouponCreateParameters,
        options: RequestOptions = RequestOptions()
    ) async throws -> Coupon {
        try await client.send(.POST, "/v1/coupons", parameters: parameters, options: options)
    }

    /// Retrieves a coupon (`GET /v1/coupons/{id}`).
    /// - Throws: ``StripeError`` with `code == "resource_missing"` for an unknown id.
    public func retrieve(_ id: CouponID) async throws -> Coupon {
        try await client.send(.GET, "/v1/coupons/\(id)")
    }
}

/// Parameters for `POST /v1/coupons`.
public struct CouponCreateParameters: Encodable, Sendable {
    /// A chosen id, such as `SAVE20` (generated when nil).
    public var id: CouponID?
    public var percentOff: Double?
    public var amountOff: Int?
    public var currency: String?
    public var duration: Coupon.Duration?
    /// Required for `repeating`.
    public var durationInMonths: Int?
    /// The name shown to customers.
    public var name: String?
    public var maxRedemptions: Int?
    /// The last time the coupon can be redeemed.
    public var redeemBy: Date?
    public var metadata: Metadata?

    /// Creates parameters.
    public init(
        id: CouponID? = nil,
        percentOff: Double? = nil,
        amountOff: Int? = nil,
        currency: String? = nil,
        duration: Coupon.Duration? = nil,
        durationInMonths: Int? = nil,
        name: String? = nil,
        maxRedemptions: Int? = nil,
        redeemBy: Date? = nil,
        metadata: Metadata? = nil
    ) {
        self.id = id
        self.percentOff = percentOff
        self.amountOff = amountOff
        self.currency = currency
        self.duration = duration
        self.durationInMonths = durationInMonths
        self.name = name
        self.maxRedemptions = maxRedemptions
        self.redeemBy = redeemBy
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey {
        case id, currency, duration, name, metadata
        case percentOff = "percent_off"
        case amountOff = "amount_off"
        case durationInMonths = "duration_in_months"
        case maxRedemptions = "max_redemptions"
        case redeemBy = "redeem_by"
    }
}
