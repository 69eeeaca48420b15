public import Foundation
public import StripeAPI

/// What an account may use right now, derived from the projection.
public struct BillingAccess: Sendable, Equatable {
    /// The plan of the current subscription.
    public struct Plan: Sendable, Equatable {
        /// The product.
        public var product: ProductID?
        /// The price.
        public var price: PriceID?
        /// The price's lookup key, the stable name to branch on (`pro_monthly`).
        public var lookupKey: String?
    }

    /// The subscription state, as an app shows it.
    public enum Status: Sendable, Equatable {
        /// No subscription (or only incomplete ones).
        case none
        /// In a trial that ends at the date, if known.
        case trialing(endsAt: Date?)
        /// Paid up.
        case active
        /// A payment failed; Stripe is retrying (`past_due`, or `unpaid` after retries).
        case pastDue
        /// Paused: status `paused`, or `pause_collection` set on an active subscription.
        case paused
        /// Canceled by the customer; access lasts until the date.
        case canceling(endsAt: Date)
        /// Ended.
        case canceled

        /// Whether there is a subscription that has not ended: a subscriber changes plans in the portal rather than
        /// starting a new one through Checkout.
        public var isLive: Bool {
            switch self {
            case .none, .canceled: false
            default: true
            }
        }
    }

    /// The plan, nil without a subscription.
    public var plan: Plan?
    /// The status.
    public var status: Status
    /// Whether to serve paid features.
    public var isEntitled: Bool
    /// Canceled but still within the paid period.
    public var onGracePeriod: Bool
    /// A payment failed or is outstanding (show "update your card").
    public var hasPaymentProblem: Bool
    /// The subscription the answer is based on.
    public var subscriptionID: SubscriptionID?
    /// The payment method on file, for display.
    public var paymentMethod: PaymentMethodDisplay?
    /// The most recent invoice of the subscription.
    public var latestInvoice: InvoiceSummary?

    /// No subscription at all.
    public static let none = BillingAccess(
        plan: nil,
        status: .none,
        isEntitled: false,
        onGracePeriod: false,
        hasPaymentProblem: false,
        subscriptionID: nil,
        paymentMethod: nil,
        latestInvoice: nil
    )
}

/// A payment method as a billing page shows it; never the card number.
public struct PaymentMethodDisplay: Sendable, Equatable {
    /// The payment method.
    public var id: PaymentMethodID
    /// `visa`, `mastercard`, …
    public var brand: String?
    /// The last four digits.
    public var last4: String?
    /// Expiry month.
    public var expMonth: Int?
    /// Expiry year.
    public var expYear: Int?
}

/// The latest invoice, as a billing page shows it.
public struct InvoiceSummary: Sendable, Equatable {
    /// The invoice.
    public var id: InvoiceID
    /// `draft`, `open`, `paid`, `uncollectible`, `void`.
    public var status: String
    /// The amount due in the minor unit.
    public var amountDue: Int?
    /// The currency.
    public var currency: String?
    /// Whether its payment failed and is being retried.
    public var paymentFailed: Bool
    /// Where the customer can pay it.
    public var hostedInvoiceURL: String?
}

/// Which states grant access.
public struct AccessPolicy: Sendable, Equatable {
    /// Whether `past_due` keeps access while Stripe retries (default true; `unpaid` never does).
    public var pastDueIsEntitled: Bool
    /// Whether a paused subscription keeps access (default false).
    public var pausedIsEntitled: Bool

    /// Creates a policy.
    public init(pastDueIsEntitled: Bool = true, pausedIsEntitled: Bool = false) {
        self.pastDueIsEntitled = pastDueIsEntitled
        self.pausedIsEntitled = pausedIsEntitled
    }
}
