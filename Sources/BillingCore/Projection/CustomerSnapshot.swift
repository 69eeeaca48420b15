public import StripeAPI

/// The fields of a Stripe customer the projection keeps.
public struct CustomerSnapshot: Decodable, Sendable, Equatable {
    /// The customer id.
    public var id: CustomerID
    /// The email on file.
    public var email: String?
    /// `invoice_settings.default_payment_method`.
    public var defaultPaymentMethodID: PaymentMethodID?
    /// `metadata.account_id`, set by ``CustomerDirectory`` when it created the customer.
    public var accountID: AccountID?
    /// Whether the API returned the deleted-customer stub.
    public var isDeleted: Bool

    private enum CodingKeys: String, CodingKey {
        case id, email, metadata, deleted
        case invoiceSettings = "invoice_settings"
    }

    private struct InvoiceSettings: Decodable {
        var defaultPaymentMethod: StripeReference?
        enum CodingKeys: String, CodingKey { case defaultPaymentMethod = "default_payment_method" }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(CustomerID.self, forKey: .id)
        email = try c.decodeIfPresent(String.self, forKey: .email)
        let settings = try c.decodeIfPresent(InvoiceSettings.self, forKey: .invoiceSettings)
        defaultPaymentMethodID = settings?.defaultPaymentMethod.map { PaymentMethodID($0.id) }
        let metadata = try c.decodeIfPresent([String: String].self, forKey: .metadata)
        accountID = metadata?["account_id"].map(AccountID.init(rawValue:))
        isDeleted = try c.decodeIfPresent(Bool.self, forKey: .deleted) ?? false
    }
}
