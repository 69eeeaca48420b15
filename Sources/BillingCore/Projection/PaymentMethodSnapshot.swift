public import StripeAPI

/// The display fields of a Stripe payment method (never the number: brand, last four digits, expiry).
public struct PaymentMethodSnapshot: Decodable, Sendable, Equatable {
    /// The payment method id.
    public var id: PaymentMethodID
    /// The customer it is attached to; nil once detached.
    public var customerID: CustomerID?
    /// `card`, `sepa_debit`, …
    public var type: String
    /// The card brand (`visa`, `mastercard`, …).
    public var brand: String?
    /// The last four digits.
    public var last4: String?
    /// The expiry month.
    public var expMonth: Int64?
    /// The expiry year.
    public var expYear: Int64?

    private enum CodingKeys: String, CodingKey {
        case id, customer, type, card
    }

    private struct Card: Decodable {
        var brand: String?
        var last4: String?
        var expMonth: Int64?
        var expYear: Int64?

        enum CodingKeys: String, CodingKey {
            case brand, last4
            case expMonth = "exp_month"
            case expYear = "exp_year"
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(PaymentMethodID.self, forKey: .id)
        customerID = try c.decodeIfPresent(StripeReference.self, forKey: .customer).map { CustomerID($0.id) }
        type = try c.decodeIfPresent(String.self, forKey: .type) ?? "card"
        let card = try c.decodeIfPresent(Card.self, forKey: .card)
        brand = card?.brand
        last4 = card?.last4
        expMonth = card?.expMonth
        expYear = card?.expYear
    }
}
