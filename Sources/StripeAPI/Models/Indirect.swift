/// Stores a value out of line so that two models can embed each other (a product's expanded default price embeds
/// its product, an invoice's expanded subscription embeds its latest invoice), which plain structs cannot do.
/// Encodes and decodes exactly as the wrapped value. Making `Expandable.object` itself `indirect` was tried: with
/// Swift 6.3.1 the runtime crashed instantiating the recursive generic metadata while decoding, so the box stays at
/// the three fields that close a cycle.
struct Indirect<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    private indirect enum Storage: Sendable, Equatable {
        case value(Value)
    }

    private var storage: Storage

    init(_ value: Value) {
        storage = .value(value)
    }

    var value: Value {
        get {
            switch storage {
            case .value(let value): value
            }
        }
        set { storage = .value(newValue) }
    }

    init(from decoder: any Decoder) throws {
        self.init(try Value(from: decoder))
    }

    func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
    }
}
