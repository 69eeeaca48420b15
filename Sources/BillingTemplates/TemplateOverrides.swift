public import Configuration
public import Foundation

/// The host's own templates, searched before the library's: a directory of `.mustache` files and templates
/// registered in code.
///
/// A template is found by its name, the path below the template root without `.mustache`: `billing` (the billing
/// page), `mail-payment-failed.html` (the HTML part of the dunning mail). For each name the library takes, in
/// order, the template registered in ``templates``, the file in ``directory``, then its own. A host overrides one
/// template and keeps the rest; it can also add partials its overrides include. The templates and the values each
/// receives are listed in the "Customizing pages and mails" article of the BillingCore
/// documentation.
///
/// ```swift
/// let overrides = TemplateOverrides(
///     directory: URL(fileURLWithPath: "Resources/BillingTemplates"),
///     templates: ["mail-payment-failed.subject": "{{% CONTENT_TYPE: TEXT}}Action needed: {{productName}}"]
/// )
/// ```
public struct TemplateOverrides: Sendable, Equatable {
    /// A directory laid out like the library's templates (`billing.mustache`, `mail-payment-failed.html.mustache`),
    /// searched before the library's own; nil for none.
    public var directory: URL?
    /// Template sources by name, searched first.
    public var templates: [String: String]

    /// Creates overrides.
    /// - Parameters:
    ///   - directory: the host's template directory; nil for none.
    ///   - templates: template sources by name, searched before the directory.
    public init(directory: URL? = nil, templates: [String: String] = [:]) {
        self.directory = directory
        self.templates = templates
    }

    /// Reads the template directory from configuration.
    ///
    /// Keys (environment variable in brackets):
    /// - `billing.templates.directory` (`BILLING_TEMPLATES_DIRECTORY`), string, optional: the host's template
    ///   directory, searched before the library's templates for every page and mail. Unset: the library's only.
    /// - Parameters:
    ///   - reader: the root configuration reader.
    ///   - templates: template sources registered in code, searched before the directory.
    public init(reader: ConfigReader, templates: [String: String] = [:]) {
        let path = reader.string(forKey: "billing.templates.directory")
        self.init(
            directory: path.flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0, isDirectory: true) },
            templates: templates
        )
    }
}
