public import Foundation

/// A promotion code id (`promo_…`).
public typealias PromotionCodeID = StripeID<PromotionCode>

/// A customer-facing code (such as `LAUNCH20`) that redeems a coupon, with its own limits.
public struct PromotionCode: StripeIdentifiable, Equatable {
    /// The promotion code id (`promo_…`).
    public var id: PromotionCodeID
    /// The code customers type; unique among active codes regardless of case.
    public var code: String
    /// Whether it can be redeemed.
    public var active: Bool
    /// The coupon it redeems (`promotion.coupon` since 2026-10-28.endive; a top-level `coupon` before).
    public var coupon: Expandable<Coupon>
    /// The kind of promotion behind the code; `coupon` is the only kind today.
    public var promotionType: String
    /// The only customer allowed to redeem it, if restricted.
    public var customer: CustomerID?
    /// When it stops being redeemable.
    public var expiresAt: Date?
    /// How many times it can be redeemed in total.
    public var maxRedemptions: Int?
    /// How many times it has been redeemed.
    public var timesRedeemed: Int
    /// Your key/value data.
    public var metadata: Metadata
    /// When it was created.
    public var created: Date?
    /// Whether it lives in live mode.
    public var livemode: Bool

    /// The `promotion` hash of the endive API shape.
    struct Promotion: Codable {
        var type: String?
        var coupon: Expandable<Coupon>?
    }

    enum CodingKeys: String, CodingKey {
        case id, code, active, coupon, promotion, customer, metadata, created, livemode
        case expiresAt = "expires_at"
        case maxRedemptions = "max_redemptions"
        case timesRedeemed = "times_redeemed"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(PromotionCodeID.self, forKey: .id)
        code = try c.decode(String.self, forKey: .code)
        active = try c.decodeIfPresent(Bool.self, forKey: .active) ?? true
        let promotion = try c.decodeIfPresent(Promotion.self, forKey: .promotion)
        if let coupon = promotion?.coupon {
            self.coupon = coupon
        } else {
            coupon = try c.decode(Expandable<Coupon>.self, forKey: .coupon)
        }
        promotionType = promotion?.type ?? "coupon"
        customer = try c.decodeReferenceID(forKey: .customer).map { CustomerID(rawValue: $0) }
        expiresAt = try c.decodeIfPresent(Date.self, forKey: .expiresAt)
        maxRedemptions = try c.decodeIfPresent(Int.self, forKey: .maxRedemptions)
        timesRedeemed = try c.decodeIfPresent(Int.self, forKey: .timesRedeemed) ?? 0
        metadata = try c.decodeMetadata(forKey: .metadata)
        created = try c.decodeIfPresent(Date.self, forKey: .created)
        livemode = try c.decodeIfPresent(Bool.self, forKey: .livemode) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(code, forKey: .code)
        try c.encode(active, forKey: .active)
        try c.encode(Promotion(type: promotionType, coupon: coupon), forKey: .promotion)
        try c.encodeIfPresent(customer, forKey: .customer)
        try c.encodeIfPresent(expiresAt, forKey: .expiresAt)
        try c.encodeIfPresent(maxRedemptions, forKey: .maxRedemptions)
        try c.encode(timesRedeemed, forKey: .timesRedeemed)
        try c.encode(metadata, forKey: .metadata)
        try c.encodeIfPresent(created, forKey: .created)
        try c.encode(livemode, forKey: .livemode)
    }
}
