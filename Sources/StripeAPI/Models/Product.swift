public import Foundation

/// A Stripe product (`prod_…`): what is sold, priced by one or more ``Price``s.
public struct Product: StripeIdentifiable, Equatable {
    public var id: ProductID
    /// Whether the product can be bought; archived products are inactive.
    public var active: Bool
    public var name: String
    public var description: String?
    public var metadata: Metadata
    /// When it was created.
    public var created: Date
    /// When it was last changed.
    public var updated: Date?
    /// Whether it lives in live mode.
    public var livemode: Bool
    private var storedDefaultPrice: Indirect<Expandable<Price>>?

    /// The price shown by default; an object when requested with `expand[]=default_price`.
    public var defaultPrice: Expandable<Price>? {
        get { storedDefaultPrice?.value }
        set { storedDefaultPrice = newValue.map(Indirect.init) }
    }

    enum CodingKeys: String, CodingKey {
        case id, active, name, description, metadata, created, updated, livemode
        case storedDefaultPrice = "default_price"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(ProductID.self, forKey: .id)
        active = try c.decodeIfPresent(Bool.self, forKey: .active) ?? true
        name = try c.decode(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        metadata = try c.decodeMetadata(forKey: .metadata)
        created = try c.decode(Date.self, forKey: .created)
        updated = try c.decodeIfPresent(Date.self, forKey: .updated)
        livemode = try c.decodeIfPresent(Bool.self, forKey: .livemode) ?? false
        storedDefaultPrice = try c.decodeIfPresent(Indirect<Expandable<Price>>.self, forKey: .storedDefaultPrice)
    }
}
