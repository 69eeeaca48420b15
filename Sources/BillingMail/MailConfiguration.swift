public import Configuration
public import Foundation

/// How the app delivers mail, read from `mail.*`.
///
/// Keys (environment variable in brackets):
/// - `mail.smtpURL` (`MAIL_SMTP_URL`), string, secret, optional: `smtp://user:pass@host:port[?starttls=required]`
///   or `smtps://…`. Without it, mail goes to ``folder``.
/// - `mail.folder` (`MAIL_FOLDER`), string, default `./var/mail`: the development mail folder.
/// - `mail.from` (`MAIL_FROM`), string, default `billing@acme-notes.test`: the sender address, optionally with a
///   display name (`Acme Notes <billing@acme-notes.test>`).
/// - `mail.productName` (`MAIL_PRODUCT_NAME`), string, default the sender's display name, else its domain: the
///   product the mails speak of (`{{productName}}` in the mail templates).
/// - `mail.supportAddress` (`MAIL_SUPPORT_ADDRESS`), string, default the sender's address: where the mails tell
///   customers to write (`{{supportAddress}}`).
public struct MailConfiguration: Sendable {
    /// The SMTP server, or `nil` for the development folder.
    public var smtp: SMTPConfiguration?
    /// The development mail folder.
    public var folder: URL
    /// The sender address.
    public var from: MailAddress
    /// The product the mails speak of.
    public var productName: String
    /// Where the mails tell customers to write.
    public var supportAddress: String

    /// Creates a configuration.
    /// - Parameters:
    ///   - smtp: the SMTP server, or nil for the development folder.
    ///   - folder: the development mail folder.
    ///   - from: the sender.
    ///   - productName: the product the mails speak of; the sender's display name, else its domain, when nil.
    ///   - supportAddress: where the mails tell customers to write; the sender's address when nil.
    public init(
        smtp: SMTPConfiguration?,
        folder: URL,
        from: MailAddress,
        productName: String? = nil,
        supportAddress: String? = nil
    ) {
        self.smtp = smtp
        self.folder = folder
        self.from = from
        self.productName = productName ?? from.name ?? from.domain
        self.supportAddress = supportAddress ?? from.address
    }

    /// Reads `mail.*` from the root reader.
    public init(reader: ConfigReader) throws {
        let url = reader.string(forKey: "mail.smtpURL", isSecret: true)
        self.init(
            smtp: try url.flatMap { $0.isEmpty ? nil : try SMTPConfiguration(url: $0) },
            folder: URL(fileURLWithPath: reader.string(forKey: "mail.folder", default: "./var/mail")),
            from: try MailAddress(parsing: reader.string(forKey: "mail.from", default: "billing@acme-notes.test")),
            productName: reader.string(forKey: "mail.productName").flatMap { $0.isEmpty ? nil : $0 },
            supportAddress: reader.string(forKey: "mail.supportAddress").flatMap { $0.isEmpty ? nil : $0 }
        )
    }
}
