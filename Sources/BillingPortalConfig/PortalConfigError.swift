/// Why a portal configuration file could not be used. Nothing is sent to Stripe when one of these is thrown.
///
/// Compare with the static members (`error == .invalidSpec`); ``issues`` lists every problem found, each naming
/// the field (`features.subscription_cancel.mode`) and, for files, the line.
public struct PortalConfigError: Error, Equatable, CustomStringConvertible, Sendable {
    private enum Code: String, Sendable {
        case malformedFile = "malformed file"
        case invalidSpec = "invalid configuration"
        case missingPrices = "prices not found in Stripe"
        case unreadableFile = "unreadable file"
    }

    private let code: Code
    /// The file (or preset) the problems are in.
    public let source: String
    /// Every problem found.
    public let issues: [PortalConfigIssue]

    private init(_ code: Code, source: String = "", issues: [PortalConfigIssue] = []) {
        self.code = code
        self.source = source
        self.issues = issues
    }

    /// The text is not well-formed YAML or JSON.
    public static var malformedFile: Self { Self(.malformedFile) }
    /// The file parsed but breaks the schema or Stripe's rules (unknown key, wrong type, bad combination).
    public static var invalidSpec: Self { Self(.invalidSpec) }
    /// A price lookup key named in the file does not exist (or is inactive) in Stripe.
    public static var missingPrices: Self { Self(.missingPrices) }
    /// The file could not be read.
    public static var unreadableFile: Self { Self(.unreadableFile) }

    static func malformed(source: String, message: String) -> Self {
        Self(.malformedFile, source: source, issues: [PortalConfigIssue(path: "", message: message)])
    }

    static func invalid(source: String, issues: [PortalConfigIssue]) -> Self {
        Self(.invalidSpec, source: source, issues: issues)
    }

    static func missing(source: String, issues: [PortalConfigIssue]) -> Self {
        Self(.missingPrices, source: source, issues: issues)
    }

    static func unreadable(source: String, message: String) -> Self {
        Self(.unreadableFile, source: source, issues: [PortalConfigIssue(path: "", message: message)])
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    public var description: String {
        let head = source.isEmpty ? code.rawValue : "\(source): \(code.rawValue)"
        return ([head] + issues.map { "  - \($0)" }).joined(separator: "\n")
    }
}

/// One problem in a portal configuration file.
public struct PortalConfigIssue: Sendable, Equatable, CustomStringConvertible {
    /// The dotted field path, such as `features.subscription_cancel.mode` (empty for file-level problems).
    public var path: String
    /// What is wrong, in words.
    public var message: String
    /// The 1-based line in the file, when known.
    public var line: Int?

    /// Creates an issue.
    public init(path: String, message: String, line: Int? = nil) {
        self.path = path
        self.message = message
        self.line = line
    }

    public var description: String {
        let location = line.map { "line \($0): " } ?? ""
        return path.isEmpty ? location + message : "\(location)\(path): \(message)"
    }
}
