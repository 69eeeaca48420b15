import StripeAPI

extension EmulatorState {
    static let portalConfigurationKeys: Set<String> = [
        "features", "business_profile", "default_return_url", "login_page", "metadata", "name", "active",
    ]

    static func defaultFeatures() -> JSONValue {
        [
            "customer_update": ["allowed_updates": ["email", "address"], "enabled": true],
            "invoice_history": ["enabled": true],
            "payment_method_update": ["enabled": true, "payment_method_configuration": .null],
            "subscription_cancel": [
                "cancellation_reason": [
                    "enabled": true,
                    "options": ["too_expensive", "missing_features", "switched_service", "unused", "other"],
                ],
                "enabled": true, "mode": "at_period_end", "proration_behavior": "none",
            ],
            "subscription_update": [
                "billing_cycle_anchor": .null, "default_allowed_updates": [], "enabled": false, "products": [],
                "proration_behavior": "none", "schedule_at_period_end": ["conditions": []],
                "trial_update_behavior": "end_trial",
            ],
        ]
    }

    /// The default configuration, created on first use like the Dashboard-managed one.
    mutating func defaultPortalConfiguration() -> JSONObject {
        for id in order["billing_portal.configuration"] ?? [] {
            if let configuration = objects[id], configuration.bool("is_default") == true { return configuration }
        }
        let configuration = portalConfiguration(isDefault: true)
        insert(configuration, kind: "billing_portal.configuration")
        return configuration
    }

    private func portalConfiguration(isDefault: Bool) -> JSONObject {
        [
            "id": .string(Self.newID("bpc")), "object": "billing_portal.configuration", "active": true,
            "application": .null,
            "business_profile": ["headline": .null, "privacy_policy_url": .null, "terms_of_service_url": .null],
            "created": .int(realtimeNow), "default_return_url": .null, "features": Self.defaultFeatures(),
            "is_default": .bool(isDefault), "livemode": false, "login_page": ["enabled": false, "url": .null],
            "metadata": [:], "name": .null, "updated": .int(realtimeNow),
        ]
    }

    /// Merges a form hash into a JSON object, turning `true`/`false` and integers into JSON types.
    static func merge(_ node: FormNode, into value: JSONValue?) -> JSONValue {
        switch node {
        case .string(let text):
            if text == "true" { return true }
            if text == "false" { return false }
            if text.isEmpty { return value?.arrayValue != nil ? [] : .null }
            if let number = Int(text) { return .int(number) }
            return .string(text)
        case .array(let elements):
            return .array(elements.map { merge($0, into: nil) })
        case .hash(let members):
            var object = value?.objectValue ?? [:]
            for (key, member) in members { object[key] = merge(member, into: object[key]) }
            return .object(object)
        }
    }

    mutating func createPortalConfiguration(_ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly(Self.portalConfigurationKeys.subtracting(["active"]))
        guard params.has("features") else { throw .missing("features") }
        var configuration = portalConfiguration(isDefault: false)
        try applyPortalFields(params, to: &configuration)
        insert(configuration, kind: "billing_portal.configuration")
        emit("billing_portal.configuration.created", configuration)
        return configuration
    }

    mutating func updatePortalConfiguration(_ id: String, _ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly(Self.portalConfigurationKeys)
        let old = try require(id, kind: "billing_portal.configuration", name: "configuration")
        var configuration = old
        try applyPortalFields(params, to: &configuration)
        if let active = try params.bool("active") { configuration["active"] = .bool(active) }
        guard configuration != old else { return old }
        configuration["updated"] = .int(realtimeNow)
        objects[id] = configuration
        emit("billing_portal.configuration.updated", configuration, previous: old)
        return configuration
    }

    private func applyPortalFields(_ params: Params, to configuration: inout JSONObject) throws(StripeAPIError) {
        if let features = params.values["features"] {
            guard case .hash(let blocks) = features else { throw .invalid("features", "Invalid hash: features") }
            let known: Set<String> = [
                "customer_update", "invoice_history", "payment_method_update", "subscription_cancel",
                "subscription_update", "subscription_pause",
            ]
            for key in blocks.keys.sorted() where !known.contains(key) { throw .unknown("features[\(key)]") }
            configuration["features"] = Self.merge(features, into: configuration["features"])
        }
        for key in ["business_profile", "login_page"] {
            if let node = params.values[key] { configuration[key] = Self.merge(node, into: configuration[key]) }
        }
        if params.isEmptyString("default_return_url") {
            configuration["default_return_url"] = .null
        } else if let url = try params.string("default_return_url") {
            configuration["default_return_url"] = .string(url)
        }
        if let name = try params.string("name") { configuration["name"] = .text(name.isEmpty ? nil : name) }
        if let metadata = try params.metadata(merging: configuration["metadata"]) {
            configuration["metadata"] = metadata
        }
    }

    func listPortalConfigurations(_ params: Params) throws(StripeAPIError) -> JSONValue {
        try params.requireOnly(Self.listKeys.union(["active", "is_default"]))
        let active = try params.bool("active")
        let isDefault = try params.bool("is_default")
        return try list(
            kind: "billing_portal.configuration",
            name: "configuration",
            url: "/v1/billing_portal/configurations",
            params: params
        ) { configuration in
            if let active, configuration.bool("active") != active { return false }
            if let isDefault, configuration.bool("is_default") != isDefault { return false }
            return true
        }
    }

    mutating func createPortalSession(_ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly([
            "customer", "customer_account", "return_url", "configuration", "flow_data", "locale", "on_behalf_of",
            "after_expiration",
        ])
        let customer = try params.requiredString("customer")
        _ = try liveCustomer(customer, param: "customer")
        let configuration: JSONObject
        if let id = try params.nonEmptyString("configuration") {
            configuration = try require(
                id,
                kind: "billing_portal.configuration",
                name: "configuration",
                param: "configuration"
            )
            guard configuration.bool("active") == true else {
                throw .invalid("configuration", "The configuration \(id) is not active.")
            }
        } else {
            configuration = defaultPortalConfiguration()
        }
        let returnURL = try params.nonEmptyString("return_url") ?? configuration.string("default_return_url")
        guard let returnURL else { throw .missing("return_url") }
        var flow: JSONValue = .null
        if let flowData = try params.hash("flow_data") {
            try flowData.requireOnly([
                "type", "after_completion", "subscription_cancel", "subscription_update", "subscription_update_confirm",
                "subscription_pause",
            ])
            let type = try flowData.oneOf(
                "type",
                [
                    "payment_method_update", "subscription_cancel", "subscription_update",
                    "subscription_update_confirm", "subscription_pause", "customer_update",
                ]
            )
            guard let type else { throw .missing("flow_data[type]") }
            var object: JSONObject = [
                "after_completion": ["hosted_confirmation": .null, "redirect": .null, "type": "portal_homepage"],
                "subscription_cancel": .null, "subscription_pause": .null, "subscription_update": .null,
                "subscription_update_confirm": .null, "type": .string(type),
            ]
            for (key, node) in flowData.values where key != "type" {
                object[key] = Self.merge(node, into: object[key])
            }
            if let subscription = object[type]?["subscription"]?.stringValue {
                let found = try require(
                    subscription,
                    kind: "subscription",
                    name: "subscription",
                    param: "flow_data[\(type)][subscription]"
                )
                guard found.string("customer") == customer else {
                    throw .invalid(
                        "flow_data[\(type)][subscription]",
                        "The subscription does not belong to the customer."
                    )
                }
            }
            flow = .object(object)
        }
        let token = Self.randomToken(32)
        let session: JSONObject = [
            "id": .string(Self.newID("bps")), "object": "billing_portal.session",
            "configuration": configuration["id"]!, "created": .int(realtimeNow), "customer": .string(customer),
            "customer_account": .null, "flow": flow, "livemode": false, "locale": .text(try params.string("locale")),
            "on_behalf_of": .null, "return_url": .string(returnURL),
            "url": .string("\(publicBaseURL)/p/session/test_\(token)"),
        ]
        insert(session, kind: "billing_portal.session")
        emit("billing_portal.session.created", session)
        return session
    }
}
