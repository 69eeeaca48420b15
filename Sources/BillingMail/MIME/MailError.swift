/// A mail could not be built or delivered.
///
/// ``isTransient`` tells a sender whether to try again later (4xx replies, dropped connections, timeouts) or to
/// give up (5xx replies, invalid addresses, TLS required but not offered).
public struct MailError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: Sendable, Equatable {
        case invalidAddress
        case invalidConfiguration
        case connectionFailed
        case connectionClosed
        case timeout
        case tlsUnavailable
        case authenticationUnsupported
        case unexpectedReply
        case rejected
    }

    private let code: Code
    /// The SMTP reply code when the server answered, such as 421 or 550.
    public let replyCode: Int?
    /// What happened, without credentials or message content.
    public let detail: String

    private init(_ code: Code, replyCode: Int? = nil, detail: String) {
        self.code = code
        self.replyCode = replyCode
        self.detail = detail
    }

    /// An address is malformed or contains characters that could inject headers.
    public static let invalidAddress = MailError(.invalidAddress, detail: "invalid mail address")
    /// `mail.smtpURL` is not a usable `smtp://` or `smtps://` URL.
    public static func invalidConfiguration(_ detail: String) -> MailError {
        MailError(.invalidConfiguration, detail: detail)
    }
    /// The TCP (or TLS) connection could not be opened.
    public static func connectionFailed(_ detail: String) -> MailError { MailError(.connectionFailed, detail: detail) }
    /// The server closed the connection before the conversation finished.
    public static let connectionClosed = MailError(.connectionClosed, detail: "connection closed by server")
    /// The server did not answer in time.
    public static let timeout = MailError(.timeout, detail: "SMTP conversation timed out")
    /// `starttls=required` but the server did not offer STARTTLS.
    public static let tlsUnavailable = MailError(.tlsUnavailable, detail: "server does not offer STARTTLS")
    /// Credentials are configured but the server offers neither AUTH PLAIN nor AUTH LOGIN.
    public static let authenticationUnsupported = MailError(
        .authenticationUnsupported,
        detail: "server offers no supported AUTH mechanism"
    )
    /// The server sent something that is not an SMTP reply.
    public static func unexpectedReply(_ detail: String) -> MailError { MailError(.unexpectedReply, detail: detail) }
    /// The server refused a command with a 4xx or 5xx reply.
    public static func rejected(_ reply: SMTPReply, during command: String) -> MailError {
        MailError(.rejected, replyCode: reply.code, detail: "\(command) rejected: \(reply.code) \(reply.text)")
    }

    /// Whether trying again later may succeed.
    public var isTransient: Bool {
        switch code {
        case .connectionFailed, .connectionClosed, .timeout: return true
        case .rejected: return (replyCode ?? 500) < 500
        case .invalidAddress, .invalidConfiguration, .tlsUnavailable, .authenticationUnsupported, .unexpectedReply:
            return false
        }
    }

    /// The detail text.
    public var description: String { detail }
}
