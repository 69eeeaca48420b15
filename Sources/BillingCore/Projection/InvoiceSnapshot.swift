public import StripeAPI

/// The fields of a Stripe invoice the projection keeps (for "latest invoice" and payment problems).
public struct InvoiceSnapshot: Decodable, Sendable, Equatable {
    /// The invoice id.
    public var id: InvoiceID
    /// The customer billed.
    public var customerID: CustomerID
    /// The subscription it bills, if any.
    public var subscriptionID: SubscriptionID?
    /// `draft`, `open`, `paid`, `uncollectible` or `void`.
    public var status: Invoice.Status
    /// The amount due in the minor unit.
    public var amountDue: Int64?
    /// The sum of the lines before discounts.
    public var subtotal: Int64?
    /// What discounts took off (the sum of `total_discount_amounts`); zero without one, nil when the payload
    /// does not say.
    ///
    /// The invoice is where a discount stays on record: a `once` coupon (such as a promotion code for the first
    /// invoice) is consumed by the invoice that starts the subscription, so the subscription itself shows no
    /// discount even in the response that created it.
    public var discountAmount: Int64?
    /// The three-letter currency code.
    public var currency: String?
    /// How many payment attempts were made.
    public var attemptCount: Int64?
    /// When Stripe tries again (Unix seconds).
    public var nextPaymentAttempt: Int64?
    /// The hosted page where the customer can pay.
    public var hostedInvoiceURL: String?
    /// When it was created (Unix seconds).
    public var created: Int64
    /// Why it was created (`subscription_cycle` for a renewal, `subscription_create`, …).
    public var billingReason: String?

    private enum CodingKeys: String, CodingKey {
        case id, customer, subscription, status, currency, created, parent
        case subtotal
        case amountDue = "amount_due"
        case totalDiscountAmounts = "total_discount_amounts"
        case attemptCount = "attempt_count"
        case nextPaymentAttempt = "next_payment_attempt"
        case hostedInvoiceURL = "hosted_invoice_url"
        case billingReason = "billing_reason"
    }

    // Since basil the subscription moved to `parent.subscription_details.subscription`.
    private struct Parent: Decodable {
        var subscriptionDetails: SubscriptionDetails?
        enum CodingKeys: String, CodingKey { case subscriptionDetails = "subscription_details" }
    }

    private struct SubscriptionDetails: Decodable {
        var subscription: StripeReference?
    }

    private struct DiscountAmount: Decodable {
        var amount: Int64
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(InvoiceID.self, forKey: .id)
        customerID = CustomerID(try c.decode(StripeReference.self, forKey: .customer).id)
        let legacy = try? c.decodeIfPresent(StripeReference.self, forKey: .subscription)
        let parent = try? c.decodeIfPresent(Parent.self, forKey: .parent)
        subscriptionID = (parent?.subscriptionDetails?.subscription ?? legacy).map { SubscriptionID($0.id) }
        status = try c.decodeIfPresent(Invoice.Status.self, forKey: .status) ?? .draft
        amountDue = try c.decodeIfPresent(Int64.self, forKey: .amountDue)
        subtotal = try c.decodeIfPresent(Int64.self, forKey: .subtotal)
        discountAmount = try c.decodeIfPresent([DiscountAmount].self, forKey: .totalDiscountAmounts)?
            .reduce(0) { $0 + $1.amount }
        currency = try c.decodeIfPresent(String.self, forKey: .currency)
        attemptCount = try c.decodeIfPresent(Int64.self, forKey: .attemptCount)
        nextPaymentAttempt = try c.decodeIfPresent(Int64.self, forKey: .nextPaymentAttempt)
        hostedInvoiceURL = try c.decodeIfPresent(String.self, forKey: .hostedInvoiceURL)
        created = try c.decodeIfPresent(Int64.self, forKey: .created) ?? 0
        billingReason = try? c.decodeIfPresent(String.self, forKey: .billingReason)
    }
}
