import BillingSupport
import Foundation

/// Subject, text and HTML for each win-back step; `{{billingURL}}` and `{{email}}` are substituted (HTML-escaped in
/// the HTML part).
public struct WinBackTemplates: Sendable {
    /// One step's template.
    public struct Template: Sendable {
        /// The subject line.
        public var subject: String
        /// The plain-text body.
        public var text: String
        /// The HTML body.
        public var html: String

        /// Creates a template.
        public init(subject: String, text: String, html: String) {
            self.subject = subject
            self.text = text
            self.html = html
        }
    }

    /// The template name of the trial reminder (``OutboxMessage/trialEnding(subscription:customer:trialEnd:)``),
    /// kept with the win-back texts so one set holds every billing mail.
    public static let trialEndingTemplate = "trial-ending"

    /// Templates by step id.
    public var byStep: [String: Template]

    /// Creates a template set.
    public init(byStep: [String: Template]) { self.byStep = byStep }

    /// Templates for ``BillingCore/WinBackSequence/standard``.
    public static let standard = WinBackTemplates(byStep: [
        "scheduled": Template(
            subject: "Sorry to see you go",
            text:
                "Your subscription will end at the close of this billing period.\n\nRenew in one click: {{billingURL}}\n",
            html: "<p>Your subscription will end at the close of this billing period.</p>"
                + "<p><a href=\"{{billingURL}}\">Renew in one click</a></p>"
        ),
        "ended": Template(
            subject: "Your plan has ended",
            text: "Your subscription has ended. Your notes are still here.\n\nResubscribe: {{billingURL}}\n",
            html: "<p>Your subscription has ended. Your notes are still here.</p>"
                + "<p><a href=\"{{billingURL}}\">Resubscribe</a></p>"
        ),
        WinBackTemplates.trialEndingTemplate: Template(
            subject: "Your trial ends in 3 days",
            text: "Your free trial ends in 3 days. Keep your plan, or change it, here: {{billingURL}}\n",
            html: "<p>Your free trial ends in 3 days.</p>"
                + "<p><a href=\"{{billingURL}}\">Keep your plan, or change it</a></p>"
        ),
        "comeback": Template(
            subject: "Come back to Acme Notes",
            text: "We have improved a lot since you left. Come back: {{billingURL}}\n",
            html: "<p>We have improved a lot since you left.</p><p><a href=\"{{billingURL}}\">Come back</a></p>"
        ),
    ])

    /// The rendered subject, text and HTML for `step`, or `nil` when there is no template.
    func render(step: String, values: [String: String]) -> (subject: String, text: String, html: String)? {
        guard let template = byStep[step] else { return nil }
        func fill(_ text: String, escape: Bool) -> String {
            values.reduce(text) { result, pair in
                result.replacingOccurrences(of: "{{\(pair.key)}}", with: escape ? pair.value.htmlEscaped : pair.value)
            }
        }
        return (
            fill(template.subject, escape: false), fill(template.text, escape: false), fill(template.html, escape: true)
        )
    }
}
