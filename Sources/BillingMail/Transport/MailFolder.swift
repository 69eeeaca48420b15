public import Foundation

/// Writes each mail as an `.eml` file into a folder (development without `mail.smtpURL`); the sample app lists
/// the folder at `/dev/mail`.
public struct MailFolder: MailTransport {
    /// The folder the files go to; created on first delivery.
    public let directory: URL

    /// Creates a folder transport.
    public init(directory: URL) { self.directory = directory }

    /// Writes `message` as `<milliseconds>-<message id>.eml`, atomically so a reader never sees half a file.
    public func deliver(_ message: MailMessage) async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let safeID = String(message.messageID.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? $0 : "_" })
        let millis = Int64(message.date.timeIntervalSince1970 * 1000)
        let file = directory.appendingPathComponent("\(millis)-\(safeID).eml")
        try Data(MIMEWriter.render(message).utf8).write(to: file, options: .atomic)
    }

    /// The stored mails, newest first.
    public func list() throws -> [URL] {
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "eml" }
            .sorted { $0.lastPathComponent > $1.lastPathComponent }
    }
}
