import Foundation

/// Renders a ``MailMessage`` as an RFC 5322 message: CRLF line endings, RFC 2047 subject, quoted-printable
/// bodies in a `multipart/alternative` (text first, HTML last), and no line longer than 76 characters in bodies.
public enum MIMEWriter {
    /// The message bytes, ending with CRLF, before SMTP dot-stuffing.
    public static func render(_ message: MailMessage, boundary: String? = nil) -> String {
        var lines: [String] = [
            "Date: \(rfc5322Date(message.date))",
            "From: " + message.from.headerValue,
            "To: " + message.to.map(\.headerValue).joined(separator: ",\r\n "),
            "Message-ID: <\(message.messageID)>",
            HeaderEncoding.header("Subject", message.subject),
            "MIME-Version: 1.0",
        ]
        let text = QuotedPrintable.encode(message.text)
        guard let html = message.html else {
            lines += [
                "Content-Type: text/plain; charset=UTF-8",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                text,
            ]
            return lines.joined(separator: "\r\n") + "\r\n"
        }
        let boundary = boundary ?? "=_billing_\(UUID().uuidString.replacingOccurrences(of: "-", with: ""))"
        lines += [
            "Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"",
            "",
            "This is a multi-part message in MIME format.",
            "--\(boundary)",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            text,
            "--\(boundary)",
            "Content-Type: text/html; charset=UTF-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            QuotedPrintable.encode(html),
            "--\(boundary)--",
        ]
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// `Thu, 26 Nov 2026 16:51:07 +0000`, always in UTC and the POSIX locale.
    static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int?) -> String {
            let value = value ?? 0
            return value < 10 ? "0\(value)" : "\(value)"
        }
        return "\(days[(parts.weekday ?? 1) - 1]), \(two(parts.day)) \(months[(parts.month ?? 1) - 1]) "
            + "\(parts.year ?? 1970) \(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) +0000"
    }
}
