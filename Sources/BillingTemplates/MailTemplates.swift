public import Foundation
import Mustache

/// The billing mails, each rendered from three Mustache templates: `mail-<name>.subject`, `mail-<name>.text` and
/// `mail-<name>.html` (the HTML part extends `mail-layout.html`).
///
/// The library's templates are the defaults; ``TemplateOverrides`` replace any of them one by one. The subject and
/// text templates declare `{{% CONTENT_TYPE: TEXT}}`, so their values are inserted as they are; in the HTML part
/// every `{{value}}` is HTML-escaped. Every value is a string the mailer has already formatted (amounts, dates,
/// URLs), so a template only places text.
///
/// The templates and their values are listed in the "Customizing pages and mails" article of the BillingCore
/// documentation.
///
/// This module holds the mail templates rather than the web views or the core: the core's outbox mailer renders
/// them and the web views load pages with the same override rules, and neither the core nor the mails should pull
/// in a web framework, so both depend on this small module (Foundation and swift-mustache only).
public struct MailTemplates: Sendable {
    /// The names of the mails the library sends.
    public enum Name {
        /// "Your subscription will end on …" when a cancellation is scheduled (win-back step `scheduled`).
        public static let winBackScheduled = "winback-scheduled"
        /// The `scheduled` step for a subscription that had already ended when the mail went out.
        public static let winBackScheduledEnded = "winback-scheduled-ended"
        /// "Your plan has ended" (win-back step `ended`).
        public static let winBackEnded = "winback-ended"
        /// The come-back offer after the end (win-back step `comeback`).
        public static let winBackComeback = "winback-comeback"
        /// The reminder three days before a trial ends.
        public static let trialEnding = "trial-ending"
        /// A payment failed: the amount, the next retry and the link to update the payment method.
        public static let paymentFailed = "payment-failed"
        /// A payment that had failed went through.
        public static let paymentRecovered = "payment-recovered"
    }

    private let library: MustacheLibrary

    /// The library's own templates.
    public static let bundled: MailTemplates = {
        do {
            return try MailTemplates(overrides: TemplateOverrides())
        } catch {
            // The templates ship inside this module and are parsed by its tests; a bundle without them is a broken
            // build, not a condition to run on.
            preconditionFailure("\(error)")
        }
    }()

    /// The library's templates with the host's overrides on top.
    /// - Parameter overrides: the host's template directory and registered templates.
    /// - Throws: ``TemplateError`` when the directory is missing or a template does not parse.
    public init(overrides: TemplateOverrides) throws(TemplateError) {
        let root = try TemplateLoader.bundledRoot(Bundle.module, module: "BillingTemplates")
        self.library = try TemplateLoader.library(root: root, overrides: overrides)
    }

    /// Whether a mail has all three templates.
    public func contains(_ name: String) -> Bool {
        ["subject", "text", "html"].allSatisfy { library.getTemplate(named: "mail-\(name).\($0)") != nil }
    }

    /// Renders one mail.
    /// - Parameters:
    ///   - name: the mail, such as ``Name/paymentFailed``.
    ///   - values: the template's values; a value that is absent renders as empty and reads as false in a section.
    /// - Returns: the subject (on one line), the text part and the HTML part.
    /// - Throws: ``TemplateError/missing(_:)`` when one of the three templates is missing.
    public func render(_ name: String, values: [String: String]) throws(TemplateError) -> RenderedMail {
        func part(_ suffix: String) throws(TemplateError) -> String {
            let template = "mail-\(name).\(suffix)"
            guard let text = library.render(values, withTemplate: template) else { throw .missing(template) }
            return text
        }
        let subject = try part("subject").split(whereSeparator: \.isNewline).map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }.joined(separator: " ")
        return RenderedMail(subject: subject, text: try part("text"), html: try part("html"))
    }
}

/// One rendered mail.
public struct RenderedMail: Sendable, Equatable {
    /// The subject line.
    public var subject: String
    /// The plain-text part.
    public var text: String
    /// The HTML part.
    public var html: String

    /// Creates a rendered mail.
    public init(subject: String, text: String, html: String) {
        self.subject = subject
        self.text = text
        self.html = html
    }
}
