public import Foundation

/// One stored mail as the `/dev/mail` page lists it: headers decoded, bodies as text.
public struct MailFolderEntry: Sendable, Equatable {
    /// The file name, usable as an id in links.
    public var name: String
    /// The decoded `Subject:`.
    public var subject: String
    /// The `To:` header.
    public var to: String
    /// The `Date:` header.
    public var date: String
    /// The whole stored message (headers and MIME parts), for a source view.
    public var source: String

    /// Reads and decodes `file`.
    public init(file: URL) throws {
        let source = try String(contentsOf: file, encoding: .utf8)
        let headerBlock = source.components(separatedBy: "\r\n\r\n").first ?? ""
        // Unfold continuation lines before splitting headers.
        let unfolded = headerBlock.replacingOccurrences(of: "\r\n ", with: " ")
        var headers: [String: String] = [:]
        for line in unfolded.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            if headers[name] == nil {
                headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        self.name = file.lastPathComponent
        self.subject = Self.decodeEncodedWords(headers["subject"] ?? "")
        self.to = Self.decodeEncodedWords(headers["to"] ?? "")
        self.date = headers["date"] ?? ""
        self.source = source
    }

    /// Decodes `=?UTF-8?B?…?=` words (the only kind ``MIMEWriter`` produces); whitespace between adjacent words
    /// is dropped as RFC 2047 requires.
    static func decodeEncodedWords(_ value: String) -> String {
        var output = ""
        var rest = Substring(value)
        var lastWasEncoded = false
        while let start = rest.range(of: "=?UTF-8?B?", options: .caseInsensitive),
            let end = rest[start.upperBound...].range(of: "?=")
        {
            let between = rest[..<start.lowerBound]
            if !(lastWasEncoded && between.allSatisfy(\.isWhitespace)) { output += between }
            let encoded = String(rest[start.upperBound..<end.lowerBound])
            if let data = Data(base64Encoded: encoded) {
                output += String(decoding: data, as: UTF8.self)
            } else {
                output += rest[start.lowerBound..<end.upperBound]
            }
            lastWasEncoded = true
            rest = rest[end.upperBound...]
        }
        return output + rest
    }
}

extension MailFolder {
    /// The stored mails, newest first, decoded for display.
    public func entries() throws -> [MailFolderEntry] {
        try list().map { try MailFolderEntry(file: $0) }
    }

    /// One stored mail by file name, or `nil` when the name is not a file of this folder.
    public func entry(named name: String) throws -> MailFolderEntry? {
        guard name.hasSuffix(".eml"), !name.contains("/"), !name.hasPrefix(".") else { return nil }
        let file = directory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        return try MailFolderEntry(file: file)
    }
}
