import BillingSupport
import Foundation

/// Subject, text and HTML for each win-back step; `{{billingURL}}`, `{{email}}` and `{{endDate}}` (the day the
/// subscription ends or ended, such as "January 16, 2027", from the projection when the mail is sent) are
/// substituted (HTML-escaped in the HTML part).
///
/// A step may have a variant for a subscription that has already ended when its mail goes out, under the step id
/// followed by ``endedVariantSuffix`` (`scheduled.ended`): the mail of a scheduled cancellation then tells an
/// immediate cancellation, or one that was made immediate before the mail went out, what actually happened.
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

    /// The suffix of a step's variant for a subscription that has ended by the time the mail is sent.
    public static let endedVariantSuffix = ".ended"

    /// Templates by step id (and ``endedVariantSuffix`` variants).
    public var byStep: [String: Template]

    /// Creates a template set.
    public init(byStep: [String: Template]) { self.byStep = byStep }

    /// Templates for ``BillingCore/WinBackSequence/standard``.
    public static let standard = WinBackTemplates(byStep: [
        "scheduled": Template(
            subject: "Sorry to see you go",
            text: "Your subscription will end on {{endDate}}.\n\nRenew in one click: {{billingURL}}\n",
            html: "<p>Your subscription will end on {{endDate}}.</p>"
                + "<p><a href=\"{{billingURL}}\">Renew in one click</a></p>"
        ),
        "scheduled" + endedVariantSuffix: Template(
            subject: "Sorry to see you go",
            text: "Your subscription has ended.\n\nStart again in one click: {{billingURL}}\n",
            html: "<p>Your subscription has ended.</p><p><a href=\"{{billingURL}}\">Start again in one click</a></p>"
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

    /// The template for `step`: its ended variant when the subscription has ended and there is one, else the step's
    /// own; nil when there is none.
    func template(for step: String, subscriptionEnded: Bool) -> Template? {
        if subscriptionEnded, let variant = byStep[step + Self.endedVariantSuffix] { return variant }
        return byStep[step]
    }

    /// `seconds` (Unix) as the day it falls on in UTC, such as "January 16, 2027", for `{{endDate}}`.
    static func formatEndDate(_ seconds: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "MMMM d, yyyy"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}

extension WinBackTemplates.Template {
    /// The subject, text and HTML with `values` substituted (HTML-escaped in the HTML part).
    func render(values: [String: String]) -> (subject: String, text: String, html: String) {
        func fill(_ text: String, escape: Bool) -> String {
            values.reduce(text) { result, pair in
                result.replacingOccurrences(of: "{{\(pair.key)}}", with: escape ? pair.value.htmlEscaped : pair.value)
            }
        }
        return (fill(subject, escape: false), fill(text, escape: false), fill(html, escape: true))
    }
}
