public import Foundation
import StripeAPI

extension PortalConfigSpec {
    /// Reads and validates a configuration file (YAML or JSON).
    /// - Parameters:
    ///   - url: the file.
    ///   - inAppSurvey: whether the app's own cancellation survey is on (`billing.survey.enabled`); see
    ///     ``parse(_:source:inAppSurvey:)``.
    /// - Throws: ``PortalConfigError`` (unreadable, malformed, or invalid, with every issue listed).
    public static func load(contentsOf url: URL, inAppSurvey: Bool = false) throws -> PortalConfigSpec {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw PortalConfigError.unreadable(source: url.path, message: "cannot read the file as UTF-8 text")
        }
        return try parse(text, source: url.lastPathComponent, inAppSurvey: inAppSurvey)
    }

    /// Parses and validates configuration text (YAML or JSON), applying `extends:` and the defaults.
    ///
    /// With `inAppSurvey`, the customer already told the app why they leave before the portal opens, so a preset's
    /// cancellation reasons are turned off, and a file that turns them on is rejected: nobody is asked twice.
    /// - Parameters:
    ///   - text: the document.
    ///   - source: a name for error messages (the file name).
    ///   - inAppSurvey: whether the app's own cancellation survey is on (`billing.survey.enabled`).
    /// - Throws: ``PortalConfigError``.
    public static func parse(
        _ text: String,
        source: String = "portal-config",
        inAppSurvey: Bool = false
    ) throws -> PortalConfigSpec {
        let document = try SpecNode.parse(text, source: source)
        guard case .map = document.kind else {
            throw PortalConfigError.invalid(
                source: source,
                issues: [PortalConfigIssue(path: "", message: "expected a mapping, found \(document.typeName)")]
            )
        }
        var base = try SpecNode.parse(PortalConfigPresets.defaults, source: "defaults").withoutLines()
        var extends: String?
        if let node = document["extends"] {
            guard case .scalar(let name, .string) = node.kind else {
                throw PortalConfigError.invalid(
                    source: source,
                    issues: [PortalConfigIssue(path: "extends", message: "expected a preset name", line: node.line)]
                )
            }
            guard let preset = PortalConfigPresets.text(of: name) else {
                let known = PortalConfigPresets.names.joined(separator: ", ")
                throw PortalConfigError.invalid(
                    source: source,
                    issues: [
                        PortalConfigIssue(
                            path: "extends",
                            message: "unknown preset '\(name)' (known: \(known))",
                            line: node.line
                        )
                    ]
                )
            }
            extends = name
            base = SpecNode.merge(base, try SpecNode.parse(preset, source: name).withoutLines())
            if inAppSurvey {
                base = SpecNode.merge(base, try SpecNode.parse(Self.surveyInApp, source: name).withoutLines())
            }
        }
        var reader = SpecReader()
        // Unknown keys are reported against the user's document, where the line numbers are.
        reader.checkKeys(document.removing("extends"), against: base, path: "")
        let merged = SpecNode.merge(base, document.removing("extends"))
        var spec = reader.spec(from: merged)
        spec.extends = extends
        var issues = reader.issues + PortalConfigValidator.issues(in: spec, document: merged)
        if inAppSurvey, spec.features.subscriptionCancel.enabled, spec.features.subscriptionCancel.reasonsEnabled {
            issues.append(
                PortalConfigIssue(
                    path: "features.subscription_cancel.cancellation_reason.enabled",
                    message: "the app's cancellation survey (billing.survey.enabled) already asks why; set this to "
                        + "false, or turn the survey off, so nobody is asked twice",
                    line: document["features"]?["subscription_cancel"]?["cancellation_reason"]?["enabled"]?.line
                )
            )
        }
        guard issues.isEmpty else { throw PortalConfigError.invalid(source: source, issues: issues) }
        return spec
    }

    /// Laid over a preset when the app runs its own survey: the portal then cancels without asking again.
    static let surveyInApp = """
        features:
          subscription_cancel:
            cancellation_reason:
              enabled: false
              options: []
        """
}

/// Reads a merged document into a spec, collecting every type problem instead of stopping at the first.
private struct SpecReader {
    var issues: [PortalConfigIssue] = []

    /// Reports keys of `node` that the schema (`schema`, the fully populated defaults) does not have.
    mutating func checkKeys(_ node: SpecNode, against schema: SpecNode, path: String) {
        guard case .map(let entries) = node.kind, case .map = schema.kind else { return }
        for entry in entries {
            let child = path.isEmpty ? entry.key : "\(path).\(entry.key)"
            guard let schemaChild = schema[entry.key] else {
                issues.append(PortalConfigIssue(path: child, message: "unknown key", line: entry.value.line))
                continue
            }
            if case .map = schemaChild.kind {
                guard case .map = entry.value.kind else {
                    issues.append(
                        PortalConfigIssue(
                            path: child,
                            message: "expected a mapping, found \(entry.value.typeName)",
                            line: entry.value.line
                        )
                    )
                    continue
                }
                checkKeys(entry.value, against: schemaChild, path: child)
            }
        }
    }

    mutating func spec(from root: SpecNode) -> PortalConfigSpec {
        let cancel = "features.subscription_cancel"
        let update = "features.subscription_update"
        return PortalConfigSpec(
            extends: nil,
            name: string(root, "name") ?? "",
            businessProfile: PortalConfigSpec.BusinessProfile(
                headline: string(root, "business_profile.headline"),
                privacyPolicyURL: string(root, "business_profile.privacy_policy_url"),
                termsOfServiceURL: string(root, "business_profile.terms_of_service_url")
            ),
            defaultReturnURL: string(root, "default_return_url"),
            features: PortalConfigSpec.Features(
                customerUpdate: PortalConfigSpec.CustomerUpdate(
                    enabled: bool(root, "features.customer_update.enabled"),
                    allowedUpdates: list(
                        root,
                        "features.customer_update.allowed_updates",
                        allowed: ["address", "email", "name", "phone", "shipping", "tax_id"]
                    ).map { .init(rawValue: $0) }
                ),
                invoiceHistory: bool(root, "features.invoice_history.enabled"),
                paymentMethodUpdate: bool(root, "features.payment_method_update.enabled"),
                subscriptionCancel: PortalConfigSpec.SubscriptionCancel(
                    enabled: bool(root, "\(cancel).enabled"),
                    mode: .init(rawValue: choice(root, "\(cancel).mode", allowed: ["at_period_end", "immediately"])),
                    prorationBehavior: .init(
                        rawValue: choice(
                            root,
                            "\(cancel).proration_behavior",
                            allowed: ["none", "create_prorations", "always_invoice"]
                        )
                    ),
                    reasonsEnabled: bool(root, "\(cancel).cancellation_reason.enabled"),
                    reasons: list(
                        root,
                        "\(cancel).cancellation_reason.options",
                        allowed: [
                            "customer_service", "low_quality", "missing_features", "other", "switched_service",
                            "too_complex", "too_expensive", "unused",
                        ]
                    ).map { .init(rawValue: $0) }
                ),
                subscriptionUpdate: PortalConfigSpec.SubscriptionUpdate(
                    enabled: bool(root, "\(update).enabled"),
                    defaultAllowedUpdates: list(
                        root,
                        "\(update).default_allowed_updates",
                        allowed: ["price", "promotion_code", "quantity"]
                    ).map { .init(rawValue: $0) },
                    prices: list(root, "\(update).prices", allowed: nil),
                    prorationBehavior: .init(
                        rawValue: choice(
                            root,
                            "\(update).proration_behavior",
                            allowed: ["none", "create_prorations", "always_invoice"]
                        )
                    ),
                    scheduleAtPeriodEnd: list(
                        root,
                        "\(update).schedule_at_period_end",
                        allowed: ["decreasing_item_amount", "shortening_interval"]
                    ).map { .init(rawValue: $0) }
                ),
                subscriptionPause: bool(root, "features.subscription_pause.enabled")
            ),
            app: PortalConfigSpec.AppSettings(supportContact: string(root, "app.support_contact")),
            branding: PortalConfigSpec.Branding(
                businessName: string(root, "branding.business_name"),
                logoURL: string(root, "branding.logo_url"),
                iconURL: string(root, "branding.icon_url"),
                brandColor: string(root, "branding.brand_color"),
                accentColor: string(root, "branding.accent_color"),
                buttonStyle: optionalChoice(
                    root,
                    "branding.button_style",
                    allowed: PortalConfigSpec.ButtonStyle.allCases.map(\.rawValue)
                ).flatMap(PortalConfigSpec.ButtonStyle.init(rawValue:))
            )
        )
    }

    /// One of `allowed`, or null.
    private mutating func optionalChoice(_ root: SpecNode, _ path: String, allowed: [String]) -> String? {
        guard let text = string(root, path) else { return nil }
        guard allowed.contains(text) else {
            fail(path, "unknown value '\(text)' (expected one of \(allowed.joined(separator: ", ")))", node(root, path))
            return nil
        }
        return text
    }

    private func node(_ root: SpecNode, _ path: String) -> SpecNode? {
        var current: SpecNode? = root
        for part in path.split(separator: ".") { current = current?[String(part)] }
        return current
    }

    private mutating func fail(_ path: String, _ message: String, _ node: SpecNode?) {
        issues.append(PortalConfigIssue(path: path, message: message, line: node?.line))
    }

    /// A string or null; numbers and booleans are type errors (a URL or name is never `true`).
    private mutating func string(_ root: SpecNode, _ path: String) -> String? {
        guard let value = node(root, path) else { return nil }
        switch value.kind {
        case .scalar(_, .null): return nil
        case .scalar(let text, .string): return text
        default:
            fail(path, "expected a string, found \(value.typeName)", value)
            return nil
        }
    }

    private mutating func bool(_ root: SpecNode, _ path: String) -> Bool {
        guard let value = node(root, path) else { return false }
        guard case .scalar(let text, .bool) = value.kind else {
            fail(path, "expected true or false, found \(value.typeName)", value)
            return false
        }
        return ["true", "yes", "on", "y"].contains(text.lowercased())
    }

    private mutating func choice(_ root: SpecNode, _ path: String, allowed: [String]) -> String {
        guard let text = string(root, path) else {
            fail(path, "expected one of \(allowed.joined(separator: ", "))", node(root, path))
            return allowed[0]
        }
        guard allowed.contains(text) else {
            fail(path, "unknown value '\(text)' (expected one of \(allowed.joined(separator: ", ")))", node(root, path))
            return allowed[0]
        }
        return text
    }

    /// A list of strings (a single string is not promoted: `options: other` is a type error).
    private mutating func list(_ root: SpecNode, _ path: String, allowed: [String]?) -> [String] {
        guard let value = node(root, path) else { return [] }
        if case .scalar(_, .null) = value.kind { return [] }
        guard case .list(let items) = value.kind else {
            fail(path, "expected a list, found \(value.typeName)", value)
            return []
        }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            guard case .scalar(let text, .string) = item.kind else {
                fail("\(path)[\(index)]", "expected a string, found \(item.typeName)", item)
                continue
            }
            if let allowed, !allowed.contains(text) {
                fail(
                    "\(path)[\(index)]",
                    "unknown value '\(text)' (expected one of \(allowed.joined(separator: ", ")))",
                    item
                )
                continue
            }
            if result.contains(text) {
                fail("\(path)[\(index)]", "'\(text)' is listed twice", item)
                continue
            }
            result.append(text)
        }
        return result
    }
}

extension SpecNode {
    /// The same tree without line numbers (for presets, whose lines are not in the user's file).
    func withoutLines() -> SpecNode {
        var copy = self
        copy.line = nil
        switch kind {
        case .scalar: break
        case .list(let items): copy.kind = .list(items.map { $0.withoutLines() })
        case .map(let entries): copy.kind = .map(entries.map { ($0.key, $0.value.withoutLines()) })
        }
        return copy
    }
}
