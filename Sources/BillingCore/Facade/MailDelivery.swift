public import BillingMail
public import Logging

/// Where billing's mail goes and who it is from.
public struct MailDelivery: Sendable {
    /// The transport: an SMTP client, the development folder, or the host's own.
    public var transport: any MailTransport
    /// The `From:` address.
    public var from: MailAddress
    /// The development folder when mail goes there (for a page that lists it); nil over SMTP.
    public var folder: MailFolder?

    /// Creates a delivery.
    public init(transport: any MailTransport, from: MailAddress, folder: MailFolder? = nil) {
        self.transport = transport
        self.from = from
        self.folder = folder
    }

    /// The delivery `mail.*` describes: SMTP when a server is configured, otherwise the development folder.
    public init(_ configuration: MailConfiguration, logger: Logger) {
        if let smtp = configuration.smtp {
            self.init(transport: SMTPClient(configuration: smtp, logger: logger), from: configuration.from)
        } else {
            let folder = MailFolder(directory: configuration.folder)
            self.init(transport: folder, from: configuration.from, folder: folder)
        }
    }
}
