public import BillingCore
public import Foundation
public import StripeAPI

/// Opens Stripe customer-portal sessions for signed-in accounts.
///
/// The customer comes from the server-side mapping (created on first use, exactly once per account); the return
/// URL comes from configuration, never from the request; the deep link comes from an allowlist and the
/// subscription in it from the projection. The session URL is a bearer credential: it is returned for an
/// immediate redirect and never logged.
public struct BillingPortal: Sendable {
    private let stripe: StripeClient
    private let customers: CustomerDirectory
    private let configuration: BillingRoutesConfiguration

    /// Creates a portal opener.
    /// - Parameters:
    ///   - stripe: the Stripe client.
    ///   - customers: the account-to-customer mapping.
    ///   - configuration: supplies the return URL and the portal configuration id.
    public init(stripe: StripeClient, customers: CustomerDirectory, configuration: BillingRoutesConfiguration) {
        self.stripe = stripe
        self.customers = customers
        self.configuration = configuration
    }

    /// Creates a portal session for the account and returns its URL.
    /// - Parameters:
    ///   - account: the signed-in account.
    ///   - link: the deep link the page asked for.
    ///   - subscription: the account's current subscription from the projection, for subscription deep links.
    /// - Returns: the session URL to redirect to (303).
    /// - Throws: ``StripeAPI/StripeError`` or a database error; nothing half-written remains.
    public func open(
        for account: BillingAccount,
        link: PortalDeepLink,
        subscription: SubscriptionID?
    ) async throws -> URL {
        try await open(
            for: account,
            flow: Self.flow(for: link, subscription: subscription, returnURL: configuration.returnURL)
        )
    }

    /// Opens the portal's cancel flow for `subscription`, offering `retentionCoupon` (Stripe's
    /// `retention.coupon_offer`) before the customer confirms; after completion the portal returns to the app.
    /// - Throws: ``StripeAPI/StripeError`` or a database error.
    public func openCancelFlow(
        for account: BillingAccount,
        subscription: SubscriptionID,
        retentionCoupon: CouponID?
    ) async throws -> URL {
        try await open(
            for: account,
            flow: .subscriptionCancel(
                subscription,
                retentionCoupon: retentionCoupon,
                afterCompletion: .redirect(to: configuration.returnURL)
            )
        )
    }

    private func open(for account: BillingAccount, flow: PortalFlow?) async throws -> URL {
        let customer = try await customers.ensureCustomer(account: account.id, email: account.email)
        let session = try await stripe.portalSessions.create(
            PortalSessionCreateParameters(
                customer: customer,
                returnURL: configuration.returnURL,
                configuration: configuration.portalConfiguration,
                flowData: flow
            )
        )
        return session.url
    }

    /// The `flow_data` for a deep link; nil (the portal's home page) when the link needs a subscription the
    /// account does not have.
    static func flow(for link: PortalDeepLink, subscription: SubscriptionID?, returnURL: String) -> PortalFlow? {
        let back = PortalFlow.AfterCompletion.redirect(to: returnURL)
        switch link {
        case .home:
            return nil
        case .paymentMethodUpdate:
            return .paymentMethodUpdate(afterCompletion: back)
        case .subscriptionUpdate:
            return subscription.map { .subscriptionUpdate($0, afterCompletion: back) }
        case .subscriptionCancel:
            return subscription.map { .subscriptionCancel($0, afterCompletion: back) }
        }
    }
}
