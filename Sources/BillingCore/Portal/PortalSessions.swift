public import Foundation
public import StripeAPI
import Tracing

/// Opens Stripe customer-portal sessions for signed-in accounts: mapping → lazy customer → the account's
/// subscription (one query) → session.
///
/// The customer comes from the server-side mapping (created on first use, exactly once per account); the return
/// URL comes from configuration, never from the request; the deep link comes from an allowlist and the
/// subscription in it from the projection. The session URL is a bearer credential: it is returned for an
/// immediate redirect and never logged.
///
/// Each session is a `billing.portal.open` span (attribute `billing.portal.flow`; the Stripe calls are its children)
/// and, once Stripe returned it, counts in `billing_portal_sessions_total{flow}`.
public struct PortalSessions: Sendable {
    private let stripe: StripeClient
    private let customers: CustomerDirectory
    private let projection: ProjectionReader
    private let configuration: BillingConfiguration

    /// Creates a portal opener.
    /// - Parameters:
    ///   - stripe: the Stripe client.
    ///   - customers: the account-to-customer mapping.
    ///   - projection: reads the account's customer and subscription.
    ///   - configuration: supplies the return URL and the portal configuration id.
    public init(
        stripe: StripeClient,
        customers: CustomerDirectory,
        projection: ProjectionReader,
        configuration: BillingConfiguration
    ) {
        self.stripe = stripe
        self.customers = customers
        self.projection = projection
        self.configuration = configuration
    }

    /// Creates a portal session for the account and returns its URL.
    /// - Parameters:
    ///   - account: the signed-in account.
    ///   - link: the deep link the page asked for; a subscription deep link for an account without a
    ///     subscription opens the portal's home page.
    /// - Returns: the session URL to redirect to (303).
    /// - Throws: ``StripeAPI/StripeError`` or a database error; nothing half-written remains.
    public func open(account: BillingAccount, link: PortalDeepLink = .home) async throws -> URL {
        try await traced(flow: link == .home ? "home" : link.rawValue) {
            let (customer, subscription) = try await resolve(account)
            return try await create(
                customer: customer,
                flow: Self.flow(for: link, subscription: subscription, returnURL: configuration.returnURL)
            )
        }
    }

    /// Opens the portal's cancel flow for `subscription`, offering `retentionCoupon` (Stripe's
    /// `retention.coupon_offer`) before the customer confirms; after completion the portal returns to the app.
    /// - Throws: ``StripeAPI/StripeError`` or a database error.
    public func openCancelFlow(
        account: BillingAccount,
        subscription: SubscriptionID,
        retentionCoupon: CouponID?
    ) async throws -> URL {
        try await traced(flow: PortalDeepLink.subscriptionCancel.rawValue) {
            let customer = try await customers.ensureCustomer(
                account: account.id,
                email: account.email,
                name: account.name
            )
            return try await create(
                customer: customer,
                flow: .subscriptionCancel(
                    subscription,
                    retentionCoupon: retentionCoupon,
                    afterCompletion: .redirect(to: configuration.returnURL)
                )
            )
        }
    }

    /// Runs one session opening in its span and counts it once Stripe has returned the session.
    private func traced(flow: String, _ body: () async throws -> URL) async throws -> URL {
        let url = try await withSpan("billing.portal.open") { span in
            span.attributes["billing.portal.flow"] = flow
            return try await body()
        }
        BillingMetrics.portalSessionOpened(flow: flow)
        return url
    }

    /// The account's customer (created on first use) and its current subscription.
    private func resolve(_ account: BillingAccount) async throws -> (CustomerID, SubscriptionID?) {
        if let known = try await projection.accountBilling(of: account.id) {
            return (known.customer, known.subscription)
        }
        // A new customer has no subscription yet: nothing more to read.
        return (try await customers.ensureCustomer(account: account.id, email: account.email, name: account.name), nil)
    }

    private func create(customer: CustomerID, flow: PortalFlow?) async throws -> URL {
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
