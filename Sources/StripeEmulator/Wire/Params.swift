import StripeAPI

/// Typed, strict access to one endpoint's parameters.
///
/// Every accessor names the offending parameter the way Stripe does (`items[0][price]`), and
/// ``requireOnly(_:)`` rejects parameters the endpoint does not know with `parameter_unknown`.
struct Params: Sendable {
    let values: [String: FormNode]
    let prefix: String

    init(_ values: [String: FormNode], prefix: String = "") {
        self.values = values
        self.prefix = prefix
    }

    func name(_ key: String) -> String {
        prefix.isEmpty ? key : "\(prefix)[\(key)]"
    }

    /// Rejects any parameter not in `allowed` (`expand` is always allowed at the top level).
    func requireOnly(_ allowed: Set<String>) throws(StripeAPIError) {
        for key in values.keys.sorted() where !allowed.contains(key) && !(prefix.isEmpty && key == "expand") {
            throw .unknown(name(key))
        }
    }

    func has(_ key: String) -> Bool { values[key] != nil }

    /// Whether the parameter was sent as the empty string, Stripe's "unset".
    func isEmptyString(_ key: String) -> Bool { values[key] == .string("") }

    func string(_ key: String) throws(StripeAPIError) -> String? {
        switch values[key] {
        case nil: return nil
        case .string(let value)?: return value
        case .hash?, .array?: throw .invalid(name(key), "Invalid string: \(name(key)) must be a string")
        }
    }

    func nonEmptyString(_ key: String) throws(StripeAPIError) -> String? {
        guard let value = try string(key) else { return nil }
        guard !value.isEmpty else { throw .emptyString(name(key)) }
        return value
    }

    func requiredString(_ key: String) throws(StripeAPIError) -> String {
        guard let value = try string(key) else { throw .missing(name(key)) }
        guard !value.isEmpty else { throw .emptyString(name(key)) }
        return value
    }

    func int(_ key: String) throws(StripeAPIError) -> Int? {
        guard let text = try string(key) else { return nil }
        guard let value = Int(text) else { throw .invalidInteger(name(key), text) }
        return value
    }

    func requiredInt(_ key: String) throws(StripeAPIError) -> Int {
        guard let value = try int(key) else { throw .missing(name(key)) }
        return value
    }

    func bool(_ key: String) throws(StripeAPIError) -> Bool? {
        guard let text = try string(key) else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default: throw .invalid(name(key), "Invalid boolean: \(text)")
        }
    }

    func oneOf(_ key: String, _ allowed: [String]) throws(StripeAPIError) -> String? {
        guard let value = try string(key) else { return nil }
        guard allowed.contains(value) else {
            throw .invalid(
                name(key),
                "Invalid \(name(key)): must be one of \(allowed.joined(separator: ", "))"
            )
        }
        return value
    }

    func hash(_ key: String) throws(StripeAPIError) -> Params? {
        switch values[key] {
        case nil: return nil
        case .hash(let members)?: return Params(members, prefix: name(key))
        case .string("")?: return nil
        case .string?, .array?: throw .invalid(name(key), "Invalid hash: \(name(key)) must be a hash")
        }
    }

    /// The elements of an array parameter as nested parameter sets.
    func hashArray(_ key: String) throws(StripeAPIError) -> [Params]? {
        switch values[key] {
        case nil: return nil
        case .string("")?: return []
        case .array(let elements)?:
            var result: [Params] = []
            for (index, element) in elements.enumerated() {
                guard case .hash(let members) = element else {
                    throw .invalid("\(name(key))[\(index)]", "Invalid hash: \(name(key))[\(index)] must be a hash")
                }
                result.append(Params(members, prefix: "\(name(key))[\(index)]"))
            }
            return result
        case .hash(let members)?:
            // Some clients send `a[0][x]` that arrives as a hash keyed by index strings.
            let keys = members.keys.compactMap(Int.init).sorted()
            guard keys.count == members.count else { throw .invalid(name(key), "Invalid array: \(name(key))") }
            var result: [Params] = []
            for index in keys {
                guard case .hash(let inner)? = members[String(index)] else {
                    throw .invalid("\(name(key))[\(index)]", "Invalid hash: \(name(key))[\(index)]")
                }
                result.append(Params(inner, prefix: "\(name(key))[\(index)]"))
            }
            return result
        case .string?: throw .invalid(name(key), "Invalid array: \(name(key)) must be an array")
        }
    }

    func stringArray(_ key: String) throws(StripeAPIError) -> [String]? {
        switch values[key] {
        case nil: return nil
        case .string("")?: return []
        case .array(let elements)?:
            var result: [String] = []
            for (index, element) in elements.enumerated() {
                guard case .string(let value) = element else {
                    throw .invalid("\(name(key))[\(index)]", "Invalid string: \(name(key))[\(index)]")
                }
                result.append(value)
            }
            return result
        case .string(let single)?: return [single]
        case .hash?: throw .invalid(name(key), "Invalid array: \(name(key)) must be an array")
        }
    }

    /// `expand[]` paths.
    var expand: [String] {
        (try? stringArray("expand")) ?? []
    }

    /// Applies `metadata[k]=v` (an empty value removes the key; `metadata=` clears all) to existing metadata.
    func metadata(merging existing: JSONValue?) throws(StripeAPIError) -> JSONValue? {
        guard let node = values["metadata"] else { return nil }
        var result = existing?.objectValue ?? [:]
        switch node {
        case .string(""): return .object([:])
        case .hash(let members):
            for (key, value) in members {
                guard case .string(let text) = value else {
                    throw .invalid(name("metadata[\(key)]"), "Invalid metadata: values must be strings")
                }
                guard key.count <= 40 else {
                    throw .invalid(name("metadata[\(key)]"), "Metadata keys can be at most 40 characters")
                }
                guard text.count <= 500 else {
                    throw .invalid(name("metadata[\(key)]"), "Metadata values can be at most 500 characters")
                }
                result[key] = text.isEmpty ? nil : .string(text)
            }
            guard result.count <= 50 else {
                throw .invalid(name("metadata"), "Metadata can have at most 50 keys")
            }
            return .object(result)
        default:
            throw .invalid(name("metadata"), "Invalid hash: metadata must be a hash")
        }
    }
}
