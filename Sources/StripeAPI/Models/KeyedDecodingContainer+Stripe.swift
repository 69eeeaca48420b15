extension KeyedDecodingContainer {
    /// Metadata, or an empty dictionary when the key is absent or null (some objects and older payloads omit it).
    func decodeMetadata(forKey key: Key) throws -> Metadata {
        try decodeIfPresent(Metadata.self, forKey: key) ?? [:]
    }

    /// The id of an expandable field whose object type this library does not model (a subscription schedule, a
    /// promotion code): accepts the bare id or the expanded object's `id`.
    func decodeReferenceID(forKey key: Key) throws -> String? {
        if let id = try? decodeIfPresent(String.self, forKey: key) { return id }
        return try decodeIfPresent(ReferenceStub.self, forKey: key)?.id
    }
}

/// The `id` of an expanded object whose other fields are not needed.
private struct ReferenceStub: Decodable {
    var id: String
}
