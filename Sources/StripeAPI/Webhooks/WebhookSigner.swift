import Crypto
public import Foundation

/// Signs webhook payloads the way Stripe does: `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256("<t>.<body>")>`.
///
/// The emulator signs its deliveries with it, and tests use it to build valid requests.
public struct WebhookSigner: Sendable {
    private let key: SymmetricKey

    /// Creates a signer for one endpoint secret (`whsec_…`; the whole string is the HMAC key, as in Stripe's SDKs).
    public init(secret: String) {
        self.key = SymmetricKey(data: Data(secret.utf8))
    }

    /// The hex `v1` signature of a payload at a timestamp.
    public func signature(for payload: some DataProtocol, timestamp: Int) -> String {
        var hmac = HMAC<SHA256>(key: key)
        hmac.update(data: Data("\(timestamp).".utf8))
        hmac.update(data: payload)
        return Hex.encode(hmac.finalize())
    }

    /// A complete `Stripe-Signature` header value.
    /// - Parameters:
    ///   - payload: the exact bytes that will be sent.
    ///   - timestamp: the signing time in Unix seconds.
    public func header(for payload: some DataProtocol, timestamp: Int) -> String {
        "t=\(timestamp),v1=\(signature(for: payload, timestamp: timestamp))"
    }

    /// A header value at `date`.
    public func header(for payload: some DataProtocol, at date: Date) -> String {
        header(for: payload, timestamp: Int(date.timeIntervalSince1970))
    }
}

enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes lowercase or uppercase hex given as UTF-8 bytes; nil for odd length or a non-hex character.
    static func decode(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count / 2)
        var index = text.startIndex
        while index < text.endIndex {
            guard let high = nibble(text[index]), let low = nibble(text[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
