public import Foundation

/// A Stripe price (`price_…`): an amount, currency and optional billing interval for a ``Product``.
public struct Price: StripeIdentifiable, Equatable {
    public var id: PriceID
    /// Whether new purchases may use this price (prices are archived, never deleted).
    public var active: Bool
    /// Three-letter ISO currency code, lowercase.
    public var currency: String
    /// Amount in the currency's minor unit; nil for tiered or custom-amount prices.
    public var unitAmount: Int?
    /// A stable key to look the price up by (`lookup_keys[]`), so code need not hard-wire price ids.
    public var lookupKey: String?
    public var nickname: String?
    /// The product; an object when requested with `expand[]=product`.
    public var product: Expandable<Product>
    /// The billing interval, for recurring prices.
    public var recurring: Recurring?
    public var type: PriceType
    public var metadata: Metadata
    /// When it was created.
    public var created: Date?
    /// Whether it lives in live mode.
    public var livemode: Bool

    /// Whether a price is charged once or on a schedule.
    public struct PriceType: StripeEnum {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Charged once.
        public static let oneTime: Self = "one_time"
        /// Charged every interval.
        public static let recurring: Self = "recurring"
    }

    /// A billing interval unit.
    public struct Interval: StripeEnum {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let day: Self = "day"
        public static let week: Self = "week"
        public static let month: Self = "month"
        public static let year: Self = "year"
    }

    /// How usage is counted for a recurring price.
    public struct UsageType: StripeEnum {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// A fixed quantity, billed in advance.
        public static let licensed: Self = "licensed"
        /// Usage reported through meters, billed in arrears.
        public static let metered: Self = "metered"
    }

    /// The schedule of a recurring price.
    public struct Recurring: Codable, Sendable, Equatable {
        public var interval: Interval
        /// Number of intervals between bills (3 with `month` = quarterly).
        public var intervalCount: Int
        /// Trial days granted when a subscription is created from this price.
        public var trialPeriodDays: Int?
        public var usageType: UsageType?

        /// Creates a schedule.
        public init(
            interval: Interval,
            intervalCount: Int = 1,
            trialPeriodDays: Int? = nil,
            usageType: UsageType? = nil
        ) {
            self.interval = interval
            self.intervalCount = intervalCount
            self.trialPeriodDays = trialPeriodDays
            self.usageType = usageType
        }

        enum CodingKeys: String, CodingKey {
            case interval
            case intervalCount = "interval_count"
            case trialPeriodDays = "trial_period_days"
            case usageType = "usage_type"
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, active, currency, nickname, product, recurring, type, metadata, created, livemode
        case unitAmount = "unit_amount"
        case lookupKey = "lookup_key"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(PriceID.self, forKey: .id)
        active = try c.decodeIfPresent(Bool.self, forKey: .active) ?? true
        currency = try c.decode(String.self, forKey: .currency)
        unitAmount = try c.decodeIfPresent(Int.self, forKey: .unitAmount)
        lookupKey = try c.decodeIfPresent(String.self, forKey: .lookupKey)
        nickname = try c.decodeIfPresent(String.self, forKey: .nickname)
        product = try c.decode(Expandable<Product>.self, forKey: .product)
        recurring = try c.decodeIfPresent(Recurring.self, forKey: .recurring)
        type = try c.decodeIfPresent(PriceType.self, forKey: .type) ?? (recurring == nil ? .oneTime : .recurring)
        metadata = try c.decodeMetadata(forKey: .metadata)
        created = try c.decodeIfPresent(Date.self, forKey: .created)
        livemode = try c.decodeIfPresent(Bool.self, forKey: .livemode) ?? false
    }
}
