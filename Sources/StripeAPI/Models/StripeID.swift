/// A Stripe object id, typed by the resource it names, so a customer id cannot be passed where a subscription
/// id is expected. Encodes and decodes as a bare string.
public struct StripeID<Resource>: RawRepresentable, Hashable, Codable, Sendable, ExpressibleByStringLiteral,
    CustomStringConvertible, Comparable
{
    /// The id as Stripe spells it, such as `cus_NffrFeUfNV2Hib`.
    public let rawValue: String

    /// Wraps an id string.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Wraps an id string.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A customer id (`cus_…`).
public typealias CustomerID = StripeID<Customer>
/// A product id (`prod_…`).
public typealias ProductID = StripeID<Product>
/// A price id (`price_…`).
public typealias PriceID = StripeID<Price>
/// A subscription id (`sub_…`).
public typealias SubscriptionID = StripeID<Subscription>
/// A subscription item id (`si_…`).
public typealias SubscriptionItemID = StripeID<SubscriptionItem>
/// An invoice id (`in_…`).
public typealias InvoiceID = StripeID<Invoice>
/// A payment method id (`pm_…`).
public typealias PaymentMethodID = StripeID<PaymentMethod>
/// A coupon id (any string the account chose, or generated).
public typealias CouponID = StripeID<Coupon>
/// A billing-portal configuration id (`bpc_…`).
public typealias PortalConfigurationID = StripeID<PortalConfiguration>
/// A billing-portal session id (`bps_…`).
public typealias PortalSessionID = StripeID<PortalSession>
/// An event id (`evt_…`).
public typealias EventID = StripeID<Event>
/// A webhook endpoint id (`we_…`).
public typealias WebhookEndpointID = StripeID<WebhookEndpoint>
/// A test clock id (`clock_…`).
public typealias TestClockID = StripeID<TestClock>
