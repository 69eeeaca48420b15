public import Foundation

/// A customer-portal session (`bps_…`, object `billing_portal.session`).
///
/// ``url`` is a short-lived bearer credential for the customer's billing: redirect to it, never cache or log it.
/// `description` and `debugDescription` redact it.
public struct PortalSession: StripeIdentifiable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public var id: PortalSessionID
    /// The portal link to redirect the customer to.
    public var url: URL
    /// Where the portal's return link goes.
    public var returnURL: String?
    /// The configuration used; an object when requested with `expand[]=configuration`.
    public var configuration: Expandable<PortalConfiguration>
    public var customer: CustomerID
    public var locale: Locale?
    /// The deep link the session was created with.
    public var flow: PortalFlow?
    /// When it was created.
    public var created: Date
    /// Whether it lives in live mode.
    public var livemode: Bool

    public var description: String {
        "PortalSession(id: \(id), customer: \(customer), url: <redacted>)"
    }

    public var debugDescription: String { description }

    /// A portal display language; `auto` uses the customer's preferred locales, then the browser's.
    public struct Locale: StripeEnum {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let auto: Self = "auto"
        public static let de: Self = "de"
        public static let en: Self = "en"
        public static let enGB: Self = "en-GB"
        public static let es: Self = "es"
        public static let fr: Self = "fr"
        public static let it: Self = "it"
        public static let ja: Self = "ja"
        public static let nl: Self = "nl"
        public static let ptBR: Self = "pt-BR"
    }

    enum CodingKeys: String, CodingKey {
        case id, url, configuration, customer, locale, flow, created, livemode
        case returnURL = "return_url"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(PortalSessionID.self, forKey: .id)
        url = try c.decode(URL.self, forKey: .url)
        returnURL = try c.decodeIfPresent(String.self, forKey: .returnURL)
        configuration = try c.decode(Expandable<PortalConfiguration>.self, forKey: .configuration)
        customer = try c.decode(CustomerID.self, forKey: .customer)
        locale = try c.decodeIfPresent(Locale.self, forKey: .locale)
        flow = try c.decodeIfPresent(PortalFlow.self, forKey: .flow)
        created = try c.decode(Date.self, forKey: .created)
        livemode = try c.decodeIfPresent(Bool.self, forKey: .livemode) ?? false
    }
}
