import StripeAPI

extension EmulatorState {
    static let portalConfigurationKeys: Set<String> = [
        "features", "business_profile", "default_return_url", "login_page", "metadata", "name", "active",
    ]

    static func defaultFeatures() -> JSONObject {
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
            "subscription_pause": ["duration": defaultPauseDuration, "enabled": false],
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
            "created": .int(realtimeNow), "default_return_url": .null, "features": .object(Self.defaultFeatures()),
            "is_default": .bool(isDefault), "livemode": false, "login_page": ["enabled": false, "url": .null],
            "metadata": [:], "name": .null, "updated": .int(realtimeNow),
        ]
    }

    mutating func createPortalConfiguration(_ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly(Self.portalConfigurationKeys.subtracting(["active"]))
        guard params.has("features") else { throw .missing("features") }
        var configuration = portalConfiguration(isDefault: false)
        try applyPortalFields(params, to: &configuration, creating: true)
        insert(configuration, kind: "billing_portal.configuration")
        emit("billing_portal.configuration.created", configuration)
        return configuration
    }

    mutating func updatePortalConfiguration(_ id: String, _ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly(Self.portalConfigurationKeys)
        let old = try require(id, kind: "billing_portal.configuration", name: "configuration")
        var configuration = old
        try applyPortalFields(params, to: &configuration, creating: false)
        if let active = try params.bool("active") {
            if !active, old.bool("is_default") == true {
                throw .invalid("active", "The default configuration cannot be deactivated.")
            }
            configuration["active"] = .bool(active)
        }
        guard configuration != old else { return old }
        configuration["updated"] = .int(realtimeNow)
        objects[id] = configuration
        emit("billing_portal.configuration.updated", configuration, previous: old)
        return configuration
    }

    private func applyPortalFields(
        _ params: Params,
        to configuration: inout JSONObject,
        creating: Bool
    ) throws(StripeAPIError) {
        if let features = try params.hash("features") {
            let current = configuration.object("features") ?? Self.defaultFeatures()
            configuration["features"] = .object(try portalFeatures(features, current: current, creating: creating))
        } else if params.isEmptyString("features") {
            throw .emptyString("features")
        }
        if let profile = try params.hash("business_profile") {
            try profile.requireOnly(["headline", "privacy_policy_url", "terms_of_service_url"])
            var object = configuration.object("business_profile") ?? [:]
            if let headline = try profile.string("headline") {
                guard headline.count <= 60 else {
                    throw .invalid(profile.name("headline"), "The headline can be at most 60 characters.")
                }
                object["headline"] = .text(headline.isEmpty ? nil : headline)
            }
            for key in ["privacy_policy_url", "terms_of_service_url"] {
                guard let url = try profile.string(key) else { continue }
                object[key] = .text(url.isEmpty ? nil : try Self.validURL(url, param: profile.name(key)))
            }
            configuration["business_profile"] = .object(object)
        }
        if let login = try params.hash("login_page") {
            try login.requireOnly(["enabled"])
            guard let enabled = try login.bool("enabled") else { throw .missing(login.name("enabled")) }
            let existing = configuration["login_page"]?["url"]?.stringValue
            let url = existing ?? "\(publicBaseURL)/p/login/test_\(Self.randomToken(24))"
            configuration["login_page"] = ["enabled": .bool(enabled), "url": .text(enabled ? url : nil)]
        }
        if params.isEmptyString("default_return_url") {
            configuration["default_return_url"] = .null
        } else if let url = try params.string("default_return_url") {
            configuration["default_return_url"] = .string(try Self.validURL(url, param: "default_return_url"))
        }
        if let name = try params.string("name") { configuration["name"] = .text(name.isEmpty ? nil : name) }
        if let metadata = try params.metadata(merging: configuration["metadata"]) {
            configuration["metadata"] = metadata
        }
    }

    /// An absolute `http`/`https` URL, as Stripe requires for return and policy links.
    static func validURL(_ text: String, param: String) throws(StripeAPIError) -> String {
        let lower = text.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), text.count > 8,
            !text.contains(where: { $0 == " " || $0 == "\n" || $0 == "<" || $0 == ">" || $0 == "\"" })
        else {
            throw .invalid(param, "Not a valid URL: \(param) must be an absolute http or https URL.")
        }
        return text
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
}
