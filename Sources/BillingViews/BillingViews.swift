public import BillingTemplates
import Foundation
import Mustache

/// The billing templates, loaded once at startup (one shared `MustacheLibrary`) and used by both web adapters.
///
/// The library's page templates are the defaults; a host replaces any of them by name (`billing`,
/// `cancel-survey`, `save-offer`, `portal-error`, `forbidden`, `page`) with `TemplateOverrides`: a directory of
/// its own (`billing.templates.directory`) or templates registered in code. The "Customizing pages and mails" article
/// of the BillingCore documentation lists each template and the values it receives. Values are escaped by the
/// templates (`{{value}}`); only the layout's `{{{content}}}` inserts markup, the page the library rendered.
public struct BillingViews: Sendable {
    private let library: MustacheLibrary

    /// Loads the templates bundled with the module.
    /// - Throws: when the bundled templates cannot be read.
    public init() async throws {
        try await self.init(overrides: TemplateOverrides())
    }

    /// Loads the templates bundled with the module with the host's overrides on top.
    /// - Parameter overrides: the host's template directory and templates registered in code; a web adapter
    ///   passes `Billing.templates` when the host gives it no views of its own.
    /// - Throws: `TemplateError` when the directory is missing or a template does not parse.
    public init(overrides: TemplateOverrides) async throws {
        let root = try TemplateLoader.bundledRoot(Bundle.module, module: "BillingViews")
        self.library = try TemplateLoader.library(root: root, overrides: overrides)
    }

    /// Renders a bundled template.
    package func render(_ object: Any, template: String) throws -> String {
        guard let html = library.render(object, withTemplate: template) else {
            throw BillingViewsError.templatesMissing
        }
        return html
    }

    /// The library's own minimal layout, for hosts that do not wrap billing pages in theirs.
    public func standalonePage(_ content: BillingPageContent) throws -> String {
        try render(["title": content.title, "content": content.html], template: "page")
    }
}

/// The bundled templates could not be loaded.
public struct BillingViewsError: Error, Equatable, CustomStringConvertible, Sendable {
    private enum Code: String, Sendable {
        case templatesMissing = "the billing templates are missing from the module bundle"
    }

    private let code: Code
    private init(_ code: Code) { self.code = code }

    /// The module bundle has no `Templates` directory or template.
    public static var templatesMissing: Self { Self(.templatesMissing) }

    public var description: String { code.rawValue }
}
