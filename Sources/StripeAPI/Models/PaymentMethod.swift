public import Foundation

/// A Stripe payment method (`pm_…`), such as a saved card.
public struct PaymentMethod: StripeIdentifiable, Equatable {
    public var id: PaymentMethodID
    public var type: MethodType
    /// Card details, for `type == .card`.
    public var card: Card?
    public var billingDetails: BillingDetails
    public var metadata: Metadata
    /// When it was created.
    public var created: Date
    /// Whether it lives in live mode.
    public var livemode: Bool
    private var storedCustomer: Indirect<Expandable<Customer>>?

    /// The customer it is attached to; nil once detached.
    public var customer: Expandable<Customer>? {
        get { storedCustomer?.value }
        set { storedCustomer = newValue.map(Indirect.init) }
    }

    /// The kind of payment method (Stripe knows dozens; the ones a card-based portal meets are listed).
    public struct MethodType: StripeEnum {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let card: Self = "card"
        public static let sepaDebit: Self = "sepa_debit"
        public static let usBankAccount: Self = "us_bank_account"
        public static let link: Self = "link"
    }

    /// A card's non-sensitive details.
    public struct Card: Codable, Sendable, Equatable {
        /// `visa`, `mastercard`, `amex`, …
        public var brand: String
        public var last4: String
        public var expMonth: Int
        public var expYear: Int
        public var funding: Funding?
        /// Two-letter issuing country.
        public var country: String?

        /// Whether a card draws on credit or funds.
        public struct Funding: StripeEnum {
            public let rawValue: String
            public init(rawValue: String) { self.rawValue = rawValue }
            public static let credit: Self = "credit"
            public static let debit: Self = "debit"
            public static let prepaid: Self = "prepaid"
            public static let unknown: Self = "unknown"
        }

        enum CodingKeys: String, CodingKey {
            case brand, last4, funding, country
            case expMonth = "exp_month"
            case expYear = "exp_year"
        }
    }

    /// Billing contact details collected with the payment method.
    public struct BillingDetails: Codable, Sendable, Equatable {
        public var address: Address?
        public var email: String?
        public var name: String?
        public var phone: String?

        /// Creates details.
        public init(address: Address? = nil, email: String? = nil, name: String? = nil, phone: String? = nil) {
            self.address = address
            self.email = email
            self.name = name
            self.phone = phone
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, type, card, metadata, created, livemode
        case billingDetails = "billing_details"
        case storedCustomer = "customer"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(PaymentMethodID.self, forKey: .id)
        type = try c.decode(MethodType.self, forKey: .type)
        card = try c.decodeIfPresent(Card.self, forKey: .card)
        billingDetails = try c.decodeIfPresent(BillingDetails.self, forKey: .billingDetails) ?? BillingDetails()
        metadata = try c.decodeMetadata(forKey: .metadata)
        created = try c.decode(Date.self, forKey: .created)
        livemode = try c.decodeIfPresent(Bool.self, forKey: .livemode) ?? false
        storedCustomer = try c.decodeIfPresent(Indirect<Expandable<Customer>>.self, forKey: .storedCustomer)
    }
}
