public import Foundation
import Logging

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
                refreshed = try await checkout.complete(account: account, session: checkoutSession)
            } catch {
                logger.warning("could not read the Checkout session on return", metadata: ["error": "\(error)"])
            }
        }
        if returningFromPortal, let customer = try await customers.customer(for: account.id) {
            do {
                try await reconciler.reconcile(customer: customer)
                refreshed = true
            } catch {
                logger.warning(
                    "could not refresh subscriptions on return from the portal",
                    metadata: ["error": "\(error)"]
                )
            }
        }
        let access = try await access(for: account.id)
        var plan: StripeCatalog.PlanDisplay?
        if let price = access.plan?.price { plan = await catalog.plan(for: price) }
        var periodEnd: Date?
        if let subscription = access.subscriptionID {
            periodEnd = try await projection.currentPeriodEnd(of: subscription)
        }
        return BillingPageState(
            account: account,
            access: access,
            plan: plan,
            features: await catalog.portalFeatures(),
            currentPeriodEnd: periodEnd,
            invoices: try await projection.recentInvoices(of: account.id, limit: configuration.invoiceCount),
            refreshed: refreshed,
            plans: access.status.isLive ? [] : await catalog.offeredPlans()
        )
    }
}
