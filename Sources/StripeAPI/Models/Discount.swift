public import Foundation

/// A discount id (`di_…`).
public typealias DiscountID = StripeID<Discount>

/// A coupon applied to a customer, subscription or invoice, as found in `discounts` arrays.
public struct Discount: StripeIdentifiable, Equatable {
    public var id: DiscountID
    /// Where the discount comes from.
    public var source: Source
    /// The customer it applies to.
    public var customer: Expandable<Customer>?
    /// The subscription it applies to, if any.
    public var subscription: SubscriptionID?
    /// The promotion code redeemed, if any.
    public var promotionCode: String?
    /// When it started applying.
    public var start: Date
    /// When it stops applying; nil for `forever` coupons.
    public var end: Date?

    /// The applied coupon.
    public var coupon: Expandable<Coupon>? { source.coupon }

    /// A discount's origin (since API version 2025-09-30.clover; earlier versions had a top-level `coupon`).
    public struct Source: Codable, Sendable, Equatable {
        public var type: String
        public var coupon: Expandable<Coupon>?

        /// Creates a coupon source.
        public init(type: String = "coupon", coupon: Expandable<Coupon>?) {
            self.type = type
            self.coupon = coupon
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, source, customer, subscription, start, end, coupon
        case promotionCode = "promotion_code"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(DiscountID.self, forKey: .id)
        if let source = try c.decodeIfPresent(Source.self, forKey: .source) {
            self.source = source
        } else {
            // Payloads rendered for versions before clover carry the coupon object directly.
            source = Source(coupon: try c.decodeIfPresent(Expandable<Coupon>.self, forKey: .coupon))
        }
        customer = try c.decodeIfPresent(Expandable<Customer>.self, forKey: .customer)
        subscription = try c.decodeIfPresent(SubscriptionID.self, forKey: .subscription)
        promotionCode = try c.decodeReferenceID(forKey: .promotionCode)
        start = try c.decode(Date.self, forKey: .start)
        end = try c.decodeIfPresent(Date.self, forKey: .end)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(source, forKey: .source)
        try c.encodeIfPresent(customer, forKey: .customer)
        try c.encodeIfPresent(subscription, forKey: .subscription)
        try c.encodeIfPresent(promotionCode, forKey: .promotionCode)
        try c.encode(start, forKey: .start)
        try c.encodeIfPresent(end, forKey: .end)
    }
}
