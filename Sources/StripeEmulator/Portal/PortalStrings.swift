import Foundation

/// The portal's user-visible text in one language.
///
/// Keys are the English sentences themselves (with `{name}` placeholders), so English needs no table and a sentence
/// missing from a table still reads as English rather than as a key. Each language is a plain dictionary written by
/// hand: Foundation's localization needs `.lproj` bundles that a Linux server binary does not ship, and no package
/// offers server-side string tables, so a dictionary per language is the smallest thing that works.
struct PortalStrings: Sendable, Equatable {
    /// The language code (`en`, `de`, `fr`, `es`, `ja`).
    let language: String
    /// English sentence → translation; empty for English.
    let table: [String: String]

    static let english = PortalStrings(language: "en", table: [:])

    /// Every language with a table.
    static let all: [PortalStrings] = [.english, .german, .french, .spanish, .japanese]

    /// The table for a language code, nil when there is none.
    static func table(language: String) -> PortalStrings? {
        all.first { $0.language == language }
    }

    /// The sentence in this language with each `{name}` replaced by `values[name]` (values are inserted as
    /// given; pages escape the result).
    func callAsFunction(_ english: String, _ values: [String: String] = [:]) -> String {
        var text = table[english] ?? english
        for (name, value) in values {
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return text
    }
}
