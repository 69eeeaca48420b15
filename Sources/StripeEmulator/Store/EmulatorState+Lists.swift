import StripeAPI

extension EmulatorState {
    /// The list parameters every list endpoint takes.
    static let listKeys: Set<String> = ["limit", "starting_after", "ending_before", "created"]

    /// One page of a list, newest first, in Stripe's list envelope.
    /// - Parameters:
    ///   - kind: the object kind, such as `customer`.
    ///   - name: the resource name used in `resource_missing` messages for a bad cursor.
    ///   - url: the envelope's `url`.
    ///   - params: `limit`, `starting_after`, `ending_before`, `created` and `expand` (`data.*`).
    ///   - ids: the candidate ids in creation order, when narrower than every object of the kind.
    ///   - include: the endpoint's own filters.
    func list(
        kind: String,
        name: String,
        url: String,
        params: Params,
        ids: [String]? = nil,
        include: (JSONObject) -> Bool = { _ in true }
    ) throws(StripeAPIError) -> JSONValue {
        let limit = try params.int("limit") ?? 10
        guard (1...100).contains(limit) else {
            throw .invalid("limit", "This value must be greater than or equal to 1 and less than or equal to 100.")
        }
        let created = try createdFilter(params)
        let startingAfter = try params.nonEmptyString("starting_after")
        let endingBefore = try params.nonEmptyString("ending_before")
        if startingAfter != nil, endingBefore != nil {
            throw .invalid(
                "ending_before",
                "You may only specify one of these parameters: ending_before, starting_after."
            )
        }
        let candidates = ids ?? order[kind] ?? []
        func matches(_ id: String) -> JSONObject? {
            guard let object = objects[id], object.string("object") == kind, include(object) else { return nil }
            if let created, let time = object.int("created"), !created(time) { return nil }
            return object
        }

        var page: [JSONObject] = []
        var hasMore = false
        if let endingBefore {
            guard objects[endingBefore] != nil, let cursor = candidates.firstIndex(of: endingBefore) else {
                throw .noSuch(name, endingBefore, param: "ending_before")
            }
            // The objects just newer than the cursor, still returned newest first.
            var index = cursor + 1
            while index < candidates.count {
                if let object = matches(candidates[index]) {
                    if page.count == limit {
                        hasMore = true
                        break
                    }
                    page.append(object)
                }
                index += 1
            }
            page.reverse()
        } else {
            var index = candidates.count - 1
            if let startingAfter {
                guard objects[startingAfter] != nil, let cursor = candidates.lastIndex(of: startingAfter) else {
                    throw .noSuch(name, startingAfter, param: "starting_after")
                }
                index = cursor - 1
            }
            while index >= 0 {
                if let object = matches(candidates[index]) {
                    if page.count == limit {
                        hasMore = true
                        break
                    }
                    page.append(object)
                }
                index -= 1
            }
        }
        let envelope: JSONValue = [
            "object": "list",
            "url": .string(url),
            "has_more": .bool(hasMore),
            "data": .array(page.map(JSONValue.object)),
        ]
        return envelope
    }

    /// `created=ts` or `created[gt|gte|lt|lte]=ts`.
    func createdFilter(_ params: Params) throws(StripeAPIError) -> ((Int) -> Bool)? {
        if params.has("created"), let exact = try? params.int("created") {
            return { $0 == exact }
        }
        guard let range = try params.hash("created") else { return nil }
        try range.requireOnly(["gt", "gte", "lt", "lte"])
        let gt = try range.int("gt")
        let gte = try range.int("gte")
        let lt = try range.int("lt")
        let lte = try range.int("lte")
        return { time in
            if let gt, time <= gt { return false }
            if let gte, time < gte { return false }
            if let lt, time >= lt { return false }
            if let lte, time > lte { return false }
            return true
        }
    }

    /// Replaces ids with objects along `expand[]` paths such as `latest_invoice` or `data.customer`.
    func expand(_ value: JSONValue, paths: [String]) throws(StripeAPIError) -> JSONValue {
        var result = value
        for path in paths {
            let components = path.split(separator: ".").map(String.init)
            guard components.count <= 4 + (components.first == "data" ? 1 : 0) else {
                throw .invalid("expand", "You cannot expand more than 4 levels of a property. Property: \(path)")
            }
            result = try expand(result, components[...], path: path)
        }
        return result
    }

    private func expand(
        _ value: JSONValue,
        _ components: ArraySlice<String>,
        path: String
    ) throws(StripeAPIError) -> JSONValue {
        guard let key = components.first else { return value }
        switch value {
        case .array(let elements):
            var expanded: [JSONValue] = []
            for element in elements { expanded.append(try expand(element, components, path: path)) }
            return .array(expanded)
        case .object(var members):
            guard let child = members[key] else {
                throw .invalid("expand", "This property cannot be expanded (\(path)).")
            }
            var next = child
            if case .string(let id) = child {
                guard let target = objects[id] else {
                    throw .invalid("expand", "This property cannot be expanded (\(path)).")
                }
                next = .object(target)
            } else if case .array(let elements) = child {
                // An array of ids (such as `discounts`) expands element by element.
                next = .array(
                    elements.map { element in
                        guard case .string(let id) = element, let target = objects[id] else { return element }
                        return .object(target)
                    }
                )
            }
            members[key] = try expand(next, components.dropFirst(), path: path)
            return .object(members)
        default:
            return value
        }
    }
}
