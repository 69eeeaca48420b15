/// A template could not be loaded or is missing.
public struct TemplateError: Error, Equatable, CustomStringConvertible, Sendable {
    private enum Code: String, Sendable {
        case bundleMissing = "the library's templates are missing from the module bundle"
        case directoryMissing = "the template directory does not exist"
        case unreadable = "a template file could not be read"
        case invalid = "a template does not parse"
        case missing = "no template has this name"
    }

    private let code: Code
    /// The template or directory the error is about.
    public let name: String

    private init(_ code: Code, _ name: String) {
        self.code = code
        self.name = name
    }

    /// The module bundle has no templates (a packaging error).
    public static func bundleMissing(_ module: String) -> Self { Self(.bundleMissing, module) }
    /// `billing.templates.directory` names a directory that does not exist.
    public static func directoryMissing(_ path: String) -> Self { Self(.directoryMissing, path) }
    /// A template file exists but could not be read as UTF-8.
    public static func unreadable(_ path: String) -> Self { Self(.unreadable, path) }
    /// A template's Mustache does not parse.
    public static func invalid(_ name: String) -> Self { Self(.invalid, name) }
    /// Nothing is registered under the name.
    public static func missing(_ name: String) -> Self { Self(.missing, name) }

    public var description: String { "\(code.rawValue): \(name)" }
}
