import Foundation

/// RFC 2047 encoded words for non-ASCII header text.
enum HeaderEncoding {
    /// Returns `text` unchanged when it is printable ASCII, else as `=?UTF-8?B?…?=` words split on character
    /// boundaries so that no word exceeds 75 characters and no UTF-8 sequence is cut in half.
    static func encodedWords(_ text: String) -> [String] {
        guard text.utf8.count > 900 || text.unicodeScalars.contains(where: { !$0.isASCII || $0 == "\r" || $0 == "\n" })
        else {
            return [text]
        }
        // 42 bytes → 56 base64 characters → a 68-character word, so `Subject: ` plus one word stays within 78.
        let maxBytes = 42
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > maxBytes, !chunk.isEmpty {
                words.append(word(chunk))
                chunk.removeAll()
            }
            chunk.append(contentsOf: bytes)
        }
        if !chunk.isEmpty { words.append(word(chunk)) }
        return words
    }

    /// A header line `Name: value`, with long or non-ASCII values folded onto continuation lines.
    static func header(_ name: String, _ value: String) -> String {
        let words = encodedWords(value)
        if words.count == 1, words[0] == value {
            return "\(name): \(value)"
        }
        return "\(name): " + words.joined(separator: "\r\n ")
    }

    private static func word(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?\(Data(bytes).base64EncodedString())?="
    }
}
