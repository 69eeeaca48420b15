import Foundation
public import Logging
public import NIOCore
public import NIOPosix
public import NIOSSL

/// Delivers one message per connection over SMTP (RFC 5321): EHLO, optional STARTTLS, AUTH PLAIN or LOGIN,
/// MAIL FROM, RCPT TO, DATA with dot-stuffing, QUIT.
///
/// Any 4xx reply, dropped connection or timeout throws a transient ``MailError``; 5xx replies throw a permanent one.
public struct SMTPClient: Sendable {
    private let configuration: SMTPConfiguration
    private let tlsConfiguration: TLSConfiguration
    private let group: any EventLoopGroup
    private let logger: Logger

    /// Creates a client; `tlsConfiguration` defaults to system trust roots with full verification.
    public init(
        configuration: SMTPConfiguration,
        tlsConfiguration: TLSConfiguration = .makeClientConfiguration(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger
    ) {
        self.configuration = configuration
        self.tlsConfiguration = tlsConfiguration
        self.group = group
        self.logger = logger
    }

    /// Renders and sends `message`.
    public func send(_ message: MailMessage) async throws(MailError) {
        try await send(data: MIMEWriter.render(message), from: message.from, to: message.to)
    }

    /// Sends already rendered message `data` to `recipients`.
    public func send(data: String, from sender: MailAddress, to recipients: [MailAddress]) async throws(MailError) {
        do {
            try await converse(data: data, sender: sender, recipients: recipients)
        } catch let error as MailError {
            throw error
        } catch let error as NIOSSLError {
            throw MailError.connectionFailed("TLS failed: \(error)")
        } catch {
            throw MailError.connectionFailed("\(type(of: error))")
        }
    }

    /// CRLF line endings, a doubled leading dot on every line that starts with one, and the terminating `.` line.
    static func dotStuffed(_ data: String) -> String {
        let normalized = data.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var lines = normalized.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines.map { $0.hasPrefix(".") ? "." + $0 : $0 }.map { $0 + "\r\n" }.joined() + ".\r\n"
    }

    private func converse(data: String, sender: MailAddress, recipients: [MailAddress]) async throws {
        let configuration = configuration
        let sslContext = try NIOSSLContext(configuration: tlsConfiguration)
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(configuration.replyTimeout)
            .connect(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if configuration.security == .implicitTLS {
                        try sync.addHandler(NIOSSLClientHandler(context: sslContext, serverHostname: tlsHostname))
                    }
                    try sync.addHandler(IdleStateHandler(readTimeout: configuration.replyTimeout))
                    try sync.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                    try sync.addHandler(SMTPIdleTimeoutHandler())
                    return try NIOAsyncChannel<SMTPReply, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        logger.debug("SMTP connected", metadata: ["smtp.server": "\(configuration)"])
        try await channel.executeThenClose { inbound, outbound in
            var replies = inbound.makeAsyncIterator()
            func expect(_ command: String, _ accepted: ClosedRange<Int>) async throws -> SMTPReply {
                guard let reply = try await replies.next() else { throw MailError.connectionClosed }
                guard accepted.contains(reply.code) else { throw MailError.rejected(reply, during: command) }
                return reply
            }
            func command(_ line: String, _ name: String, _ accepted: ClosedRange<Int>) async throws -> SMTPReply {
                try await outbound.write(ByteBuffer(string: line + "\r\n"))
                return try await expect(name, accepted)
            }
            _ = try await expect("greeting", 220...220)
            var extensions = Self.extensions(try await command("EHLO \(configuration.heloName)", "EHLO", 250...250))
            var secured = configuration.security == .implicitTLS
            if configuration.security == .startTLSRequired || configuration.security == .startTLSIfAvailable {
                if extensions.keys.contains("STARTTLS") {
                    _ = try await command("STARTTLS", "STARTTLS", 220...220)
                    try await channel.channel.eventLoop.submit {
                        try channel.channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: sslContext, serverHostname: tlsHostname),
                            position: .first
                        )
                    }.get()
                    secured = true
                    extensions = Self.extensions(
                        try await command("EHLO \(configuration.heloName)", "EHLO", 250...250)
                    )
                } else if configuration.security == .startTLSRequired {
                    throw MailError.tlsUnavailable
                }
            }
            if let username = configuration.username, let password = configuration.password {
                guard secured || configuration.isLoopback else { throw MailError.tlsUnavailable }
                let mechanisms = extensions["AUTH"] ?? []
                if mechanisms.contains("PLAIN") {
                    let token = Data("\0\(username)\0\(password)".utf8).base64EncodedString()
                    _ = try await command("AUTH PLAIN \(token)", "AUTH", 235...235)
                } else if mechanisms.contains("LOGIN") {
                    _ = try await command("AUTH LOGIN", "AUTH", 334...334)
                    _ = try await command(Data(username.utf8).base64EncodedString(), "AUTH", 334...334)
                    _ = try await command(Data(password.utf8).base64EncodedString(), "AUTH", 235...235)
                } else {
                    throw MailError.authenticationUnsupported
                }
            }
            _ = try await command("MAIL FROM:<\(sender.address)>", "MAIL FROM", 250...250)
            for recipient in recipients {
                _ = try await command("RCPT TO:<\(recipient.address)>", "RCPT TO", 250...251)
            }
            _ = try await command("DATA", "DATA", 354...354)
            try await outbound.write(ByteBuffer(string: Self.dotStuffed(data)))
            _ = try await expect("message", 250...250)
            // The message is accepted; a failing QUIT must not make the sender deliver it twice.
            _ = try? await command("QUIT", "QUIT", 221...221)
        }
        logger.debug("SMTP message accepted", metadata: ["smtp.server": "\(configuration)"])
    }

    /// SNI and certificate verification need a host name, not an IP literal.
    private var tlsHostname: String? {
        configuration.host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" } ? nil : configuration.host
    }

    /// EHLO keywords (upper-cased) and their parameters.
    private static func extensions(_ reply: SMTPReply) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for line in reply.lines.dropFirst() {
            let words = line.split(separator: " ").map { $0.uppercased() }
            guard let keyword = words.first else { continue }
            result[keyword] = Array(words.dropFirst())
        }
        return result
    }
}
