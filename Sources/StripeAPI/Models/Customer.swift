public import Foundation

/// A Stripe customer (`cus_…`).
public struct Customer: StripeIdentifiable, Equatable {
    public var id: CustomerID
    /// When it was created.
    public var created: Date
    /// Whether it lives in live mode.
    public var livemode: Bool
    public var email: String?
    public var name: String?
    public var phone: String?
    public var description: String?
    public var address: Address?
    /// Default invoice settings, including the default payment method used for subscriptions.
    public var invoiceSettings: InvoiceSettings?
    /// Balance in the minor unit; negative is a credit.
    public var balance: Int?
    public var currency: String?
    /// Whether the latest invoice charge failed.
    public var delinquent: Bool?
    public var metadata: Metadata
    public var preferredLocales: [String]?
    /// The test clock the customer lives on, if any.
    public var testClock: String?

    /// A customer's invoice defaults.
    public struct InvoiceSettings: Codable, Sendable, Equatable {
        /// The payment method charged for invoices unless a subscription names its own.
        public var defaultPaymentMethod: Expandable<PaymentMethod>?

        public init(defaultPaymentMethod: Expandable<PaymentMethod>? = nil) {
            self.defaultPaymentMethod = defaultPaymentMethod
        }

        enum CodingKeys: String, CodingKey {
            case defaultPaymentMethod = "default_payment_method"
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, created, livemode, email, name, phone, description, address, balance, currency, delinquent, metadata
        case invoiceSettings = "invoice_settings"
        case preferredLocales = "preferred_locales"
        case testClock = "test_clock"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(CustomerID.self, forKey: .id)
        created = try c.decode(Date.self, forKey: .created)
        livemode = try c.decodeIfPresent(Bool.self, forKey: .livemode) ?? false
        email = try c.decodeIfPresent(String.self, forKey: .email)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        phone = try c.decodeIfPresent(String.self, forKey: .phone)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        address = try c.decodeIfPresent(Address.self, forKey: .address)
        invoiceSettings = try c.decodeIfPresent(InvoiceSettings.self, forKey: .invoiceSettings)
        balance = try c.decodeIfPresent(Int.self, forKey: .balance)
        currency = try c.decodeIfPresent(String.self, forKey: .currency)
        delinquent = try c.decodeIfPresent(Bool.self, forKey: .delinquent)
        metadata = try c.decodeIfPresent(Metadata.self, forKey: .metadata) ?? [:]
        preferredLocales = try c.decodeIfPresent([String].self, forKey: .preferredLocales)
        testClock = try c.decodeIfPresent(String.self, forKey: .testClock)
    }
}

/// A postal address, as Stripe models it on customers and billing details.
public struct Address: Codable, Sendable, Equatable {
    public var city: String?
    public var country: String?
    public var line1: String?
    public var line2: String?
    public var postalCode: String?
    public var state: String?

    /// Creates an address.
    public init(
        city: String? = nil,
        country: String? = nil,
        line1: String? = nil,
        line2: String? = nil,
        postalCode: String? = nil,
        state: String? = nil
    ) {
        self.city = city
        self.country = country
        self.line1 = line1
        self.line2 = line2
        self.postalCode = postalCode
        self.state = state
    }

    enum CodingKeys: String, CodingKey {
        case city, country, line1, line2, state
        case postalCode = "postal_code"
    }
}
