import StripeAPI

extension EmulatorState {
    mutating func createWebhookEndpoint(_ params: Params, secret: String? = nil) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly(["url", "enabled_events", "description", "metadata", "api_version", "connect"])
        let url = try params.requiredString("url")
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw .invalid("url", "Invalid URL: URL must be publicly accessible and use http or https.")
        }
        guard let events = try params.stringArray("enabled_events"), !events.isEmpty else {
            throw .missing("enabled_events")
        }
        let id = Self.newID("we")
        let signingSecret = secret ?? "whsec_" + Self.randomToken(32)
        var endpoint: JSONObject = [
            "id": .string(id), "object": "webhook_endpoint",
            "api_version": .text(try params.string("api_version") ?? Self.apiVersion), "application": .null,
            "created": .int(realtimeNow), "description": .text(try params.string("description")),
            "enabled_events": .array(events.map(JSONValue.string)), "livemode": false, "metadata": [:],
            "status": "enabled", "url": .string(url),
        ]
        if let metadata = try params.metadata(merging: nil) { endpoint["metadata"] = metadata }
        insert(endpoint, kind: "webhook_endpoint")
        endpointSecrets[id] = signingSecret
        endpoint["secret"] = .string(signingSecret)
        return endpoint
    }

    func webhookEndpoint(_ id: String) throws(StripeAPIError) -> JSONObject {
        try require(id, kind: "webhook_endpoint", name: "webhook_endpoint")
    }

    mutating func updateWebhookEndpoint(_ id: String, _ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly(["url", "enabled_events", "description", "metadata", "disabled"])
        var endpoint = try webhookEndpoint(id)
        if let url = try params.nonEmptyString("url") { endpoint["url"] = .string(url) }
        if let events = try params.stringArray("enabled_events") {
            guard !events.isEmpty else { throw .emptyString("enabled_events") }
            endpoint["enabled_events"] = .array(events.map(JSONValue.string))
        }
        if let description = try params.string("description") {
            endpoint["description"] = .text(description.isEmpty ? nil : description)
        }
        if let disabled = try params.bool("disabled") {
            endpoint["status"] = .string(disabled ? "disabled" : "enabled")
        }
        if let metadata = try params.metadata(merging: endpoint["metadata"]) { endpoint["metadata"] = metadata }
        objects[id] = endpoint
        return endpoint
    }

    mutating func deleteWebhookEndpoint(_ id: String) throws(StripeAPIError) -> JSONObject {
        _ = try webhookEndpoint(id)
        objects[id] = nil
        endpointSecrets[id] = nil
        return ["id": .string(id), "object": "webhook_endpoint", "deleted": true]
    }

    func listWebhookEndpoints(_ params: Params) throws(StripeAPIError) -> JSONValue {
        try params.requireOnly(Self.listKeys)
        return try list(
            kind: "webhook_endpoint",
            name: "webhook_endpoint",
            url: "/v1/webhook_endpoints",
            params: params
        )
    }

    func event(_ id: String) throws(StripeAPIError) -> JSONObject {
        try require(id, kind: "event", name: "event")
    }

    func listEvents(_ params: Params) throws(StripeAPIError) -> JSONValue {
        try params.requireOnly(Self.listKeys.union(["type", "types", "delivery_success"]))
        let type = try params.string("type")
        let types = try params.stringArray("types").map(Set.init)
        if type != nil, types != nil {
            throw .invalid("types", "You may only specify one of these parameters: type, types.")
        }
        let prefix = type.flatMap { $0.hasSuffix("*") ? String($0.dropLast()) : nil }
        return try list(kind: "event", name: "event", url: "/v1/events", params: params) { event in
            let eventType = event.string("type") ?? ""
            if let prefix { return eventType.hasPrefix(prefix) }
            if let type, eventType != type { return false }
            if let types, !types.contains(eventType) { return false }
            return true
        }
    }
}
