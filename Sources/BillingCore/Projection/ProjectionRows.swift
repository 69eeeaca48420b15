import StripeAPI

/// A row of `billing_subscriptions`.
struct SubscriptionRow: Codable, Sendable, Equatable, Hashable {
    var id: String
    var stripeCustomerID: String
    /// Stored as Stripe's raw status string.
    var status: Subscription.Status
    var priceID: String?
    var productID: String?
    var lookupKey: String?
    var quantity: Int64?
    var cancelAtPeriodEnd: Bool
    var cancelAt: Int64?
    var canceledAt: Int64?
    var endedAt: Int64?
    var currentPeriodEnd: Int64?
    var trialEnd: Int64?
    var pauseBehavior: String?
    var pauseResumesAt: Int64?
    var cancellationReason: String?
    var cancellationFeedback: String?
    var cancellationComment: String?
    var defaultPaymentMethodID: String?
    var latestInvoiceID: String?
    var livemode: Bool
    var deleted: Bool
    var created: Int64
    var snapshotCreated: Int64
    var snapshotEventID: String?

    enum CodingKeys: String, CodingKey {
        case id, status, quantity, livemode, deleted, created
        case stripeCustomerID = "stripe_customer_id"
        case priceID = "price_id"
        case productID = "product_id"
        case lookupKey = "lookup_key"
        case cancelAtPeriodEnd = "cancel_at_period_end"
        case cancelAt = "cancel_at"
        case canceledAt = "canceled_at"
        case endedAt = "ended_at"
        case currentPeriodEnd = "current_period_end"
        case trialEnd = "trial_end"
        case pauseBehavior = "pause_behavior"
        case pauseResumesAt = "pause_resumes_at"
        case cancellationReason = "cancellation_reason"
        case cancellationFeedback = "cancellation_feedback"
        case cancellationComment = "cancellation_comment"
        case defaultPaymentMethodID = "default_payment_method_id"
        case latestInvoiceID = "latest_invoice_id"
        case snapshotCreated = "snapshot_created"
        case snapshotEventID = "snapshot_event_id"
    }

}

extension SubscriptionRow {
    init(_ s: SubscriptionSnapshot, version: SnapshotVersion) {
        id = s.id.rawValue
        stripeCustomerID = s.customerID.rawValue
        status = s.status
        priceID = s.priceID?.rawValue
        productID = s.productID?.rawValue
        lookupKey = s.lookupKey
        quantity = s.quantity
        cancelAtPeriodEnd = s.cancelAtPeriodEnd
        cancelAt = s.cancelAt
        canceledAt = s.canceledAt
        endedAt = s.endedAt
        currentPeriodEnd = s.currentPeriodEnd
        trialEnd = s.trialEnd
        pauseBehavior = s.pauseBehavior
        pauseResumesAt = s.pauseResumesAt
        cancellationReason = s.cancellationReason
        cancellationFeedback = s.cancellationFeedback
        cancellationComment = s.cancellationComment
        defaultPaymentMethodID = s.defaultPaymentMethodID?.rawValue
        latestInvoiceID = s.latestInvoiceID?.rawValue
        livemode = s.livemode
        deleted = version.isTerminal
        created = s.created
        snapshotCreated = version.created
        snapshotEventID = version.eventID
    }
}

/// A row of `billing_invoices`.
struct InvoiceRow: Codable, Sendable, Equatable, Hashable {
    var id: String
    var stripeCustomerID: String
    var subscriptionID: String?
    /// Stripe's status, or `deleted` once the invoice is gone (``Invoice/Status/projectionDeleted``).
    var status: String
    var amountDue: Int64?
    var currency: String?
    var attemptCount: Int64?
    var subtotal: Int64?
    var discountAmount: Int64?
    var nextPaymentAttempt: Int64?
    var paymentFailed: Bool
    var hostedInvoiceURL: String?
    var created: Int64
    var snapshotCreated: Int64
    var snapshotEventID: String?

    enum CodingKeys: String, CodingKey {
        case id, status, currency, created, subtotal
        case stripeCustomerID = "stripe_customer_id"
        case subscriptionID = "subscription_id"
        case amountDue = "amount_due"
        case discountAmount = "discount_amount"
        case attemptCount = "attempt_count"
        case nextPaymentAttempt = "next_payment_attempt"
        case paymentFailed = "payment_failed"
        case hostedInvoiceURL = "hosted_invoice_url"
        case snapshotCreated = "snapshot_created"
        case snapshotEventID = "snapshot_event_id"
    }

}

extension InvoiceRow {
    init(_ i: InvoiceSnapshot, version: SnapshotVersion) {
        id = i.id.rawValue
        stripeCustomerID = i.customerID.rawValue
        subscriptionID = i.subscriptionID?.rawValue
        status = (version.isTerminal ? .projectionDeleted : i.status).rawValue
        amountDue = i.amountDue
        currency = i.currency
        attemptCount = i.attemptCount
        subtotal = i.subtotal
        discountAmount = i.discountAmount
        nextPaymentAttempt = i.nextPaymentAttempt
        // An open invoice with a payment attempt behind it is one whose payment failed (Stripe retries it).
        paymentFailed = i.status == .open && (i.attemptCount ?? 0) > 0
        hostedInvoiceURL = i.hostedInvoiceURL
        created = i.created
        snapshotCreated = version.created
        snapshotEventID = version.eventID
    }
}

extension Invoice.Status {
    /// Not a Stripe status: what the projection stores for an invoice whose deletion event arrived (a draft
    /// deleted in the Dashboard), so readers skip it.
    static let projectionDeleted: Self = "deleted"
}

/// How much a subscription counts when choosing the one that decides an account's access, from its typed status.
extension SubscriptionRank {
    init(status: Subscription.Status, deleted: Bool) {
        if deleted || status.isTerminal {
            self = .ended
        } else if status.isLive {
            self = .live
        } else {
            self = .incomplete
        }
    }
}

/// A row of `billing_payment_methods` (display fields only).
struct PaymentMethodRow: Codable, Sendable, Equatable, Hashable {
    var id: String
    var stripeCustomerID: String?
    var type: String
    var brand: String?
    var last4: String?
    var expMonth: Int64?
    var expYear: Int64?
    var detached: Bool
    var snapshotCreated: Int64
    var snapshotEventID: String?

    enum CodingKeys: String, CodingKey {
        case id, type, brand, last4, detached
        case stripeCustomerID = "stripe_customer_id"
        case expMonth = "exp_month"
        case expYear = "exp_year"
        case snapshotCreated = "snapshot_created"
        case snapshotEventID = "snapshot_event_id"
    }

}

extension PaymentMethodRow {
    init(_ p: PaymentMethodSnapshot, version: SnapshotVersion) {
        id = p.id.rawValue
        stripeCustomerID = p.customerID?.rawValue
        type = p.type
        brand = p.brand
        last4 = p.last4
        expMonth = p.expMonth
        expYear = p.expYear
        detached = version.isTerminal
        snapshotCreated = version.created
        snapshotEventID = version.eventID
    }
}

/// A row of `billing_stripe_customers`.
struct StripeCustomerRow: Codable, Sendable, Equatable, Hashable {
    var id: String
    var email: String?
    var defaultPaymentMethodID: String?
    var deleted: Bool
    var snapshotCreated: Int64
    var snapshotEventID: String?

    enum CodingKeys: String, CodingKey {
        case id, email, deleted
        case defaultPaymentMethodID = "default_payment_method_id"
        case snapshotCreated = "snapshot_created"
        case snapshotEventID = "snapshot_event_id"
    }

}

extension StripeCustomerRow {
    init(_ c: CustomerSnapshot, version: SnapshotVersion) {
        id = c.id.rawValue
        email = c.email
        defaultPaymentMethodID = c.defaultPaymentMethodID?.rawValue
        deleted = version.isTerminal
        snapshotCreated = version.created
        snapshotEventID = version.eventID
    }
}
