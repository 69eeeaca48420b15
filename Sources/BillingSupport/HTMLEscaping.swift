extension String {
    /// The text with `&`, `<`, `>`, `"` and `'` replaced by entities, safe inside HTML text and quoted attributes.
    ///
    /// The Mustache templates escape on their own; this is for the few pages and SVGs built in Swift.
    package var htmlEscaped: String {
        var result = ""
        result.reserveCapacity(utf8.count)
        for character in self {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
