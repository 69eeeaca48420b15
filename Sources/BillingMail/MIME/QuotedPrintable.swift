import Foundation

/// Quoted-printable (RFC 2045 §6.7) with CRLF hard line breaks and soft breaks keeping lines at 76 characters.
enum QuotedPrintable {
    private static let maxLineLength = 76
    private static let hex = Array("0123456789ABCDEF")

    /// Encodes UTF-8 text; any of CRLF, LF or CR in the input becomes a CRLF hard break.
    static func encode(_ text: String) -> String {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        return normalized.split(separator: "\n", omittingEmptySubsequences: false)
            .map { encodeLine(Array($0.utf8)) }
            .joined(separator: "\r\n")
    }

    private static func encodeLine(_ bytes: [UInt8]) -> String {
        var output: [String] = []
        var current = ""
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            let token: String
            switch byte {
            // Trailing whitespace would be stripped by relays, so it is encoded at the end of a line.
            case 0x20, 0x09: token = isLast ? escaped(byte) : String(UnicodeScalar(byte))
            case 0x3D: token = escaped(byte)
            case 0x21...0x7E: token = String(UnicodeScalar(byte))
            default: token = escaped(byte)
            }
            // Keep room for the "=" of a soft break.
            if current.count + token.count > maxLineLength - 1 {
                output.append(current + "=")
                current = ""
            }
            current += token
        }
        output.append(current)
        return output.joined(separator: "\r\n")
    }

    private static func escaped(_ byte: UInt8) -> String {
        "=" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0x0F)])
    }
}
