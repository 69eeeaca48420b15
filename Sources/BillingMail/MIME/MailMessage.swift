public import Foundation

/// One mail with a plain-text and an HTML alternative.
public struct MailMessage: Sendable, Equatable {
    /// The sender (`From:` and the SMTP envelope sender).
    public var from: MailAddress
    /// The recipients (`To:` and the SMTP envelope recipients).
    public var to: [MailAddress]
    /// The subject; may be non-ASCII.
    public var subject: String
    /// The plain-text body.
    public var text: String
    /// The HTML body, or `nil` for a text-only mail.
    public var html: String?
    /// The `Date:` header.
    public var date: Date
    /// The `Message-ID:` header without angle brackets; stable per outbox message so a retry is the same mail.
    public var messageID: String

    /// Creates a message; `messageID` defaults to a random id at the sender's domain.
    public init(
        from: MailAddress,
        to: [MailAddress],
        subject: String,
        text: String,
        html: String? = nil,
        date: Date = Date(),
        messageID: String? = nil
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.date = date
        self.messageID = messageID ?? "\(UUID().uuidString.lowercased())@\(from.domain)"
    }
}
