public import Foundation

/// A Stripe coupon: a percentage or amount off, applied through `discounts`.
public struct Coupon: StripeIdentifiable, Equatable {
    public var id: CouponID
    /// Percentage off, 0–100; nil for amount coupons.
    public var percentOff: Double?
    /// Amount off in ``currency``'s minor unit; nil for percentage coupons.
    public var amountOff: Int?
    public var currency: String?
    public var duration: Duration
    /// Number of months, for `repeating` coupons.
    public var durationInMonths: Int?
    /// The name shown to customers.
    public var name: String?
    /// Whether it can still be redeemed.
    public var valid: Bool
    public var metadata: Metadata
    /// When it was created.
    public var created: Date?
    /// Whether it lives in live mode.
    public var livemode: Bool

    /// How long a coupon keeps applying once redeemed.
    public struct Duration: StripeEnum {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The first invoice only.
        public static let once: Self = "once"
        /// Every invoice for ``Coupon/durationInMonths`` months.
        public static let repeating: Self = "repeating"
        public static let forever: Self = "forever"
    }

    enum CodingKeys: String, CodingKey {
        case id, currency, duration, name, valid, metadata, created, livemode
        case percentOff = "percent_off"
        case amountOff = "amount_off"
        case durationInMonths = "duration_in_months"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(CouponID.self, forKey: .id)
        percentOff = try c.decodeIfPresent(Double.self, forKey: .percentOff)
        amountOff = try c.decodeIfPresent(Int.self, forKey: .amountOff)
        currency = try c.decodeIfPresent(String.self, forKey: .currency)
        duration = try c.decode(Duration.self, forKey: .duration)
        durationInMonths = try c.decodeIfPresent(Int.self, forKey: .durationInMonths)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        valid = try c.decodeIfPresent(Bool.self, forKey: .valid) ?? true
        metadata = try c.decodeMetadata(forKey: .metadata)
        created = try c.decodeIfPresent(Date.self, forKey: .created)
        livemode = try c.decodeIfPresent(Bool.self, forKey: .livemode) ?? false
    }
}
