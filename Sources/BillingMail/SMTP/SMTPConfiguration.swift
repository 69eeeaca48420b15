import Foundation
public import NIOCore

/// Where and how to deliver mail, usually parsed from `mail.smtpURL`.
///
/// `smtp://user:pass@host:587?starttls=required` — plain connection upgraded with STARTTLS (`required`,
/// `opportunistic` (the default) or `never`); `smtps://host:465` — TLS from the first byte. Credentials are
/// percent-decoded and never appear in ``description``, logs or errors.
public struct SMTPConfiguration: Sendable, CustomStringConvertible {
    /// How the connection is secured.
    public enum Security: Sendable, Equatable {
        /// No TLS at all (local sinks).
        case none
        /// STARTTLS when the server offers it, plain otherwise.
        case startTLSIfAvailable
        /// STARTTLS or fail with ``MailError/tlsUnavailable``.
        case startTLSRequired
        /// TLS from the first byte (`smtps://`).
        case implicitTLS
    }

    /// The server host.
    public var host: String
    /// The server port.
    public var port: Int
    /// How the connection is secured.
    public var security: Security
    /// The AUTH user name, if any.
    public var username: String?
    /// The AUTH password, if any.
    public var password: String?
    /// The name sent with `EHLO`.
    public var heloName: String
    /// How long to wait for any one reply.
    public var replyTimeout: TimeAmount

    /// Creates a configuration.
    public init(
        host: String,
        port: Int = 25,
        security: Security = .startTLSIfAvailable,
        username: String? = nil,
        password: String? = nil,
        heloName: String = "localhost",
        replyTimeout: TimeAmount = .seconds(30)
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.heloName = heloName
        self.replyTimeout = replyTimeout
    }

    /// Parses `smtp://` and `smtps://` URLs.
    public init(url string: String) throws(MailError) {
        guard let components = URLComponents(string: string), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else { throw MailError.invalidConfiguration("mail.smtpURL is not a URL with a host") }
        let starttls = components.queryItems?.first { $0.name == "starttls" }?.value?.lowercased()
        let security: Security
        switch (scheme, starttls) {
        case ("smtps", _): security = .implicitTLS
        case ("smtp", nil), ("smtp", "opportunistic"): security = .startTLSIfAvailable
        case ("smtp", "required"): security = .startTLSRequired
        case ("smtp", "never"): security = .none
        default: throw MailError.invalidConfiguration("mail.smtpURL needs smtp:// or smtps:// and a valid starttls")
        }
        self.init(
            host: host,
            port: components.port ?? (security == .implicitTLS ? 465 : 25),
            security: security,
            username: components.user?.removingPercentEncoding,
            password: components.password?.removingPercentEncoding
        )
    }

    /// Whether the host is this machine, where plaintext credentials do not cross a network.
    var isLoopback: Bool { ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host.lowercased()) }

    /// Host, port and security; never credentials.
    public var description: String { "smtp \(host):\(port) (\(security))" }
}
