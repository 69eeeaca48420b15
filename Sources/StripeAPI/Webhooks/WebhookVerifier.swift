import Crypto
public import Foundation

/// Verifies Stripe's `Stripe-Signature` header against the raw request body.
///
/// Follows Stripe's scheme: every `v1=` entry is considered (`v0` and other schemes are ignored, which prevents
/// downgrades), the HMAC-SHA256 of `"<t>.<raw body>"` is checked in constant time against each configured secret
/// (several secrets allow rotation), and the timestamp must lie within the tolerance of `now` in either direction.
/// Stripe's own SDK only rejects old timestamps; we also reject timestamps from the future, so a leaked header
/// cannot be pre-dated for later replay.
public struct WebhookVerifier: Sendable {
    private let keys: [SymmetricKey]
    /// The accepted distance between the signature timestamp and now; 300 s by default, as in Stripe's SDKs.
    public let tolerance: Duration

    /// Creates a verifier.
    /// - Parameters:
    ///   - secrets: the endpoint signing secrets (`whsec_…`); any one may match.
    ///   - tolerance: the accepted clock distance.
    /// - Throws: ``WebhookVerificationError/noSecretConfigured`` when `secrets` has no non-empty entry.
    public init(secrets: [String], tolerance: Duration = .seconds(300)) throws(WebhookVerificationError) {
        let usable = secrets.filter { !$0.isEmpty }
        guard !usable.isEmpty else { throw .noSecretConfigured }
        self.keys = usable.map { SymmetricKey(data: Data($0.utf8)) }
        self.tolerance = tolerance
    }

    /// Verifies a delivery.
    /// - Parameters:
    ///   - payload: the raw body bytes, exactly as received (never re-serialized JSON).
    ///   - header: the `Stripe-Signature` header value, nil when absent.
    ///   - now: the current time (injected for tests).
    /// - Returns: the signed timestamp.
    /// - Throws: a ``WebhookVerificationError`` naming the check that failed; it never contains a secret.
    @discardableResult
    public func verify(
        payload: some DataProtocol,
        header: String?,
        now: Date
    ) throws(WebhookVerificationError) -> Int {
        guard let header, !header.isEmpty else { throw .missingHeader }
        let parsed = try Self.parse(header)
        guard !parsed.signatures.isEmpty else { throw .noV1Signature }

        // One MAC per secret, streamed over "<t>." and the body without copying the body; each comparison with a
        // received signature is constant-time (swift-crypto's `==` between a MAC and bytes uses a safe compare).
        let prefix = Data("\(parsed.timestamp).".utf8)
        var matched = false
        for key in keys {
            var hmac = HMAC<SHA256>(key: key)
            hmac.update(data: prefix)
            hmac.update(data: payload)
            let expected = hmac.finalize()
            for signature in parsed.signatures where expected == signature {
                matched = true
            }
        }
        guard matched else { throw .signatureMismatch }

        let age = now.timeIntervalSince1970 - Double(parsed.timestamp)
        let limit = Double(tolerance.components.seconds) + Double(tolerance.components.attoseconds) / 1e18
        if age > limit { throw .timestampTooOld }
        if -age > limit { throw .timestampInFuture }
        return parsed.timestamp
    }

    /// Splits `t=…,v1=…,v1=…,v0=…` into the timestamp and the decoded `v1` signatures.
    ///
    /// Works on the header's UTF-8 bytes (every delivery is parsed here; Foundation's `trimmingCharacters` on each
    /// part was most of a verification's cost). Spaces and tabs around names and values are ignored.
    static func parse(_ header: String) throws(WebhookVerificationError) -> (timestamp: Int, signatures: [[UInt8]]) {
        var timestamp: Int?
        var signatures: [[UInt8]] = []
        let bytes = Array(header.utf8)
        for item in bytes.split(separator: UInt8(ascii: ",")) {
            guard let equals = item.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let name = trimmed(item[item.startIndex..<equals])
            let value = trimmed(item[item.index(after: equals)...])
            if name.elementsEqual("t".utf8) {
                guard let t = Int(String(decoding: value, as: UTF8.self)), t >= 0 else { throw .malformedHeader }
                timestamp = t
            } else if name.elementsEqual("v1".utf8) {
                // A v1 that is not 32 bytes of hex can never match; skip it rather than fail the whole header.
                if let signature = Hex.decode(value), signature.count == 32 { signatures.append(signature) }
            }
        }
        guard let timestamp else { throw .malformedHeader }
        return (timestamp, signatures)
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let blank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !blank($0) }), let last = bytes.lastIndex(where: { !blank($0) })
        else { return bytes[bytes.endIndex...] }
        return bytes[first...last]
    }
}

/// Why a webhook delivery was rejected. The description names the failed check and never echoes a secret.
public struct WebhookVerificationError: Error, Equatable, CustomStringConvertible, Sendable {
    private enum Code: String, Sendable {
        case noSecretConfigured = "no webhook signing secret is configured"
        case missingHeader = "the Stripe-Signature header is missing"
        case malformedHeader = "unable to extract a timestamp and signatures from the Stripe-Signature header"
        case noV1Signature = "no signatures found with the expected scheme v1"
        case signatureMismatch = "no signature matches the expected signature for the payload"
        case timestampTooOld = "the signature timestamp is older than the tolerance"
        case timestampInFuture = "the signature timestamp is further in the future than the tolerance"
    }

    private let code: Code
    private init(_ code: Code) { self.code = code }

    /// No usable secret was given to the verifier.
    public static var noSecretConfigured: Self { Self(.noSecretConfigured) }
    /// The request had no `Stripe-Signature` header.
    public static var missingHeader: Self { Self(.missingHeader) }
    /// The header had no valid `t=` timestamp.
    public static var malformedHeader: Self { Self(.malformedHeader) }
    /// The header had no `v1=` signature.
    public static var noV1Signature: Self { Self(.noV1Signature) }
    /// No `v1` signature matched any secret (tampered body or wrong secret).
    public static var signatureMismatch: Self { Self(.signatureMismatch) }
    /// The timestamp is older than the tolerance (a replay).
    public static var timestampTooOld: Self { Self(.timestampTooOld) }
    /// The timestamp is ahead of now by more than the tolerance.
    public static var timestampInFuture: Self { Self(.timestampInFuture) }

    public var description: String { code.rawValue }
}
