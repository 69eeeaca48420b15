import Foundation
import Mustache

/// The billing templates, loaded once at startup (one shared `MustacheLibrary`) and used by both web adapters.
public struct BillingViews: Sendable {
    private let library: MustacheLibrary

    /// Loads the templates bundled with the module.
    /// - Throws: when the bundled templates cannot be read.
    public init() async throws {
        guard let root = Bundle.module.resourceURL?.appendingPathComponent("Templates") else {
            throw BillingViewsError.templatesMissing
        }
        self.library = try await MustacheLibrary(directory: root.path)
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
