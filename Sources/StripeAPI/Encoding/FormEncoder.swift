import Foundation

/// Encodes `Encodable` parameter values into Stripe's `application/x-www-form-urlencoded` dialect.
///
/// Stripe's v1 API takes nested hashes as `a[b][c]=v` and arrays as indexed brackets `items[0][price]=v`,
/// exactly as the official SDKs send them. `nil` optionals are omitted, booleans are `true`/`false`, dates are
/// Unix seconds, and ``Unsettable/unset`` becomes the empty string that tells Stripe to clear a field.
///
/// No package on our dependency list speaks this dialect (Hummingbird's `URLEncodedFormEncoder` writes arrays
/// as `a[]=` and cannot express Stripe's indexed arrays), so this encoder is written by hand.
public struct FormEncoder: Sendable {
    /// Creates an encoder.
    public init() {}

    /// Flattens a value into ordered `(key, value)` pairs, before percent-encoding.
    /// - Parameter value: a keyed value (a struct or a dictionary); top-level scalars are rejected.
    /// - Returns: the pairs in encoding order (struct properties in `CodingKeys` order, dictionary keys sorted).
    public func pairs(_ value: some Encodable) throws -> [(key: String, value: String)] {
        let storage = FormStorage()
        let encoder = FormValueEncoder(storage: storage, path: [])
        try value.encode(to: encoder)
        return storage.pairs
    }

    /// Encodes a value into a form body or query string, such as `customer=cus_1&items[0][price]=price_1`.
    /// - Parameter value: the parameters.
    /// - Returns: the percent-encoded string, with literal `[` and `]` as the official SDKs write them.
    public func encode(_ value: some Encodable) throws -> String {
        try Self.serialize(pairs(value))
    }

    /// Serializes already-flattened pairs.
    public static func serialize(_ pairs: [(key: String, value: String)]) -> String {
        pairs.map { "\(escape($0.key))=\(escape($0.value))" }.joined(separator: "&")
    }

    /// Percent-encodes a key or value byte for byte as the official Python SDK does (`urllib.parse.urlencode`, so a
    /// space is `+`), except that brackets stay literal, which the SDK also restores after encoding.
    static func escape(_ string: String) -> String {
        var result = ""
        result.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            if byte == UInt8(ascii: " ") {
                result += "+"
            } else if isUnreserved(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "%"
                result += String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"),
            UInt8(ascii: "["), UInt8(ascii: "]"):
            return true
        default:
            return false
        }
    }
}

/// The error thrown when a parameter value has no form representation.
public struct FormEncodingError: Error, CustomStringConvertible {
    /// What went wrong, naming the parameter path.
    public let description: String
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// Collects pairs while the encoder tree walks a value. Encoding is synchronous and single-threaded, so a class
/// shared by the nested containers is the simplest correct storage; it never escapes `FormEncoder.pairs(_:)`.
private final class FormStorage {
    var pairs: [(key: String, value: String)] = []
}

private struct FormValueEncoder: Encoder {
    let storage: FormStorage
    let path: [String]
    var codingPath: [any CodingKey] { path.map { AnyKey(stringValue: $0) } }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func key(for path: [String]) -> String {
        guard let first = path.first else { return "" }
        return path.dropFirst().reduce(first) { "\($0)[\($1)]" }
    }

    func emit(_ value: String) throws {
        guard !path.isEmpty else { throw FormEncodingError(description: "a top-level scalar has no parameter name") }
        storage.pairs.append((key(for: path), value))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedFormContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedFormContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleFormContainer(encoder: self)
    }

    func child(_ component: String) -> FormValueEncoder {
        FormValueEncoder(storage: storage, path: path + [component])
    }

    /// Encodes a nested value, special-casing the Foundation types whose own `Encodable` shape is wrong for forms.
    func encodeNested(_ value: some Encodable, at component: String) throws {
        let encoder = child(component)
        if let date = value as? Date {
            try encoder.emit(String(Int64(date.timeIntervalSince1970.rounded(.down))))
        } else if let url = value as? URL {
            try encoder.emit(url.absoluteString)
        } else if let decimal = value as? Decimal {
            try encoder.emit("\(decimal)")
        } else if let dictionary = value as? [String: String] {
            // Dictionary iteration order is random per process; sorted keys keep bodies reproducible.
            for key in dictionary.keys.sorted() {
                try encoder.child(key).emit(dictionary[key]!)
            }
        } else {
            try value.encode(to: encoder)
        }
    }
}

private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { Int(stringValue) }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { self.stringValue = String(intValue) }
}

private struct KeyedFormContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: FormValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    func encodeNil(forKey key: Key) throws {}
    func encode(_ value: Bool, forKey key: Key) throws {
        try encoder.child(key.stringValue).emit(value ? "true" : "false")
    }
    func encode(_ value: String, forKey key: Key) throws { try encoder.child(key.stringValue).emit(value) }
    func encode(_ value: Double, forKey key: Key) throws { try encoder.child(key.stringValue).emit(formatted(value)) }
    func encode(_ value: Float, forKey key: Key) throws {
        try encoder.child(key.stringValue).emit(formatted(Double(value)))
    }
    func encode(_ value: Int, forKey key: Key) throws { try encoder.child(key.stringValue).emit(String(value)) }
    func encode(_ value: Int8, forKey key: Key) throws { try encoder.child(key.stringValue).emit(String(value)) }
    func encode(_ value: Int16, forKey key: Key) throws { try encoder.child(key.stringValue).emit(String(value)) }
    func encode(_ value: Int32, forKey key: Key) throws { try encoder.child(key.stringValue).emit(String(value)) }
    func encode(_ value: Int64, forKey key: Key) throws { try encoder.child(key.stringValue).emit(String(value)) }
    func encode(_ value: UInt, forKey key: Key) throws { try encoder.child(key.stringValue).emit(String(value)) }
    func encode(_ value: UInt8, forKey key: Key) throws { try encoder.child(key.stringValue).emit(String(value)) }
    func encode(_ value: UInt16, forKey key: Key) throws { try encoder.child(key.stringValue).emit(String(value)) }
    func encode(_ value: UInt32, forKey key: Key) throws { try encoder.child(key.stringValue).emit(String(value)) }
    func encode(_ value: UInt64, forKey key: Key) throws { try encoder.child(key.stringValue).emit(String(value)) }
    func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encoder.encodeNested(value, at: key.stringValue)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(KeyedFormContainer<NestedKey>(encoder: encoder.child(key.stringValue)))
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        UnkeyedFormContainer(encoder: encoder.child(key.stringValue))
    }

    func superEncoder() -> any Encoder { encoder.child("super") }
    func superEncoder(forKey key: Key) -> any Encoder { encoder.child(key.stringValue) }
}

/// Arrays become indexed brackets. The index counter lives in the shared storage's pair count, so it is derived
/// from a reference box rather than a mutable struct copy.
private final class IndexBox {
    var next = 0
}

private struct UnkeyedFormContainer: UnkeyedEncodingContainer {
    let encoder: FormValueEncoder
    let box = IndexBox()
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { box.next }

    private func nextComponent() -> String {
        defer { box.next += 1 }
        return String(box.next)
    }

    mutating func encodeNil() throws { _ = nextComponent() }
    mutating func encode(_ value: Bool) throws { try encoder.child(nextComponent()).emit(value ? "true" : "false") }
    mutating func encode(_ value: String) throws { try encoder.child(nextComponent()).emit(value) }
    mutating func encode(_ value: Double) throws { try encoder.child(nextComponent()).emit(formatted(value)) }
    mutating func encode(_ value: Float) throws { try encoder.child(nextComponent()).emit(formatted(Double(value))) }
    mutating func encode(_ value: Int) throws { try encoder.child(nextComponent()).emit(String(value)) }
    mutating func encode(_ value: Int8) throws { try encoder.child(nextComponent()).emit(String(value)) }
    mutating func encode(_ value: Int16) throws { try encoder.child(nextComponent()).emit(String(value)) }
    mutating func encode(_ value: Int32) throws { try encoder.child(nextComponent()).emit(String(value)) }
    mutating func encode(_ value: Int64) throws { try encoder.child(nextComponent()).emit(String(value)) }
    mutating func encode(_ value: UInt) throws { try encoder.child(nextComponent()).emit(String(value)) }
    mutating func encode(_ value: UInt8) throws { try encoder.child(nextComponent()).emit(String(value)) }
    mutating func encode(_ value: UInt16) throws { try encoder.child(nextComponent()).emit(String(value)) }
    mutating func encode(_ value: UInt32) throws { try encoder.child(nextComponent()).emit(String(value)) }
    mutating func encode(_ value: UInt64) throws { try encoder.child(nextComponent()).emit(String(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try encoder.encodeNested(value, at: nextComponent())
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(KeyedFormContainer<NestedKey>(encoder: encoder.child(nextComponent())))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedFormContainer(encoder: encoder.child(nextComponent()))
    }

    mutating func superEncoder() -> any Encoder { encoder.child(nextComponent()) }
}

private struct SingleFormContainer: SingleValueEncodingContainer {
    let encoder: FormValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    func encodeNil() throws {}
    func encode(_ value: Bool) throws { try encoder.emit(value ? "true" : "false") }
    func encode(_ value: String) throws { try encoder.emit(value) }
    func encode(_ value: Double) throws { try encoder.emit(formatted(value)) }
    func encode(_ value: Float) throws { try encoder.emit(formatted(Double(value))) }
    func encode(_ value: Int) throws { try encoder.emit(String(value)) }
    func encode(_ value: Int8) throws { try encoder.emit(String(value)) }
    func encode(_ value: Int16) throws { try encoder.emit(String(value)) }
    func encode(_ value: Int32) throws { try encoder.emit(String(value)) }
    func encode(_ value: Int64) throws { try encoder.emit(String(value)) }
    func encode(_ value: UInt) throws { try encoder.emit(String(value)) }
    func encode(_ value: UInt8) throws { try encoder.emit(String(value)) }
    func encode(_ value: UInt16) throws { try encoder.emit(String(value)) }
    func encode(_ value: UInt32) throws { try encoder.emit(String(value)) }
    func encode(_ value: UInt64) throws { try encoder.emit(String(value)) }
    func encode<T: Encodable>(_ value: T) throws {
        if encoder.path.isEmpty {
            try value.encode(to: encoder)
        } else {
            // Re-enter through the parent so Date/URL/Decimal special cases apply to wrapped values too.
            let parent = FormValueEncoder(storage: encoder.storage, path: Array(encoder.path.dropLast()))
            try parent.encodeNested(value, at: encoder.path.last!)
        }
    }
}

private func formatted(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
}
