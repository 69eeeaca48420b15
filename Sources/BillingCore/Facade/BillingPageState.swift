import BillingDatabase
import BillingSupport
public import Foundation
import Logging
import StripeAPI

/// Everything a billing page shows about an account, read in one call
/// (``Billing/billingPage(for:returningFromPortal:checkoutSession:)``).
public struct BillingPageState: Sendable {
    /// The account.
    public var account: BillingAccount
    /// Its access and subscription state.
    public var access: BillingAccess
    /// The plan's name and price, when the catalog could read them.
    public var plan: StripeCatalog.PlanDisplay?
    /// Which portal features the configuration enables.
    public var features: StripeCatalog.PortalFeatures
    /// The end of the current period (the renewal date).
    public var currentPeriodEnd: Date?
    /// Recent invoices, newest first.
    public var invoices: [ProjectionReader.InvoiceRecord]
    /// Whether the state was refreshed from Stripe (on return from the portal or from Checkout).
    public var refreshed: Bool
    /// The plans the account can subscribe to through Checkout; empty for subscribers, who change plans in the
    /// portal.
    public var plans: [StripeCatalog.PlanOption]
    /// What a discount (such as a promotion code entered in Checkout) took off the subscription's latest invoice;
    /// nil without one.
    public var discount: AppliedDiscount? = nil
    /// The account's locale and time zone (over the configured defaults): how the page writes money and dates.
    public var formatter: BillingFormatter = .standard

    /// A discount on the latest invoice: the amount from the projection, the code and terms from Stripe when it
    /// could be read.
    public struct AppliedDiscount: Sendable, Equatable {
        /// The amount taken off, in the minor unit.
        public var amount: Int64
        /// The invoice's subtotal before the discount, when known.
        public var subtotal: Int64?
        /// The currency.
        public var currency: String
        /// The code, name and terms, nil when Stripe could not be read.
        public var terms: StripeCatalog.DiscountTerms?

        /// Creates a value.
        public init(amount: Int64, subtotal: Int64?, currency: String, terms: StripeCatalog.DiscountTerms?) {
            self.amount = amount
            self.subtotal = subtotal
            self.currency = currency
            self.terms = terms
        }
    }
}

extension Billing {
    /// Reads the billing page's state. On return from the portal (whose link carries no result) the account's
    /// subscriptions are first refreshed from Stripe, so the page shows the change before webhooks arrive; when
    /// Stripe cannot be reached the page still renders from the projection.
    ///
    /// Back from Checkout (`checkoutSession` is the `{CHECKOUT_SESSION_ID}` Stripe put in the success URL), the
    /// session is read from Stripe and, when it belongs to this account and is complete, the subscription is
    /// refreshed the same way.
    public func billingPage(
        for account: BillingAccount,
        returningFromPortal: Bool,
        checkoutSession: String? = nil
    ) async throws -> BillingPageState {
        var refreshed = false
        if let checkoutSession {
            do {
                if let session = try await checkout.completedSession(account: account, session: checkoutSession) {
                    refreshed = true
                    // The first invoice (with any promotion code's discount) may not have arrived by webhook yet.
                    if let invoice = session.invoice?.id { try await refresh(invoice: invoice) }
                }
            } catch {
                logger.warning("could not read the Checkout session on return", metadata: ["error": "\(error)"])
            }
        }
        if returningFromPortal, let customer = try await customers.customer(for: account.id) {
            do {
                try await reconciler.reconcile(customer: customer)
                // A card added in the portal reaches the page through the customer's default, subscription or not.
                if case .customer(let snapshot)? = try await refresh(.customer(customer)),
                    let method = snapshot.defaultPaymentMethodID
                {
                    try await refresh(.paymentMethod(method))
                }
                refreshed = true
            } catch {
                logger.warning(
                    "could not refresh subscriptions on return from the portal",
                    metadata: ["error": "\(error)"]
                )
            }
        }
        try await customers.recordFormatting(of: account)
        var access = try await access(for: account.id)
        if access.paymentMethod == nil {
            access.paymentMethod = try await projection.customerPaymentMethod(of: account.id)
        }
        var plan: StripeCatalog.PlanDisplay?
        if let price = access.plan?.price { plan = await catalog.plan(for: price) }
        var periodEnd: Date?
        var discount: BillingPageState.AppliedDiscount?
        if let subscription = access.subscriptionID {
            periodEnd = try await projection.currentPeriodEnd(of: subscription)
            if let found = try await projection.latestInvoiceDiscount(of: subscription) {
                discount = BillingPageState.AppliedDiscount(
                    amount: found.amount,
                    subtotal: found.subtotal,
                    currency: found.currency,
                    terms: await catalog.discountTerms(onInvoice: found.invoice)
                )
            }
        }
        return BillingPageState(
            account: account,
            access: access,
            plan: plan,
            features: await catalog.portalFeatures(),
            currentPeriodEnd: periodEnd,
            invoices: try await projection.recentInvoices(of: account.id, limit: configuration.invoiceCount),
            refreshed: refreshed,
            plans: access.status.isLive ? [] : await catalog.offeredPlans(),
            discount: discount,
            formatter: formatter(for: account)
        )
    }

    /// How money and dates are written for an account: its own locale and time zone
    /// (``BillingAccount/locale``, ``BillingAccount/timeZone``) over the configured `billing.locale` and
    /// `billing.timeZone`. Pages and emails about the account format through it.
    /// - Parameter account: the account.
    /// - Returns: the account's formatter.
    public func formatter(for account: BillingAccount) -> BillingFormatter {
        configuration.formatting.resolved(for: account)
    }

    /// Writes an invoice read from Stripe into the projection, versioned by the fetch time like a reconciled
    /// subscription: it replaces an older snapshot, never a later event's or a deleted one.
    func refresh(invoice: InvoiceID) async throws {
        try await refresh(.invoice(invoice))
    }

    /// Writes an object read from Stripe into the projection, versioned by the fetch time (see
    /// ``refresh(invoice:)``).
    /// - Returns: the snapshot read, nil when Stripe no longer has the object.
    @discardableResult
    func refresh(_ object: ObjectReference) async throws -> ObjectSnapshot? {
        guard let snapshot = try await stripe.currentSnapshot(of: object) else { return nil }
        let fetchedAt = now()
        let version = SnapshotVersion(
            created: Int64(fetchedAt.timeIntervalSince1970),
            eventID: nil,
            isTerminal: EventReducer.isTerminal(snapshot)
        )
        try await database.transaction { sql in
            let stored = try await ProjectionStore.storedVersion(of: snapshot, on: sql)
            if Reconciler.shouldApply(stored: stored, fetched: version) {
                try await ProjectionStore.write(snapshot, version: version, now: fetchedAt.unixMilliseconds, on: sql)
            }
        }
        return snapshot
    }
}
