public import Configuration
import Foundation
import StripeAPI

extension BillingConfiguration {
    /// Reads and validates the billing configuration from the root reader.
    ///
    /// Keys (environment variable in brackets):
    /// - `app.publicURL` (`APP_PUBLIC_URL`), string, default `http://127.0.0.1:8080`: the public base URL every
    ///   link handed to Stripe is built from.
    /// - `billing.paths.billing` (`BILLING_PATHS_BILLING`), default `/settings/billing`; `billing.paths.portal`
    ///   (`BILLING_PATHS_PORTAL`), default `/billing/portal`; `billing.paths.checkout` (`BILLING_PATHS_CHECKOUT`),
    ///   default `/billing/checkout`; `billing.paths.webhook` (`BILLING_PATHS_WEBHOOK`),
    ///   default `/webhooks/stripe`; `billing.paths.login` (`BILLING_PATHS_LOGIN`), default `/login`: where the
    ///   routes are mounted and where anonymous visitors are sent.
    /// - `stripe.portalConfiguration` (`STRIPE_PORTAL_CONFIGURATION`), string, optional: the `bpc_…` id for
    ///   sessions; the one `billing portal-config apply` recorded, else Stripe's default, when unset.
    /// - `billing.supportURL` (`BILLING_SUPPORT_URL`), string, default `mailto:support@example.com`: the "Contact
    ///   support" link.
    /// - `billing.invoiceCount` (`BILLING_INVOICE_COUNT`), int, default 5: invoices listed on the billing page.
    /// - `billing.locale` (`BILLING_LOCALE`), string, default `en_US`: the locale (`de_DE`, `fr-FR`, `ja`) money
    ///   and dates are shown in on pages and in emails when the account names none.
    /// - `billing.timeZone` (`BILLING_TIME_ZONE`), string, default `UTC`: the IANA time zone
    ///   (`America/Los_Angeles`) dates are shown in when the account names none.
    /// - `billing.access.*`: see ``AccessPolicy/init(reader:)``; `billing.events.*`: see
    ///   ``EventProcessorConfiguration/init(reader:)``; `billing.survey.*`: see ``RetentionPolicy/init(reader:)``;
    ///   `health.ready.*`: see ``ReadinessPolicy/init(reader:)``; `billing.hooks.claimLeaseSeconds` and
    ///   `billing.mail.claimLeaseSeconds`: see ``ClaimLeases/init(reader:)``.
    ///
    /// - Parameter reader: the root configuration reader.
    /// - Throws: ``BillingConfigurationError`` naming the variable when a value is unusable.
    public init(reader: ConfigReader) throws {
        let text = reader.string(forKey: "app.publicURL", default: "http://127.0.0.1:8080")
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme),
            url.host != nil
        else {
            throw BillingConfigurationError.invalidPublicURL
        }
        func path(_ key: String, _ fallback: String) throws -> String {
            let value = reader.string(forKey: ConfigKey("billing.paths.\(key)"), default: fallback)
            guard value.hasPrefix("/"), !value.contains("?"), !value.contains("#") else {
                throw BillingConfigurationError.invalidPath(key)
            }
            return value
        }
        let portalConfiguration = reader.string(forKey: "stripe.portalConfiguration").flatMap {
            $0.isEmpty ? nil : $0
        }
        if let portalConfiguration, !portalConfiguration.hasPrefix("bpc_") {
            throw BillingConfigurationError.invalidPortalConfiguration
        }
        let localeText = reader.string(forKey: "billing.locale", default: "en_US")
        guard let locale = BillingFormatter.locale(identifier: localeText) else {
            throw BillingConfigurationError.invalidLocale
        }
        let timeZoneText = reader.string(forKey: "billing.timeZone", default: "UTC")
        guard let timeZone = BillingFormatter.timeZone(identifier: timeZoneText) else {
            throw BillingConfigurationError.invalidTimeZone
        }
        self.init(
            publicURL: url,
            billingPath: try path("billing", "/settings/billing"),
            portalPath: try path("portal", "/billing/portal"),
            checkoutPath: try path("checkout", "/billing/checkout"),
            webhookPath: try path("webhook", "/webhooks/stripe"),
            loginPath: try path("login", "/login"),
            portalConfiguration: portalConfiguration.map { PortalConfigurationID($0) },
            supportURL: reader.string(forKey: "billing.supportURL", default: "mailto:support@example.com"),
            invoiceCount: max(0, reader.int(forKey: "billing.invoiceCount", default: 5)),
            access: AccessPolicy(reader: reader.scoped(to: "billing.access")),
            events: EventProcessorConfiguration(reader: reader.scoped(to: "billing.events")),
            retention: RetentionPolicy(reader: reader),
            formatting: BillingFormatter(locale: locale, timeZone: timeZone),
            readiness: try ReadinessPolicy(reader: reader),
            claimLeases: try ClaimLeases(reader: reader)
        )
    }
}

/// Why the billing configuration is unusable; the description names the environment variable and the fix.
public struct BillingConfigurationError: Error, Equatable, CustomStringConvertible, Sendable {
    private enum Code: Equatable, Sendable {
        case invalidPublicURL
        case invalidPath(String)
        case invalidPortalConfiguration
        case invalidLocale
        case invalidTimeZone
    }

    private let code: Code
    private init(_ code: Code) { self.code = code }

    /// `app.publicURL` is not an absolute http(s) URL.
    public static var invalidPublicURL: Self { Self(.invalidPublicURL) }
    /// A `billing.paths.*` value is not an absolute path.
    public static func invalidPath(_ key: String) -> Self { Self(.invalidPath(key)) }
    /// `stripe.portalConfiguration` is not a `bpc_…` id.
    public static var invalidPortalConfiguration: Self { Self(.invalidPortalConfiguration) }
    /// `billing.locale` names no locale Foundation knows.
    public static var invalidLocale: Self { Self(.invalidLocale) }
    /// `billing.timeZone` names no IANA time zone.
    public static var invalidTimeZone: Self { Self(.invalidTimeZone) }

    public var description: String {
        switch code {
        case .invalidPublicURL:
            "APP_PUBLIC_URL (app.publicURL) must be an absolute http(s) URL such as https://app.example.com"
        case .invalidPath(let key):
            "BILLING_PATHS_\(key.uppercased()) (billing.paths.\(key)) must be a path starting with / and without a "
                + "query"
        case .invalidPortalConfiguration:
            "STRIPE_PORTAL_CONFIGURATION (stripe.portalConfiguration) must be a portal configuration id (bpc_…) "
                + "or unset"
        case .invalidLocale:
            "BILLING_LOCALE (billing.locale) must be a locale identifier such as en_US, de_DE or fr-FR"
        case .invalidTimeZone:
            "BILLING_TIME_ZONE (billing.timeZone) must be an IANA time zone such as UTC or America/Los_Angeles"
        }
    }
}
