/// Something that delivers a rendered mail: SMTP in production, a folder in development, a recorder in tests.
///
/// Throw a ``MailError``: ``MailError/isTransient`` decides between retrying and giving up. Any other error is
/// treated as transient.
public protocol MailTransport: Sendable {
    /// Delivers `message` or throws.
    func deliver(_ message: MailMessage) async throws
}

extension SMTPClient: MailTransport {
    /// Sends `message` over SMTP.
    public func deliver(_ message: MailMessage) async throws {
        try await send(message)
    }
}
