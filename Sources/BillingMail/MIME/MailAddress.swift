import Foundation

/// A mailbox: an address and an optional display name.
///
/// Creation rejects addresses that could smuggle extra headers or SMTP commands (CR, LF, angle brackets, spaces).
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address, such as `ada@example.com`.
    public let address: String
    /// The display name, such as `Ada Lovelace`; may be non-ASCII.
    public let name: String?

    /// Creates a mailbox, or fails when the address is not a plausible `local@domain`.
    public init(_ address: String, name: String? = nil) throws(MailError) {
        let forbidden: Set<Unicode.Scalar> = ["\r", "\n", "<", ">", " ", "\t", ",", ";", "\0"]
        guard let at = address.lastIndex(of: "@"), at != address.startIndex,
            address.index(after: at) != address.endIndex,
            !address.unicodeScalars.contains(where: { forbidden.contains($0) || !$0.isASCII })
        else { throw MailError.invalidAddress }
        if let name, name.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
            throw MailError.invalidAddress
        }
        self.address = address
        self.name = name
    }

    /// Parses a configured mailbox: a bare address (`billing@acme.test`) or a display name with the address in
    /// angle brackets (`Acme Notes <billing@acme.test>`, the name optionally in double quotes).
    /// - Throws: ``MailError/invalidAddress`` when the address part is not a plausible `local@domain`.
    public init(parsing text: String) throws(MailError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") else {
            try self.init(trimmed)
            return
        }
        let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
        var name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()) }
        try self.init(address, name: name.isEmpty ? nil : name)
    }

    /// The domain part, used for `Message-ID` and `EHLO`.
    public var domain: String {
        String(address[address.index(after: address.lastIndex(of: "@")!)...])
    }

    /// The address only; display names stay out of logs.
    public var description: String { address }

    /// The header form: `"Name" <address>` (RFC 2047 encoded when the name is not ASCII) or the bare address.
    var headerValue: String {
        guard let name, !name.isEmpty else { return address }
        if name.allSatisfy({ $0.isASCII }) {
            let quoted = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(quoted)\" <\(address)>"
        }
        return "\(HeaderEncoding.encodedWords(name).joined(separator: " ")) <\(address)>"
    }
}
