public import Foundation

/// One price on a subscription (`si_…`). Since API version 2025-03-31.basil the billing period lives here.
public struct SubscriptionItem: StripeIdentifiable, Equatable {
    public var id: SubscriptionItemID
    /// The full price (never an id on items).
    public var price: Price
    public var quantity: Int?
    /// The subscription the item belongs to.
    public var subscription: SubscriptionID?
    /// Start of the item's current billing period.
    public var currentPeriodStart: Date
    /// End of the item's current billing period, when the next renewal bills.
    public var currentPeriodEnd: Date
    public var discounts: [Expandable<Discount>]
    public var metadata: Metadata
    /// When it was created.
    public var created: Date?

    enum CodingKeys: String, CodingKey {
        case id, price, quantity, subscription, discounts, metadata, created
        case currentPeriodStart = "current_period_start"
        case currentPeriodEnd = "current_period_end"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(SubscriptionItemID.self, forKey: .id)
        price = try c.decode(Price.self, forKey: .price)
        quantity = try c.decodeIfPresent(Int.self, forKey: .quantity)
        subscription = try c.decodeIfPresent(SubscriptionID.self, forKey: .subscription)
        currentPeriodStart = try c.decode(Date.self, forKey: .currentPeriodStart)
        currentPeriodEnd = try c.decode(Date.self, forKey: .currentPeriodEnd)
        discounts = try c.decodeIfPresent([Expandable<Discount>].self, forKey: .discounts) ?? []
        metadata = try c.decodeMetadata(forKey: .metadata)
        created = try c.decodeIfPresent(Date.self, forKey: .created)
    }
}
