import StripeAPI

/// Every live Stripe object by id, remembering which ids were written since the store last looked.
///
/// Every write goes through the subscript, so the store can drop the published encoding of exactly the objects a
/// transaction changed (see ``PublishedBodies``) and a cached body never outlives the object it was made from.
struct ObjectTable: Sendable {
    private var trees: [String: JSONObject] = [:]
    /// Ids assigned or mutated since the last ``takeChanged()``.
    private var changed: Set<String> = []

    init() {}

    /// The object with this id; assigning (or mutating in place) marks it changed.
    subscript(id: String) -> JSONObject? {
        get { trees[id] }
        set {
            changed.insert(id)
            trees[id] = newValue
        }
        _modify {
            changed.insert(id)
            yield &trees[id]
        }
    }

    /// Every object, as one id-to-object JSON object (the state file's `objects`).
    var jsonValue: JSONValue { .object(trees.mapValues(JSONValue.object)) }

    /// The ids written since the last call.
    mutating func takeChanged() -> Set<String> {
        guard !changed.isEmpty else { return [] }
        defer { changed.removeAll(keepingCapacity: true) }
        return changed
    }
}

extension ObjectTable: Codable {
    /// Saved as the plain id-to-object map, so state files stay as they were.
    init(from decoder: any Decoder) throws {
        trees = try decoder.singleValueContainer().decode([String: JSONObject].self)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(trees)
    }
}
