public import StripeAPI

/// The fields of a Stripe subscription the projection keeps, decoded from an event or an API response.
///
/// Decoding is tolerant: unknown fields are ignored and the billing period is read from the first item
/// (API versions since basil) with a fallback to the legacy top-level `current_period_end`.
public struct SubscriptionSnapshot: Decodable, Sendable, Equatable {
    /// The subscription id.
    public var id: SubscriptionID
    /// The customer it belongs to.
    public var customerID: CustomerID
    /// The status (`trialing`, `active`, `past_due`, `paused`, `canceled`, …); a status this library does not know
    /// yet decodes too and keeps its raw value.
    public var status: Subscription.Status
    /// The first item's price.
    public var priceID: PriceID?
    /// The first item's product.
    public var productID: ProductID?
    /// The first item's price lookup key.
    public var lookupKey: String?
    /// The first item's quantity.
    public var quantity: Int64?
    /// Whether it cancels at the end of the period.
    public var cancelAtPeriodEnd: Bool
    /// When it will cancel (Unix seconds).
    public var cancelAt: Int64?
    /// When cancellation was requested.
    public var canceledAt: Int64?
    /// When it ended.
    public var endedAt: Int64?
    /// The end of the current period.
    public var currentPeriodEnd: Int64?
    /// The end of the trial.
    public var trialEnd: Int64?
    /// `pause_collection.behavior` when collection is paused.
    public var pauseBehavior: String?
    /// `pause_collection.resumes_at`.
    public var pauseResumesAt: Int64?
    /// `cancellation_details.reason`.
    public var cancellationReason: String?
    /// `cancellation_details.feedback`.
    public var cancellationFeedback: String?
    /// `cancellation_details.comment`.
    public var cancellationComment: String?
    /// The subscription's own default payment method.
    public var defaultPaymentMethodID: PaymentMethodID?
    /// The most recent invoice.
    public var latestInvoiceID: InvoiceID?
    /// Whether it lives in live mode.
    public var livemode: Bool
    /// When it was created (Unix seconds).
    public var created: Int64

    /// Whether a cancellation is scheduled (either form Stripe uses).
    public var isCancellationScheduled: Bool { cancelAtPeriodEnd || cancelAt != nil }

    private enum CodingKeys: String, CodingKey {
        case id, customer, status, items, livemode, created
        case cancelAtPeriodEnd = "cancel_at_period_end"
        case cancelAt = "cancel_at"
        case canceledAt = "canceled_at"
        case endedAt = "ended_at"
        case currentPeriodEnd = "current_period_end"
        case trialEnd = "trial_end"
        case pauseCollection = "pause_collection"
        case cancellationDetails = "cancellation_details"
        case defaultPaymentMethod = "default_payment_method"
        case latestInvoice = "latest_invoice"
    }

    /// `items` as Stripe sends it; also read from `previous_attributes` for plan changes.
    struct Items: Decodable {
        var data: [Item]
    }

    struct Item: Decodable {
        var price: Price?
        var quantity: Int64?
        var currentPeriodEnd: Int64?

        enum CodingKeys: String, CodingKey {
            case price, quantity
            case currentPeriodEnd = "current_period_end"
        }
    }

    struct Price: Decodable {
        var id: String
        var product: StripeReference?
        var lookupKey: String?

        enum CodingKeys: String, CodingKey {
            case id, product
            case lookupKey = "lookup_key"
        }
    }

    private struct PauseCollection: Decodable {
        var behavior: String?
        var resumesAt: Int64?

        enum CodingKeys: String, CodingKey {
            case behavior
            case resumesAt = "resumes_at"
        }
    }

    private struct CancellationDetails: Decodable {
        var reason: String?
        var feedback: String?
        var comment: String?
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(SubscriptionID.self, forKey: .id)
        customerID = CustomerID(try c.decode(StripeReference.self, forKey: .customer).id)
        status = try c.decode(Subscription.Status.self, forKey: .status)
        let item = try c.decodeIfPresent(Items.self, forKey: .items)?.data.first
        priceID = item?.price.map { PriceID($0.id) }
        productID = item?.price?.product.map { ProductID($0.id) }
        lookupKey = item?.price?.lookupKey
        quantity = item?.quantity
        cancelAtPeriodEnd = try c.decodeIfPresent(Bool.self, forKey: .cancelAtPeriodEnd) ?? false
        cancelAt = try c.decodeIfPresent(Int64.self, forKey: .cancelAt)
        canceledAt = try c.decodeIfPresent(Int64.self, forKey: .canceledAt)
        endedAt = try c.decodeIfPresent(Int64.self, forKey: .endedAt)
        currentPeriodEnd =
            try item?.currentPeriodEnd ?? c.decodeIfPresent(Int64.self, forKey: .currentPeriodEnd)
        trialEnd = try c.decodeIfPresent(Int64.self, forKey: .trialEnd)
        let pause = try c.decodeIfPresent(PauseCollection.self, forKey: .pauseCollection)
        pauseBehavior = pause?.behavior
        pauseResumesAt = pause?.resumesAt
        let details = try c.decodeIfPresent(CancellationDetails.self, forKey: .cancellationDetails)
        cancellationReason = details?.reason
        cancellationFeedback = details?.feedback
        cancellationComment = details?.comment
        defaultPaymentMethodID = try c.decodeIfPresent(StripeReference.self, forKey: .defaultPaymentMethod)
            .map { PaymentMethodID($0.id) }
        latestInvoiceID = try c.decodeIfPresent(StripeReference.self, forKey: .latestInvoice).map { InvoiceID($0.id) }
        livemode = try c.decodeIfPresent(Bool.self, forKey: .livemode) ?? false
        created = try c.decodeIfPresent(Int64.self, forKey: .created) ?? 0
    }
}
