/// Parses Stripe's `application/x-www-form-urlencoded` dialect into a ``FormNode`` tree.
///
/// Accepts nested hashes (`a[b][c]=v`), indexed arrays (`items[0][price]=p`, as the official SDKs send them) and
/// appended arrays (`expand[]=a&expand[]=b`, `discounts[][coupon]=c`). Conflicting shapes (`a=1&a[b]=2`),
/// unbalanced brackets and bad percent-escapes are errors, as they are on Stripe.
struct FormParser {
    /// Parses a query string or form body.
    /// - Throws: ``StripeAPIError`` (400) for malformed input.
    static func parse(_ text: Substring, into root: inout [String: FormNode]) throws(StripeAPIError) {
        guard !text.isEmpty else { return }
        var builder = Builder.hash(root.mapValues(Builder.init))
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let (rawKey, rawValue): (Substring, Substring)
            if let equals = pair.firstIndex(of: "=") {
                rawKey = pair[..<equals]
                rawValue = pair[pair.index(after: equals)...]
            } else {
                rawKey = pair
                rawValue = ""
            }
            guard let key = decode(rawKey), let value = decode(rawValue) else {
                throw .malformedBody("Invalid percent-encoding in the request parameters.")
            }
            let path = try segments(of: key)
            try insert(value, at: path[...], into: &builder, fullKey: key)
        }
        guard case .hash(let members) = builder else { return }
        root = members.mapValues { $0.node }
    }

    /// Parses a complete body or query into a fresh tree.
    static func parse(_ text: String) throws(StripeAPIError) -> [String: FormNode] {
        var root: [String: FormNode] = [:]
        try parse(text[...], into: &root)
        return root
    }

    private enum Segment: Equatable {
        case key(String)
        case index(Int)
        case append
    }

    private indirect enum Builder {
        case leaf(String)
        case hash([String: Builder])
        case indexed([Int: Builder])
        case appended([Builder])

        init(_ node: FormNode) {
            switch node {
            case .string(let value): self = .leaf(value)
            case .hash(let members): self = .hash(members.mapValues(Builder.init))
            case .array(let elements): self = .appended(elements.map(Builder.init))
            }
        }

        var node: FormNode {
            switch self {
            case .leaf(let value): .string(value)
            case .hash(let members): .hash(members.mapValues(\.node))
            case .indexed(let elements): .array(elements.keys.sorted().map { elements[$0]!.node })
            case .appended(let elements): .array(elements.map(\.node))
            }
        }

        func contains(_ segment: Segment?) -> Bool {
            guard case .hash(let members) = self, case .key(let key) = segment else { return false }
            return members[key] != nil
        }
    }

    private static func segments(of key: String) throws(StripeAPIError) -> [Segment] {
        guard let open = key.firstIndex(of: "[") else {
            guard !key.contains("]"), !key.isEmpty else { throw .malformedKey(key) }
            return [.key(key)]
        }
        let head = String(key[..<open])
        guard !head.isEmpty else { throw .malformedKey(key) }
        var result: [Segment] = [.key(head)]
        var rest = key[open...]
        while !rest.isEmpty {
            guard rest.first == "[", let close = rest.firstIndex(of: "]") else { throw .malformedKey(key) }
            let inner = rest[rest.index(after: rest.startIndex)..<close]
            guard !inner.contains("[") else { throw .malformedKey(key) }
            if inner.isEmpty {
                result.append(.append)
            } else if let index = Int(inner), index >= 0, inner.allSatisfy(\.isASCII) {
                result.append(.index(index))
            } else {
                result.append(.key(String(inner)))
            }
            rest = rest[rest.index(after: close)...]
        }
        return result
    }

    private static func insert(
        _ value: String,
        at path: ArraySlice<Segment>,
        into node: inout Builder,
        fullKey: String
    ) throws(StripeAPIError) {
        guard let segment = path.first else {
            throw .malformedKey(fullKey)
        }
        let rest = path.dropFirst()
        switch segment {
        case .key(let key):
            var members: [String: Builder]
            switch node {
            case .hash(let existing): members = existing
            case .indexed(let existing) where existing.isEmpty: members = [:]
            case .appended(let existing) where existing.isEmpty: members = [:]
            default: throw .conflictingShape(fullKey)
            }
            if rest.isEmpty {
                if let existing = members[key], case .leaf = existing {
                    // A repeated scalar key keeps the last value, as Rack-style parsers do.
                } else if members[key] != nil {
                    throw .conflictingShape(fullKey)
                }
                members[key] = .leaf(value)
            } else {
                var child = members[key] ?? Self.empty(for: rest.first!)
                if case .leaf = child { throw .conflictingShape(fullKey) }
                try insert(value, at: rest, into: &child, fullKey: fullKey)
                members[key] = child
            }
            node = .hash(members)
        case .index(let index):
            var elements: [Int: Builder]
            switch node {
            case .indexed(let existing): elements = existing
            case .hash(let existing) where existing.isEmpty: elements = [:]
            default: throw .conflictingShape(fullKey)
            }
            if rest.isEmpty {
                elements[index] = .leaf(value)
            } else {
                var child = elements[index] ?? Self.empty(for: rest.first!)
                if case .leaf = child { throw .conflictingShape(fullKey) }
                try insert(value, at: rest, into: &child, fullKey: fullKey)
                elements[index] = child
            }
            node = .indexed(elements)
        case .append:
            var elements: [Builder]
            switch node {
            case .appended(let existing): elements = existing
            case .hash(let existing) where existing.isEmpty: elements = []
            default: throw .conflictingShape(fullKey)
            }
            if rest.isEmpty {
                elements.append(.leaf(value))
            } else if var last = elements.last, !last.contains(rest.first), case .hash = last {
                try insert(value, at: rest, into: &last, fullKey: fullKey)
                elements[elements.count - 1] = last
            } else {
                var child = Self.empty(for: rest.first!)
                try insert(value, at: rest, into: &child, fullKey: fullKey)
                elements.append(child)
            }
            node = .appended(elements)
        }
    }

    private static func empty(for segment: Segment) -> Builder {
        switch segment {
        case .key: .hash([:])
        case .index: .indexed([:])
        case .append: .appended([])
        }
    }

    /// Percent-decodes one key or value (`+` is a space), or returns nil for a bad escape or invalid UTF-8.
    static func decode(_ text: Substring) -> String? {
        var needsWork = false
        for byte in text.utf8 where byte == UInt8(ascii: "%") || byte == UInt8(ascii: "+") {
            needsWork = true
            break
        }
        guard needsWork else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
