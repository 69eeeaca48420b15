/// A parsed Stripe request parameter: a string, a hash (`a[b]=v`) or an array (`a[0]=v`, `a[]=v`).
public enum FormNode: Sendable, Equatable {
    /// A scalar as sent; typed conversion happens where the endpoint reads it.
    case string(String)
    /// Bracketed keys, `a[b]=v`.
    case hash([String: FormNode])
    /// Indexed or appended elements, in index order.
    case array([FormNode])

    /// The member named `key` when this is a hash.
    subscript(key: String) -> FormNode? {
        if case .hash(let members) = self { return members[key] }
        return nil
    }

    /// A canonical text rendering with sorted keys, used to compare the parameters of idempotent requests.
    var canonical: String {
        switch self {
        case .string(let value): return "\"" + value + "\""
        case .array(let elements): return "[" + elements.map(\.canonical).joined(separator: ",") + "]"
        case .hash(let members):
            return "{" + members.keys.sorted().map { "\($0):\(members[$0]!.canonical)" }.joined(separator: ",") + "}"
        }
    }
}
