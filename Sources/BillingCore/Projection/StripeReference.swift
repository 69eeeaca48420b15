/// A field Stripe sends either as an id string or as an expanded object with an `id`; decodes to the id.
struct StripeReference: Decodable, Sendable, Equatable {
    let id: String

    private struct Object: Decodable {
        let id: String
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let id = try? container.decode(String.self) {
            self.id = id
        } else {
            self.id = try container.decode(Object.self).id
        }
    }
}
