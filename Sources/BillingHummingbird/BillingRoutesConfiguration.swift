public import Foundation
public import StripeAPI

/// Where the billing routes live and how they build the URLs they hand to Stripe.
public struct BillingRoutesConfiguration: Sendable {
    /// The application's public base URL, such as `https://app.example.com`; the portal's return link is built
    /// from it, never from the request.
    public var publicURL: URL
    /// The billing page (`GET`).
    public var billingPath: String
    /// The "Manage billing" endpoint (`POST`).
    public var portalPath: String
    /// The Stripe webhook endpoint (`POST`).
    public var webhookPath: String
    /// Where anonymous visitors are sent; `?next=` carries the billing page path.
    public var loginPath: String
    /// The portal configuration (`bpc_…`) used for sessions; the account's default configuration when nil.
    public var portalConfiguration: PortalConfigurationID?
    /// Where "Contact support" points when the portal routes plan changes or cancellations to support.
    public var supportURL: String
    /// How many recent invoices the billing page lists.
    public var invoiceCount: Int
    /// The cancellation survey (`GET` shows it, `POST` answers it); when nil, "Cancel subscription" deep-links
    /// straight to the portal's cancel flow.
    public var surveyPath: String?

    /// Creates a configuration.
    public init(
        publicURL: URL,
        billingPath: String = "/settings/billing",
        portalPath: String = "/billing/portal",
        webhookPath: String = "/webhooks/stripe",
        loginPath: String = "/login",
        portalConfiguration: PortalConfigurationID? = nil,
        supportURL: String = "mailto:support@example.com",
        invoiceCount: Int = 5
    ) {
        self.publicURL = publicURL
        self.billingPath = billingPath
        self.portalPath = portalPath
        self.webhookPath = webhookPath
        self.loginPath = loginPath
        self.portalConfiguration = portalConfiguration
        self.supportURL = supportURL
        self.invoiceCount = invoiceCount
    }

    /// The URL the portal's "Return" link goes to: the billing page, marked so the page refreshes from Stripe.
    public var returnURL: String {
        var base = publicURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return base + billingPath + "?" + Self.returnMarker + "=1"
    }

    /// The query item that marks a return from the portal.
    public static let returnMarker = "from_portal"
}
