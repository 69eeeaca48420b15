public import StripeAPI

/// Something that happened to a customer's billing that a host application may want to react to: provision seats
/// when the plan changes, revoke access when a subscription ends, send its own mail when a payment fails.
///
/// Facts are read from the events themselves (never from a comparison with the stored projection), so a duplicated,
/// replayed or reordered stream yields the same facts; each has a ``key`` that names it exactly once (a cancellation
/// scheduled for one date, the failure of one payment attempt). Handlers registered with ``BillingHooks`` receive
/// each fact once per handler, after the event that carried it is in the projection.
public struct BillingFact: Sendable, Equatable, Hashable, Codable {
    /// What happened.
    public enum Kind: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
        /// A subscription became live (active, trialing or past due) for the first time.
        case subscriptionStarted = "subscription.started"
        /// A live subscription moved to another price.
        case planChanged = "subscription.plan_changed"
        /// The customer canceled; the subscription ends at ``BillingFact/after``'s `cancelAt`.
        case cancellationScheduled = "subscription.cancellation_scheduled"
        /// The subscription ended.
        case subscriptionCanceled = "subscription.canceled"
        /// A new billing period was paid for (an invoice for a subscription cycle was paid).
        case subscriptionRenewed = "subscription.renewed"
        /// A payment attempt on an invoice failed.
        case paymentFailed = "invoice.payment_failed"
        /// An invoice was paid (a renewal invoice is also ``subscriptionRenewed``); the dunning mails confirm a payment
        /// that had failed with it.
        case invoicePaid = "invoice.paid"
        /// The customer's default payment method changed.
        case paymentMethodChanged = "customer.payment_method_changed"
        /// A trial ends in about three days.
        case trialEnding = "subscription.trial_ending"
    }

    /// A subscription's state, before or after the fact.
    public struct State: Sendable, Equatable, Hashable, Codable {
        /// The subscription status (`active`, `trialing`, …), when known.
        public var status: String?
        /// The price.
        public var price: PriceID?
        /// The product.
        public var product: ProductID?
        /// The price's lookup key (`pro_monthly`).
        public var lookupKey: String?
        /// The quantity (seats).
        public var quantity: Int64?
        /// The end of the current period (Unix seconds).
        public var currentPeriodEnd: Int64?
        /// When a scheduled cancellation takes effect (Unix seconds).
        public var cancelAt: Int64?
        /// The end of the trial (Unix seconds).
        public var trialEnd: Int64?

        /// Creates a state.
        public init(
            status: String? = nil,
            price: PriceID? = nil,
            product: ProductID? = nil,
            lookupKey: String? = nil,
            quantity: Int64? = nil,
            currentPeriodEnd: Int64? = nil,
            cancelAt: Int64? = nil,
            trialEnd: Int64? = nil
        ) {
            self.status = status
            self.price = price
            self.product = product
            self.lookupKey = lookupKey
            self.quantity = quantity
            self.currentPeriodEnd = currentPeriodEnd
            self.cancelAt = cancelAt
            self.trialEnd = trialEnd
        }
    }

    /// What happened.
    public var kind: Kind
    /// Names this fact exactly once, such as `subscription.plan_changed:sub_123:evt_456`; the handler's outbox row is
    /// keyed by it.
    public var key: String
    /// The Stripe event that carried the fact; nil when reconciliation found it.
    public var eventID: String?
    /// When it happened (the event's `created`, Unix seconds).
    public var occurredAt: Int64
    /// The Stripe customer.
    public var customer: CustomerID
    /// The subscription, for subscription facts and subscription invoices.
    public var subscription: SubscriptionID?
    /// The invoice, for payment facts.
    public var invoice: InvoiceID?
    /// The new default payment method, for ``Kind/paymentMethodChanged``.
    public var paymentMethod: PaymentMethodID?
    /// The subscription before the change, from the event's `previous_attributes`; nil when the event did not say.
    public var before: State?
    /// The subscription after the change, when the fact is about a subscription.
    public var after: State?
    /// The amount due in the currency's minor unit, for payment facts.
    public var amountDue: Int64?
    /// The currency, for payment facts.
    public var currency: String?
    /// When Stripe retries a failed payment (Unix seconds), for ``Kind/paymentFailed``.
    public var nextPaymentAttempt: Int64?

    /// Creates a fact.
    public init(
        kind: Kind,
        key: String,
        eventID: String?,
        occurredAt: Int64,
        customer: CustomerID,
        subscription: SubscriptionID? = nil,
        invoice: InvoiceID? = nil,
        paymentMethod: PaymentMethodID? = nil,
        before: State? = nil,
        after: State? = nil,
        amountDue: Int64? = nil,
        currency: String? = nil,
        nextPaymentAttempt: Int64? = nil
    ) {
        self.kind = kind
        self.key = key
        self.eventID = eventID
        self.occurredAt = occurredAt
        self.customer = customer
        self.subscription = subscription
        self.invoice = invoice
        self.paymentMethod = paymentMethod
        self.before = before
        self.after = after
        self.amountDue = amountDue
        self.currency = currency
        self.nextPaymentAttempt = nextPaymentAttempt
    }

    /// The object the fact is about (subscription, else invoice, else customer), the outbox row's subject.
    var subjectID: String {
        subscription?.rawValue ?? invoice?.rawValue ?? customer.rawValue
    }
}

extension BillingFact.State {
    /// The state a subscription snapshot shows.
    init(_ s: SubscriptionSnapshot) {
        self.init(
            status: s.status.rawValue,
            price: s.priceID,
            product: s.productID,
            lookupKey: s.lookupKey,
            quantity: s.quantity,
            currentPeriodEnd: s.currentPeriodEnd,
            cancelAt: s.cancelAt ?? (s.cancelAtPeriodEnd ? s.currentPeriodEnd : nil),
            trialEnd: s.trialEnd
        )
    }
}
