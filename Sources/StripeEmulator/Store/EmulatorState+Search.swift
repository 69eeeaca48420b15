import StripeAPI

extension EmulatorState {
    /// One `field:"value"` clause of Stripe's search language (`~` substring, `-` negation, `metadata["k"]`).
    struct SearchClause {
        var path: [String]
        var value: String
        var substring: Bool
        var negated: Bool

        func matches(_ object: JSONObject) -> Bool {
            var current: JSONValue? = .object(object)
            for key in path { current = current?[key] }
            let text: String?
            switch current {
            case .string(let value)?: text = value
            case .number?, .bool?: text = current.map { JSONWriter.string($0, pretty: false) }
            default: text = nil
            }
            let hit = text.map { substring ? $0.lowercased().contains(value.lowercased()) : $0 == value } ?? false
            return hit != negated
        }
    }

    static func parseSearch(_ query: String) throws(StripeAPIError) -> (clauses: [SearchClause], any: Bool) {
        var clauses: [SearchClause] = []
        var usesOr = false
        var rest = Substring(query)
        while true {
            rest = rest.drop { $0 == " " }
            if rest.isEmpty { break }
            if rest.uppercased().hasPrefix("AND ") {
                rest = rest.dropFirst(4)
                continue
            }
            if rest.uppercased().hasPrefix("OR ") {
                usesOr = true
                rest = rest.dropFirst(3)
                continue
            }
            var negated = false
            if rest.first == "-" {
                negated = true
                rest = rest.dropFirst()
            }
            guard let operatorIndex = rest.firstIndex(where: { $0 == ":" || $0 == "~" }) else {
                throw .invalid("query", "Invalid search query: \(query)")
            }
            let field = String(rest[..<operatorIndex])
            let substring = rest[operatorIndex] == "~"
            rest = rest[rest.index(after: operatorIndex)...]
            guard rest.first == "\"", let close = rest.dropFirst().firstIndex(of: "\"") else {
                throw .invalid("query", "Invalid search query: values must be quoted (\(query))")
            }
            let value = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
            var path = [field]
            if field.hasPrefix("metadata[") {
                let key = field.dropFirst("metadata[".count).dropLast().trimmingQuotes()
                path = ["metadata", key]
            }
            clauses.append(SearchClause(path: path, value: value, substring: substring, negated: negated))
        }
        guard !clauses.isEmpty else { throw .missing("query") }
        return (clauses, usesOr)
    }

    /// `GET /v1/<resource>/search`: a `search_result` page, newest first, with `next_page` as an opaque cursor.
    func search(kind: String, url: String, params: Params) throws(StripeAPIError) -> JSONValue {
        try params.requireOnly(["query", "limit", "page"])
        let (clauses, any) = try Self.parseSearch(params.requiredString("query"))
        let limit = try params.int("limit") ?? 10
        guard (1...100).contains(limit) else { throw .invalid("limit", "Invalid limit: must be between 1 and 100") }
        let skip = try params.string("page").flatMap { Int($0.dropFirst("page_".count)) } ?? 0
        var matches: [JSONValue] = []
        var hasMore = false
        var seen = 0
        for id in (order[kind] ?? []).reversed() {
            guard let object = objects[id], object.bool("deleted") != true else { continue }
            let hit = any ? clauses.contains { $0.matches(object) } : clauses.allSatisfy { $0.matches(object) }
            guard hit else { continue }
            seen += 1
            if seen <= skip { continue }
            if matches.count == limit {
                hasMore = true
                break
            }
            matches.append(.object(object))
        }
        return [
            "object": "search_result", "url": .string(url), "has_more": .bool(hasMore),
            "next_page": hasMore ? .string("page_\(skip + limit)") : .null, "data": .array(matches),
        ]
    }
}

extension StringProtocol {
    fileprivate func trimmingQuotes() -> String {
        let characters = "\"'"
        var result = Substring(self)
        while let first = result.first, characters.contains(first) { result = result.dropFirst() }
        while let last = result.last, characters.contains(last) { result = result.dropLast() }
        return String(result)
    }
}
