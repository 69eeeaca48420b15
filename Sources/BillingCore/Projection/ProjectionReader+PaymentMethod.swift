import BillingDatabase
import SQLKit
import StripeAPI

extension ProjectionReader {
    /// The card on file for an account, with or without a subscription: the customer's
    /// `invoice_settings.default_payment_method`, else the customer's only attached payment method. Nil when the
    /// account has no customer, no method, or several with none marked default (the page cannot tell which one
    /// Stripe would charge).
    ///
    /// The billing page reads it when the subscription names no method, so a free account that added a card in
    /// the portal sees it.
    /// - Parameter account: the host's account.
    /// - Returns: the card to show, never its number.
    public func customerPaymentMethod(of account: AccountID) async throws -> PaymentMethodDisplay? {
        struct CustomerRow: Decodable {
            var customer: String
            var defaultMethod: String?
            enum CodingKeys: String, CodingKey {
                case customer
                case defaultMethod = "default_payment_method_id"
            }
        }
        let row = try await database.read { sql -> PaymentMethodRow? in
            guard
                let customer = try await sql.raw(
                    """
                    SELECT c.stripe_customer_id AS customer, s.default_payment_method_id
                    FROM billing_customers c LEFT JOIN billing_stripe_customers s ON s.id = c.stripe_customer_id
                    WHERE c.account_id = \(bind: account.rawValue)
                    """
                ).first(decoding: CustomerRow.self)
            else { return nil }
            if let id = customer.defaultMethod {
                let method = try await sql.raw(
                    "SELECT * FROM billing_payment_methods WHERE id = \(bind: id) AND detached = FALSE"
                ).first(decoding: PaymentMethodRow.self)
                if let method { return method }
            }
            let attached = try await sql.raw(
                """
                SELECT * FROM billing_payment_methods
                WHERE stripe_customer_id = \(bind: customer.customer) AND detached = FALSE
                ORDER BY id LIMIT 2
                """
            ).all(decoding: PaymentMethodRow.self)
            return attached.count == 1 ? attached[0] : nil
        }
        return row.map {
            PaymentMethodDisplay(
                id: PaymentMethodID($0.id),
                brand: $0.brand,
                last4: $0.last4,
                expMonth: $0.expMonth.map(Int.init),
                expYear: $0.expYear.map(Int.init)
            )
        }
    }
}
