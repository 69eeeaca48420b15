public import Foundation
public import StripeAPI

/// Where billing lives in the host application and how it behaves: the public URL and paths it builds links from,
/// the portal configuration, the access policy, the processor's settings and the cancellation survey.
///
/// Every value is known before anything is opened: ``init(reader:)`` validates them all, so a bad value stops
/// start-up with one clear error instead of failing on the first request.
public struct BillingConfiguration: Sendable {
    /// The application's public base URL, such as `https://app.example.com`; every link handed to Stripe (the
    /// portal's return link, survey redirects) is built from it, never from a request.
    public var publicURL: URL
    /// The billing page (`GET`).
    public var billingPath: String
    /// The "Manage billing" endpoint (`POST`).
    public var portalPath: String
    /// The endpoint that starts a subscription through Checkout (`POST`).
    public var checkoutPath: String
    /// The Stripe webhook endpoint (`POST`).
    public var webhookPath: String
    /// Where anonymous visitors are sent; `?next=` carries the page they asked for.
    public var loginPath: String
    /// The portal configuration (`bpc_…`) used for sessions; the account's default configuration when nil.
    public var portalConfiguration: PortalConfigurationID?
    /// Where "Contact support" points when the portal routes plan changes or cancellations to support.
    public var supportURL: String
    /// How many recent invoices the billing page lists.
    public var invoiceCount: Int
    /// Which subscription states grant access.
    public var access: AccessPolicy
    /// The event processor's settings.
    public var events: EventProcessorConfiguration
    /// The cancellation survey and its save offers; the survey is mounted at ``surveyPath`` when enabled.
    public var retention: RetentionPolicy
    /// The locale and time zone money and dates are shown in when the account names none (`billing.locale`,
    /// `billing.timeZone`); see ``BillingFormatter/resolved(for:)``.
    public var formatting: BillingFormatter
    /// What `GET /health/ready` requires beyond a database that answers (`health.ready.*`).
    public var readiness: ReadinessPolicy
    /// How long outbox claims keep other instances off a row (`billing.hooks.claimLeaseSeconds`,
    /// `billing.mail.claimLeaseSeconds`).
    public var claimLeases: ClaimLeases

    /// Creates a configuration.
    public init(
        publicURL: URL,
        billingPath: String = "/settings/billing",
        portalPath: String = "/billing/portal",
        checkoutPath: String = "/billing/checkout",
        webhookPath: String = "/webhooks/stripe",
        loginPath: String = "/login",
        portalConfiguration: PortalConfigurationID? = nil,
        supportURL: String = "mailto:support@example.com",
        invoiceCount: Int = 5,
        access: AccessPolicy = AccessPolicy(),
        events: EventProcessorConfiguration = EventProcessorConfiguration(),
        retention: RetentionPolicy = RetentionPolicy(),
        formatting: BillingFormatter = .standard,
        readiness: ReadinessPolicy = ReadinessPolicy(),
        claimLeases: ClaimLeases = ClaimLeases()
    ) {
        self.publicURL = publicURL
        self.billingPath = billingPath
        self.portalPath = portalPath
        self.checkoutPath = checkoutPath
        self.webhookPath = webhookPath
        self.loginPath = loginPath
        self.portalConfiguration = portalConfiguration
        self.supportURL = supportURL
        self.invoiceCount = invoiceCount
        self.access = access
        self.events = events
        self.retention = retention
        self.formatting = formatting
        self.readiness = readiness
        self.claimLeases = claimLeases
    }

    /// The cancellation survey (`GET` shows it, `POST` answers it); nil when the survey is off, in which case
    /// "Cancel subscription" deep-links straight to the portal's cancel flow.
    public var surveyPath: String? { retention.surveyEnabled ? billingPath + "/cancel" : nil }

    /// The URL the portal's "Return" link goes to: the billing page, marked so the page refreshes from Stripe.
    public var returnURL: String { absoluteURL(billingPath) + "?" + Self.returnMarker + "=1" }

    /// The absolute URL of an application path, built from ``publicURL``.
    public func absoluteURL(_ path: String) -> String {
        var base = publicURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return base + path
    }

    /// The query item that marks a return from the portal.
    public static let returnMarker = "from_portal"
}
