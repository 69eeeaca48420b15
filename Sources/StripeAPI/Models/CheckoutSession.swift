public import Foundation

/// A Checkout Session id (`cs_test_…` / `cs_live_…`).
public typealias CheckoutSessionID = StripeID<CheckoutSession>

/// A Stripe-hosted Checkout page (`checkout.session`): one attempt by a customer to start a subscription, pay or
/// save a card.
///
/// ``url`` is where to redirect the customer; it is nil once the session is complete or expired. `description`
/// and `debugDescription` leave it out.
public struct CheckoutSession: StripeIdentifiable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The session id (`cs_test_…` / `cs_live_…`).
    public var id: CheckoutSessionID
    /// The hosted page to redirect the customer to, while the session is open.
    public var url: URL?
    /// What completing the session does: start a subscription, take a payment or save a card.
    public var mode: Mode
    /// `open`, then `complete` or `expired`.
    public var status: Status?
    /// Whether the customer paid: `unpaid` while open, then `paid` or `no_payment_required`.
    public var paymentStatus: PaymentStatus
    /// The customer, once known (given at creation or created when the customer paid).
    public var customer: Expandable<Customer>?
    /// The email given at creation, if any.
    public var customerEmail: String?
    /// The email the customer paid with (null while open, unless a customer was given).
    public var customerDetailsEmail: String?
    /// Your own reference, such as the account id.
    public var clientReferenceID: String?
    /// The subscription started by a completed `subscription`-mode session.
    public var subscription: Expandable<Subscription>?
    /// The first invoice of that subscription.
    public var invoice: Expandable<Invoice>?
    /// Where the customer goes after paying; may contain `{CHECKOUT_SESSION_ID}`.
    public var successURL: String?
    /// Where the page's back link goes.
    public var cancelURL: String?
    /// Whether the page accepts promotion codes.
    public var allowPromotionCodes: Bool
    /// The total before discounts, in ``currency``'s minor unit.
    public var amountSubtotal: Int?
    /// The total due now (zero when a trial starts).
    public var amountTotal: Int?
    /// Three-letter ISO currency code, lowercase; nil in setup mode without a currency.
    public var currency: String?
    /// When the session stops accepting payment.
    public var expiresAt: Date
    /// Your key/value data, as set at creation or by an update.
    public var metadata: Metadata
    /// When it was created.
    public var created: Date
    /// Whether it lives in live mode.
    public var livemode: Bool

    /// The id, mode and status; the URL is left out.
    public var description: String {
        "CheckoutSession(id: \(id), mode: \(mode), status: \(status?.rawValue ?? "nil"), url: <redacted>)"
    }

    /// The same as ``description``.
    public var debugDescription: String { description }

    /// What the session does when the customer completes it.
    public struct Mode: StripeEnum {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// A one-time payment.
        public static let payment: Self = "payment"
        /// Saving a payment method for later.
        public static let setup: Self = "setup"
        /// Starting a subscription.
        public static let subscription: Self = "subscription"
    }

    /// Where the session is in its life.
    public struct Status: StripeEnum {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The customer can still pay.
        public static let open: Self = "open"
        /// The customer paid (or saved a card); the subscription exists.
        public static let complete: Self = "complete"
        /// Expired by time or by the expire endpoint; it can no longer be paid.
        public static let expired: Self = "expired"
    }

    /// Whether money moved.
    public struct PaymentStatus: StripeEnum {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Money was collected.
        public static let paid: Self = "paid"
        /// Nothing collected yet.
        public static let unpaid: Self = "unpaid"
        /// Nothing was due, such as a subscription starting with a free trial.
        public static let noPaymentRequired: Self = "no_payment_required"
    }

    /// The `customer_details` hash; only the email is kept.
    struct CustomerDetails: Codable {
        var email: String?
    }

    enum CodingKeys: String, CodingKey {
        case id, url, mode, status, customer, subscription, invoice, currency, metadata, created, livemode
        case paymentStatus = "payment_status"
        case customerEmail = "customer_email"
        case customerDetails = "customer_details"
        case clientReferenceID = "client_reference_id"
        case successURL = "success_url"
        case cancelURL = "cancel_url"
        case allowPromotionCodes = "allow_promotion_codes"
        case amountSubtotal = "amount_subtotal"
        case amountTotal = "amount_total"
        case expiresAt = "expires_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(CheckoutSessionID.self, forKey: .id)
        url = try c.decodeIfPresent(URL.self, forKey: .url)
        mode = try c.decode(Mode.self, forKey: .mode)
        status = try c.decodeIfPresent(Status.self, forKey: .status)
        paymentStatus = try c.decode(PaymentStatus.self, forKey: .paymentStatus)
        customer = try c.decodeIfPresent(Expandable<Customer>.self, forKey: .customer)
        customerEmail = try c.decodeIfPresent(String.self, forKey: .customerEmail)
        customerDetailsEmail = try c.decodeIfPresent(CustomerDetails.self, forKey: .customerDetails)?.email
        clientReferenceID = try c.decodeIfPresent(String.self, forKey: .clientReferenceID)
        subscription = try c.decodeIfPresent(Expandable<Subscription>.self, forKey: .subscription)
        invoice = try c.decodeIfPresent(Expandable<Invoice>.self, forKey: .invoice)
        successURL = try c.decodeIfPresent(String.self, forKey: .successURL)
        cancelURL = try c.decodeIfPresent(String.self, forKey: .cancelURL)
        allowPromotionCodes = try c.decodeIfPresent(Bool.self, forKey: .allowPromotionCodes) ?? false
        amountSubtotal = try c.decodeIfPresent(Int.self, forKey: .amountSubtotal)
        amountTotal = try c.decodeIfPresent(Int.self, forKey: .amountTotal)
        currency = try c.decodeIfPresent(String.self, forKey: .currency)
        expiresAt = try c.decode(Date.self, forKey: .expiresAt)
        metadata = try c.decodeMetadata(forKey: .metadata)
        created = try c.decode(Date.self, forKey: .created)
        livemode = try c.decodeIfPresent(Bool.self, forKey: .livemode) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encodeIfPresent(url, forKey: .url)
        try c.encode(mode, forKey: .mode)
        try c.encodeIfPresent(status, forKey: .status)
        try c.encode(paymentStatus, forKey: .paymentStatus)
        try c.encodeIfPresent(customer, forKey: .customer)
        try c.encodeIfPresent(customerEmail, forKey: .customerEmail)
        try c.encodeIfPresent(customerDetailsEmail.map { CustomerDetails(email: $0) }, forKey: .customerDetails)
        try c.encodeIfPresent(clientReferenceID, forKey: .clientReferenceID)
        try c.encodeIfPresent(subscription, forKey: .subscription)
        try c.encodeIfPresent(invoice, forKey: .invoice)
        try c.encodeIfPresent(successURL, forKey: .successURL)
        try c.encodeIfPresent(cancelURL, forKey: .cancelURL)
        try c.encode(allowPromotionCodes, forKey: .allowPromotionCodes)
        try c.encodeIfPresent(amountSubtotal, forKey: .amountSubtotal)
        try c.encodeIfPresent(amountTotal, forKey: .amountTotal)
        try c.encodeIfPresent(currency, forKey: .currency)
        try c.encode(expiresAt, forKey: .expiresAt)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(created, forKey: .created)
        try c.encode(livemode, forKey: .livemode)
    }
}
