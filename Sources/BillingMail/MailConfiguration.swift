public import Configuration
public import Foundation

/// How the app delivers mail, read from `mail.*`.
///
/// Keys (environment variable in brackets):
/// - `mail.smtpURL` (`MAIL_SMTP_URL`), string, secret, optional: `smtp://user:pass@host:port[?starttls=required]`
///   or `smtps://…`. Without it, mail goes to ``folder``.
/// - `mail.folder` (`MAIL_FOLDER`), string, default `./var/mail`: the development mail folder.
/// - `mail.from` (`MAIL_FROM`), string, default `billing@acme-notes.test`: the sender address.
public struct MailConfiguration: Sendable {
    /// The SMTP server, or `nil` for the development folder.
    public var smtp: SMTPConfiguration?
    /// The development mail folder.
    public var folder: URL
    /// The sender address.
    public var from: MailAddress

    /// Creates a configuration.
    public init(smtp: SMTPConfiguration?, folder: URL, from: MailAddress) {
        self.smtp = smtp
        self.folder = folder
        self.from = from
    }

    /// Reads `mail.*` from the root reader.
    public init(reader: ConfigReader) throws {
        let url = reader.string(forKey: "mail.smtpURL", isSecret: true)
        self.init(
            smtp: try url.flatMap { $0.isEmpty ? nil : try SMTPConfiguration(url: $0) },
            folder: URL(fileURLWithPath: reader.string(forKey: "mail.folder", default: "./var/mail")),
            from: try MailAddress(reader.string(forKey: "mail.from", default: "billing@acme-notes.test"))
        )
    }
}
