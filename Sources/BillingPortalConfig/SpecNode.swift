import Yams

/// A parsed configuration document: YAML or JSON (JSON is valid YAML), kept with line numbers for error messages.
struct SpecNode: Sendable {
    enum Kind: Sendable {
        case scalar(String, ScalarType)
        case list([SpecNode])
        case map([(key: String, value: SpecNode)])
    }

    enum ScalarType: Sendable {
        case string, bool, int, float, null
    }

    var kind: Kind
    /// 1-based line in the file, nil for nodes built in code (presets have their own text).
    var line: Int?

    /// What a node holds, in words, for "expected a list, found a string" messages.
    var typeName: String {
        switch kind {
        case .map: "a mapping"
        case .list: "a list"
        case .scalar(_, .string): "a string"
        case .scalar(_, .bool): "a boolean"
        case .scalar(_, .int): "an integer"
        case .scalar(_, .float): "a number"
        case .scalar(_, .null): "null"
        }
    }

    /// Parses YAML or JSON text.
    /// - Throws: ``PortalConfigError/malformedFile`` naming the line when the text is not well-formed.
    static func parse(_ text: String, source: String) throws -> SpecNode {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw PortalConfigError.malformed(source: source, message: Self.describe(error))
        }
        guard let node else {
            throw PortalConfigError.malformed(source: source, message: "the file is empty")
        }
        return try SpecNode(node, source: source)
    }

    private init(_ node: Node, source: String) throws {
        line = node.mark.map { $0.line }
        switch node {
        case .scalar(let scalar):
            let type: ScalarType =
                switch Tag.Name(rawValue: node.tag.rawValue) {
                case .bool: .bool
                case .int: .int
                case .float: .float
                case .null: .null
                default: .string
                }
            kind = .scalar(scalar.string, type)
        case .sequence(let sequence):
            kind = .list(try sequence.map { try SpecNode($0, source: source) })
        case .mapping(let mapping):
            var entries: [(key: String, value: SpecNode)] = []
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw PortalConfigError.malformed(
                        source: source,
                        message: "line \(key.mark?.line ?? 0): mapping keys must be plain strings"
                    )
                }
                if entries.contains(where: { $0.key == keyScalar.string }) {
                    throw PortalConfigError.malformed(
                        source: source,
                        message: "line \(key.mark?.line ?? 0): duplicate key '\(keyScalar.string)'"
                    )
                }
                var child = try SpecNode(value, source: source)
                // A block mapping or list starts on the line after its key; messages point at the key.
                child.line = key.mark?.line ?? child.line
                entries.append((keyScalar.string, child))
            }
            kind = .map(entries)
        case .alias:
            throw PortalConfigError.malformed(source: source, message: "YAML aliases are not supported")
        }
    }

    private init(kind: Kind, line: Int?) {
        self.kind = kind
        self.line = line
    }

    /// `base` with `override` laid over it: mappings merge key by key (recursively); anything else is replaced.
    static func merge(_ base: SpecNode, _ override: SpecNode) -> SpecNode {
        guard case .map(let baseEntries) = base.kind, case .map(let overrideEntries) = override.kind else {
            return override
        }
        var merged = baseEntries
        for entry in overrideEntries {
            if let index = merged.firstIndex(where: { $0.key == entry.key }) {
                merged[index] = (entry.key, merge(merged[index].value, entry.value))
            } else {
                merged.append(entry)
            }
        }
        return SpecNode(kind: .map(merged), line: override.line)
    }

    /// The mapping without `key`.
    func removing(_ key: String) -> SpecNode {
        guard case .map(let entries) = kind else { return self }
        return SpecNode(kind: .map(entries.filter { $0.key != key }), line: line)
    }

    /// The value under `key` of a mapping.
    subscript(key: String) -> SpecNode? {
        guard case .map(let entries) = kind else { return nil }
        return entries.first { $0.key == key }?.value
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, let mark, _):
            "line \(mark.line): \(problem)" + (context.map { " (\($0.text))" } ?? "")
        case .parser(let context, let problem, let mark, _):
            "line \(mark.line): \(problem)" + (context.map { " (\($0.text))" } ?? "")
        case .composer(let context, let problem, let mark, _):
            "line \(mark.line): \(problem)" + (context.map { " (\($0.text))" } ?? "")
        default:
            "\(error)"
        }
    }
}
