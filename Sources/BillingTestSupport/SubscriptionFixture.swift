public import StripeAPI

/// A subscription's state as Stripe would render it, built up step by step in tests and turned into the JSON of
/// a `customer.subscription.*` event or API response.
public struct SubscriptionFixture: Sendable, Hashable {
    /// The `id` field.
    public var id: String
    /// The `customer` field.
    public var customer: String
    /// The `status` field.
    public var status: String = "active"
    /// The `price_id` field.
    public var priceID: String = "price_pro_monthly"
    /// The `product_id` field.
    public var productID: String = "prod_pro"
    /// The `lookup_key` field.
    public var lookupKey: String? = "pro_monthly"
    /// The `quantity` field.
    public var quantity: Int = 1
    /// The `cancel_at_period_end` field.
    public var cancelAtPeriodEnd = false
    /// The `cancel_at` field.
    public var cancelAt: Int?
    /// The `canceled_at` field.
    public var canceledAt: Int?
    /// The `ended_at` field.
    public var endedAt: Int?
    /// The `current_period_start` field.
    public var currentPeriodStart: Int = 1_780_000_000
    /// The `current_period_end` field.
    public var currentPeriodEnd: Int = 1_782_592_000
    /// The `trial_end` field.
    public var trialEnd: Int?
    /// The `pause_behavior` field.
    public var pauseBehavior: String?
    /// The `cancellation_reason` field.
    public var cancellationReason: String?
    /// The `cancellation_feedback` field.
    public var cancellationFeedback: String?
    /// The `cancellation_comment` field.
    public var cancellationComment: String?
    /// The `default_payment_method` field.
    public var defaultPaymentMethod: String?
    /// The `latest_invoice` field.
    public var latestInvoice: String?
    /// The `livemode` field.
    public var livemode = false
    /// The `created` field.
    public var created: Int = 1_779_000_000

    /// Creates an active subscription.
    public init(id: String, customer: String) {
        self.id = id
        self.customer = customer
    }

    /// The subscription object as Stripe's JSON (API version endive: the period lives on the item).
    public var json: JSONValue {
        let price: JSONValue = .object([
            "id": .string(priceID), "object": .string("price"), "product": .string(productID),
            "lookup_key": lookupKey.map(JSONValue.string) ?? .null, "currency": .string("usd"),
            "unit_amount": .number(1900), "type": .string("recurring"),
            "recurring": .object(["interval": .string("month"), "interval_count": .number(1)]),
        ])
        let item: JSONValue = .object([
            "id": .string("si_\(id.dropFirst(4))"), "object": .string("subscription_item"), "price": price,
            "quantity": .number(Double(quantity)), "subscription": .string(id),
            "current_period_start": .number(Double(currentPeriodStart)),
            "current_period_end": .number(Double(currentPeriodEnd)), "created": .number(Double(created)),
        ])
        let details: JSONValue = .object([
            "reason": cancellationReason.map(JSONValue.string) ?? .null,
            "feedback": cancellationFeedback.map(JSONValue.string) ?? .null,
            "comment": cancellationComment.map(JSONValue.string) ?? .null,
        ])
        return .object([
            "id": .string(id), "object": .string("subscription"), "customer": .string(customer),
            "status": .string(status), "livemode": .bool(livemode), "created": .number(Double(created)),
            "start_date": .number(Double(created)), "currency": .string("usd"),
            "items": .object([
                "object": .string("list"), "data": .array([item]), "has_more": .bool(false),
                "url": .string("/v1/subscription_items?subscription=\(id)"),
            ]),
            "cancel_at_period_end": .bool(cancelAtPeriodEnd),
            "cancel_at": cancelAt.map { .number(Double($0)) } ?? .null,
            "canceled_at": canceledAt.map { .number(Double($0)) } ?? .null,
            "ended_at": endedAt.map { .number(Double($0)) } ?? .null,
            "trial_end": trialEnd.map { .number(Double($0)) } ?? .null,
            "trial_start": .null,
            "pause_collection": pauseBehavior.map { .object(["behavior": .string($0), "resumes_at": .null]) }
                ?? .null,
            "cancellation_details": details,
            "default_payment_method": defaultPaymentMethod.map(JSONValue.string) ?? .null,
            "latest_invoice": latestInvoice.map(JSONValue.string) ?? .null,
            "collection_method": .string("charge_automatically"),
            "billing_cycle_anchor": .number(Double(currentPeriodStart)),
            "metadata": .object([:]),
        ])
    }
}

/// An invoice as Stripe's JSON (endive: the subscription lives under `parent.subscription_details`).
public struct InvoiceFixture: Sendable, Hashable {
    /// The `id` field.
    public var id: String
    /// The `customer` field.
    public var customer: String
    /// The `subscription` field.
    public var subscription: String?
    /// The `status` field.
    public var status: String = "paid"
    /// The `amount_due` field.
    public var amountDue: Int = 1900
    /// The `attempt_count` field.
    public var attemptCount: Int = 1
    /// The `created` field.
    public var created: Int = 1_780_000_000

    /// Creates a paid invoice.
    public init(id: String, customer: String, subscription: String?) {
        self.id = id
        self.customer = customer
        self.subscription = subscription
    }

    /// The invoice object.
    public var json: JSONValue {
        .object([
            "id": .string(id), "object": .string("invoice"), "customer": .string(customer),
            "status": .string(status), "amount_due": .number(Double(amountDue)), "currency": .string("usd"),
            "attempt_count": .number(Double(attemptCount)), "created": .number(Double(created)),
            "next_payment_attempt": status == "open" ? .number(Double(created + 86_400)) : .null,
            "hosted_invoice_url": .string("https://invoice.stripe.com/i/\(id)"), "livemode": .bool(false),
            "parent": .object([
                "type": .string("subscription_details"),
                "subscription_details": .object(["subscription": subscription.map(JSONValue.string) ?? .null]),
            ]),
        ])
    }
}

/// A card payment method as Stripe's JSON.
public struct PaymentMethodFixture: Sendable, Hashable {
    /// The `id` field.
    public var id: String
    /// The `customer` field.
    public var customer: String?
    /// The `brand` field.
    public var brand = "visa"
    /// The `last4` field.
    public var last4 = "4242"
    /// The `exp_month` field.
    public var expMonth = 12
    /// The `exp_year` field.
    public var expYear = 2034

    /// Creates an attached Visa.
    public init(id: String, customer: String?) {
        self.id = id
        self.customer = customer
    }

    /// The payment method object.
    public var json: JSONValue {
        .object([
            "id": .string(id), "object": .string("payment_method"), "type": .string("card"),
            "customer": customer.map(JSONValue.string) ?? .null, "livemode": .bool(false),
            "card": .object([
                "brand": .string(brand), "last4": .string(last4), "exp_month": .number(Double(expMonth)),
                "exp_year": .number(Double(expYear)), "funding": .string("credit"), "country": .string("US"),
            ]),
            "billing_details": .object(["email": .null, "name": .null]),
        ])
    }
}
