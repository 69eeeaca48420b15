public import BillingMail
public import Logging

/// Where billing's mail goes, who it is from, what it calls the product and which templates it renders.
public struct MailDelivery: Sendable {
    /// The transport: an SMTP client, the development folder, or the host's own.
    public var transport: any MailTransport
    /// The `From:` address.
    public var from: MailAddress
    /// The development folder when mail goes there (for a page that lists it); nil over SMTP.
    public var folder: MailFolder?
    /// The product the mails speak of (`{{productName}}`).
    public var productName: String
    /// Where the mails tell customers to write (`{{supportAddress}}`).
    public var supportAddress: String
    /// The mail templates: the library's, with the host's overrides on top.
    public var templates: MailTemplates

    /// Creates a delivery.
    /// - Parameters:
    ///   - transport: SMTP, the development folder or the host's own.
    ///   - from: the sender.
    ///   - folder: the development folder, when mail goes there.
    ///   - productName: the product the mails speak of; the sender's display name, else its domain, when nil.
    ///   - supportAddress: where the mails tell customers to write; the sender's address when nil.
    ///   - templates: the mail templates; the library's own by default.
    public init(
        transport: any MailTransport,
        from: MailAddress,
        folder: MailFolder? = nil,
        productName: String? = nil,
        supportAddress: String? = nil,
        templates: MailTemplates = .bundled
    ) {
        self.transport = transport
        self.from = from
        self.folder = folder
        self.productName = productName ?? from.name ?? from.domain
        self.supportAddress = supportAddress ?? from.address
        self.templates = templates
    }

    /// The delivery `mail.*` describes: SMTP when a server is configured, otherwise the development folder.
    /// - Parameters:
    ///   - configuration: the `mail.*` settings.
    ///   - logger: the SMTP client's logger.
    ///   - templates: the mail templates; the library's own by default.
    public init(_ configuration: MailConfiguration, logger: Logger, templates: MailTemplates = .bundled) {
        let transport: any MailTransport
        let folder: MailFolder?
        if let smtp = configuration.smtp {
            (transport, folder) = (SMTPClient(configuration: smtp, logger: logger), nil)
        } else {
            let directory = MailFolder(directory: configuration.folder)
            (transport, folder) = (directory, directory)
        }
        self.init(
            transport: transport,
            from: configuration.from,
            folder: folder,
            productName: configuration.productName,
            supportAddress: configuration.supportAddress,
            templates: templates
        )
    }
}
