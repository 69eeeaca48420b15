import NIOCore
import StripeAPI

/// Every live Stripe object by id, with the wire encoding of each object kept until the object changes.
///
/// Retrieves dominate emulator traffic, and re-encoding the whole tree (explicit nulls included) on every read
/// made `GET /v1/customers/:id` the slowest read. Every write goes through the subscript, which drops the
/// object's encoding, so a cached body can never outlive the object it was made from. Because the table is a
/// value inside ``EmulatorState``, a copied or restored state carries exactly the encodings of its own objects.
struct ObjectTable: Sendable {
    private var trees: [String: JSONObject] = [:]
    /// Pretty-printed response bodies of unchanged objects, filled on first read.
    private var encoded: [String: ByteBuffer] = [:]

    init() {}

    /// The object with this id; assigning (or mutating in place) drops its cached encoding.
    subscript(id: String) -> JSONObject? {
        get { trees[id] }
        set {
            encoded[id] = nil
            trees[id] = newValue
        }
        _modify {
            encoded[id] = nil
            yield &trees[id]
        }
    }

    /// The object as the API returns it with no expansion, encoded at most once per change.
    /// - Parameters:
    ///   - id: the object's id.
    ///   - kind: the required `object` value; another kind reads as missing.
    /// - Returns: the response body, or nil when there is no such object of that kind.
    mutating func encodedBody(_ id: String, kind: String) -> ByteBuffer? {
        guard let tree = trees[id], tree.string("object") == kind else { return nil }
        if let body = encoded[id] { return body }
        let body = ByteBuffer(bytes: JSONWriter.bytes(.object(tree)))
        encoded[id] = body
        return body
    }

    /// Whether an encoding is cached for an id (tests check invalidation with it).
    func hasEncodedBody(_ id: String) -> Bool {
        encoded[id] != nil
    }
}

extension ObjectTable: Codable {
    /// Saved as the plain id-to-object map, so state files stay as they were; encodings are never saved.
    init(from decoder: any Decoder) throws {
        trees = try decoder.singleValueContainer().decode([String: JSONObject].self)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(trees)
    }
}
