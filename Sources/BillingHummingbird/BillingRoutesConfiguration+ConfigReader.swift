public import Configuration
import Foundation
import StripeAPI

extension BillingRoutesConfiguration {
    /// Reads the billing routes' configuration from the root reader.
    ///
    /// Keys (environment variable in brackets):
    /// - `app.publicURL` (`APP_PUBLIC_URL`), string, default `http://127.0.0.1:8080`: the public base URL the
    ///   portal's return link is built from.
    /// - `stripe.portalConfiguration` (`STRIPE_PORTAL_CONFIGURATION`), string, optional: the `bpc_…` id for
    ///   sessions; the default configuration when unset.
    /// - `billing.supportURL` (`BILLING_SUPPORT_URL`), string, default `mailto:support@example.com`: the "Contact
    ///   support" link.
    /// - `billing.invoiceCount` (`BILLING_INVOICE_COUNT`), int, default 5: invoices listed on the billing page.
    ///
    /// - Parameter reader: the root configuration reader.
    /// - Throws: ``BillingRoutesConfigurationError/invalidPublicURL`` when `app.publicURL` is not an absolute
    ///   http(s) URL.
    public init(reader: ConfigReader) throws {
        let text = reader.string(forKey: "app.publicURL", default: "http://127.0.0.1:8080")
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme),
            url.host != nil
        else {
            throw BillingRoutesConfigurationError.invalidPublicURL
        }
        self.init(
            publicURL: url,
            portalConfiguration: reader.string(forKey: "stripe.portalConfiguration").flatMap {
                $0.isEmpty ? nil : PortalConfigurationID($0)
            },
            supportURL: reader.string(forKey: "billing.supportURL", default: "mailto:support@example.com"),
            invoiceCount: max(0, reader.int(forKey: "billing.invoiceCount", default: 5))
        )
    }
}

/// Why the billing routes' configuration is unusable.
public struct BillingRoutesConfigurationError: Error, Equatable, CustomStringConvertible, Sendable {
    private enum Code: String, Sendable {
        case invalidPublicURL = "app.publicURL must be an absolute http(s) URL"
    }

    private let code: Code
    private init(_ code: Code) { self.code = code }

    /// `app.publicURL` is not an absolute http(s) URL.
    public static var invalidPublicURL: Self { Self(.invalidPublicURL) }

    public var description: String { code.rawValue }
}
