import Foundation
import StripeAPI

/// Stripe's rules for portal configurations, checked locally so a bad file never reaches the API.
enum PortalConfigValidator {
    /// Every rule the spec breaks; `document` supplies line numbers.
    static func issues(in spec: PortalConfigSpec, document: SpecNode) -> [PortalConfigIssue] {
        var issues: [PortalConfigIssue] = []
        func add(_ path: String, _ message: String) {
            var node: SpecNode? = document
            for part in path.split(separator: ".") { node = node?[String(part)] }
            issues.append(PortalConfigIssue(path: path, message: message, line: node?.line))
        }

        if spec.name.isEmpty || spec.name.count > 200 { add("name", "must be 1–200 characters") }
        if let headline = spec.businessProfile.headline, headline.count > 60 {
            add("business_profile.headline", "must be at most 60 characters (has \(headline.count))")
        }
        let urls: [(String, String?)] = [
            ("default_return_url", spec.defaultReturnURL),
            ("business_profile.privacy_policy_url", spec.businessProfile.privacyPolicyURL),
            ("business_profile.terms_of_service_url", spec.businessProfile.termsOfServiceURL),
        ]
        for (path, value) in urls {
            if let value, !isWebURL(value) { add(path, "must be an absolute http(s) URL") }
        }

        let cancel = spec.features.subscriptionCancel
        if cancel.prorationBehavior == .alwaysInvoice {
            add(
                "features.subscription_cancel.proration_behavior",
                "always_invoice is not allowed for cancellations (use none or create_prorations)"
            )
        }
        if cancel.prorationBehavior == .createProrations, cancel.mode != .immediately {
            add(
                "features.subscription_cancel.proration_behavior",
                "create_prorations needs mode: immediately (a period-end cancellation has nothing to prorate)"
            )
        }
        if cancel.reasonsEnabled, cancel.reasons.isEmpty {
            add("features.subscription_cancel.cancellation_reason.options", "must list at least one reason")
        }

        let update = spec.features.subscriptionUpdate
        if update.enabled {
            if update.defaultAllowedUpdates.isEmpty {
                add(
                    "features.subscription_update.default_allowed_updates",
                    "must allow price, quantity or promotion_code when plan changes are enabled"
                )
            }
            if update.defaultAllowedUpdates.contains(.price), update.prices.isEmpty {
                add(
                    "features.subscription_update.prices",
                    "must list at least one price lookup key when customers can switch prices"
                )
            }
        }
        if !update.scheduleAtPeriodEnd.isEmpty, update.prorationBehavior == .alwaysInvoice {
            // Deferred changes invoice at the period end anyway; Stripe accepts it, but the pairing reads as a
            // mistake (an immediate invoice is never produced for the deferred changes).
            add(
                "features.subscription_update.schedule_at_period_end",
                "cannot be combined with proration_behavior: always_invoice"
            )
        }

        for (path, message) in brandingProblems(spec.branding) { add(path, message) }

        let gated = spec.supportGatedActions.filter { $0 == .cancel || $0 == .changePlan }
        if let contact = spec.app.supportContact {
            if !isWebURL(contact), !isEmail(contact) {
                add("app.support_contact", "must be an email address or an http(s) URL")
            }
        } else if !gated.isEmpty {
            let names = gated.map(\.rawValue).joined(separator: " and ")
            add("app.support_contact", "is required because \(names) go through support")
        }
        return issues
    }

    /// The `branding:` rules; colors are checked strictly because they end up in the hosted pages' CSS.
    private static func brandingProblems(_ branding: PortalConfigSpec.Branding) -> [(path: String, message: String)] {
        var problems: [(path: String, message: String)] = []
        func add(_ path: String, _ message: String) { problems.append((path, message)) }
        if let name = branding.businessName, name.trimmingCharacters(in: .whitespaces).isEmpty || name.count > 100 {
            add("branding.business_name", "must be 1–100 characters")
        }
        for (path, value) in [("branding.logo_url", branding.logoURL), ("branding.icon_url", branding.iconURL)] {
            if let value, !isImageURL(value) {
                add(path, "must be an https URL (http only for localhost), found '\(value)'")
            }
        }
        for (path, value) in [
            ("branding.brand_color", branding.brandColor), ("branding.accent_color", branding.accentColor),
        ] {
            if let value, !isHexColor(value) { add(path, "must be a color as #RRGGBB, found '\(value)'") }
        }
        return problems
    }

    /// `#` and exactly six hex digits.
    static func isHexColor(_ text: String) -> Bool {
        text.count == 7 && text.first == "#" && text.dropFirst().allSatisfy(\.isHexDigit)
    }

    /// An https URL, or http on localhost (a logo served by the app in development).
    static func isImageURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased(),
            !host.isEmpty, !text.contains(where: { $0.isWhitespace || "<>\"'\\".contains($0) })
        else { return false }
        return scheme == "https" || (scheme == "http" && ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host))
    }

    static func isWebURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased() else { return false }
        return (scheme == "https" || scheme == "http") && !(url.host ?? "").isEmpty
    }

    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !text.contains(" ")
    }
}
