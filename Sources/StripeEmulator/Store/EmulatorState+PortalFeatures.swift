import StripeAPI

/// Validation of `billing_portal.configuration` feature blocks. Each block is rebuilt from the current object plus
/// the request, so an update only touches what it names and invalid combinations are judged on the merged result.
extension EmulatorState {
    static let portalFeatureKeys: Set<String> = [
        "customer_update", "invoice_history", "payment_method_update", "subscription_cancel", "subscription_pause",
        "subscription_update",
    ]
    static let customerUpdateFields = ["address", "email", "name", "phone", "shipping", "tax_id"]
    static let allowedSubscriptionUpdates = ["price", "promotion_code", "quantity"]
    static let portalProrationBehaviors = ["none", "create_prorations", "always_invoice"]
    static let pauseIntervals = ["day", "week", "month", "year"]

    /// The `features` object after applying a `features[...]` request to `current`.
    func portalFeatures(_ params: Params, current: JSONObject, creating: Bool) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly(Self.portalFeatureKeys)
        var features = current
        for key in Self.portalFeatureKeys.sorted() {
            guard let block = try params.hash(key) else { continue }
            if creating, !block.has("enabled") { throw .missing(block.name("enabled")) }
            var object = current.object(key) ?? Self.defaultFeatures()[key]?.objectValue ?? [:]
            if let enabled = try block.bool("enabled") { object["enabled"] = .bool(enabled) }
            switch key {
            case "customer_update": try applyCustomerUpdate(block, to: &object)
            case "invoice_history": try block.requireOnly(["enabled"])
            case "payment_method_update": try applyPaymentMethodUpdate(block, to: &object)
            case "subscription_cancel": try applySubscriptionCancel(block, to: &object)
            case "subscription_pause": try applySubscriptionPause(block, to: &object)
            default: try applySubscriptionUpdate(block, to: &object)
            }
            features[key] = .object(object)
        }
        return features
    }

    private func applyCustomerUpdate(_ block: Params, to object: inout JSONObject) throws(StripeAPIError) {
        try block.requireOnly(["enabled", "allowed_updates"])
        if let fields = try block.stringArray("allowed_updates") {
            for (index, field) in fields.enumerated() where !Self.customerUpdateFields.contains(field) {
                throw .invalid(
                    "\(block.name("allowed_updates"))[\(index)]",
                    "Invalid \(block.name("allowed_updates"))[\(index)]: must be one of "
                        + Self.customerUpdateFields.joined(separator: ", ")
                )
            }
            object["allowed_updates"] = .array(Self.unique(fields).map(JSONValue.string))
        }
    }

    private func applyPaymentMethodUpdate(_ block: Params, to object: inout JSONObject) throws(StripeAPIError) {
        try block.requireOnly(["enabled", "payment_method_configuration"])
        if block.isEmptyString("payment_method_configuration") {
            object["payment_method_configuration"] = .null
        } else if let configuration = try block.string("payment_method_configuration") {
            // The emulator has no payment method configurations, so any id is unknown.
            throw .noSuch(
                "payment_method_configuration",
                configuration,
                param: block.name("payment_method_configuration")
            )
        }
    }

    private func applySubscriptionCancel(_ block: Params, to object: inout JSONObject) throws(StripeAPIError) {
        try block.requireOnly(["enabled", "mode", "proration_behavior", "cancellation_reason"])
        if let mode = try block.oneOf("mode", ["at_period_end", "immediately"]) { object["mode"] = .string(mode) }
        if let proration = try block.oneOf("proration_behavior", Self.portalProrationBehaviors) {
            object["proration_behavior"] = .string(proration)
        }
        if let reason = try block.hash("cancellation_reason") {
            try reason.requireOnly(["enabled", "options"])
            guard let enabled = try reason.bool("enabled") else { throw .missing(reason.name("enabled")) }
            guard let options = try reason.stringArray("options") else { throw .missing(reason.name("options")) }
            for (index, option) in options.enumerated() where !Self.feedbackValues.contains(option) {
                throw .invalid(
                    "\(reason.name("options"))[\(index)]",
                    "Invalid \(reason.name("options"))[\(index)]: must be one of "
                        + Self.feedbackValues.joined(separator: ", ")
                )
            }
            object["cancellation_reason"] = [
                "enabled": .bool(enabled), "options": .array(Self.unique(options).map(JSONValue.string)),
            ]
        }
        let proration = object.string("proration_behavior") ?? "none"
        if proration == "always_invoice" {
            throw .invalid(
                block.name("proration_behavior"),
                "`always_invoice` is not supported for subscription cancellations. Use `none` or `create_prorations`."
            )
        }
        if proration == "create_prorations", object.string("mode") != "immediately" {
            throw .invalid(
                block.name("proration_behavior"),
                "Prorations can only be created when `mode` is `immediately`; cancellations at the end of the period "
                    + "are never prorated."
            )
        }
    }

    private func applySubscriptionPause(_ block: Params, to object: inout JSONObject) throws(StripeAPIError) {
        try block.requireOnly(["enabled", "duration"])
        guard let duration = try block.hash("duration") else {
            if object["duration"] == nil { object["duration"] = Self.defaultPauseDuration }
            return
        }
        try duration.requireOnly(["type", "interval_options"])
        let type = try duration.oneOf("type", ["indefinite", "interval_options"]) ?? "interval_options"
        var options: [JSONValue] = []
        for option in try duration.hashArray("interval_options") ?? [] {
            try option.requireOnly(["interval", "interval_count"])
            guard let interval = try option.oneOf("interval", Self.pauseIntervals) else {
                throw .missing(option.name("interval"))
            }
            let count = try option.int("interval_count") ?? 1
            let days = ["day": 1, "week": 7, "month": 31, "year": 366][interval]! * count
            guard count >= 1, days <= 3 * 366 else {
                throw .invalid(option.name("interval_count"), "A pause can last at most 3 years.")
            }
            options.append(["interval": .string(interval), "interval_count": .int(count)])
        }
        if type == "interval_options", options.isEmpty {
            options = [["interval": "month", "interval_count": .int(1)]]
        }
        object["duration"] = [
            "interval_options": type == "interval_options" ? .array(options) : .null, "type": .string(type),
        ]
    }

    static let defaultPauseDuration: JSONValue = [
        "interval_options": [["interval": "month", "interval_count": .int(1)]], "type": "interval_options",
    ]

    private func applySubscriptionUpdate(_ block: Params, to object: inout JSONObject) throws(StripeAPIError) {
        try block.requireOnly([
            "enabled", "default_allowed_updates", "products", "proration_behavior", "schedule_at_period_end",
            "trial_update_behavior", "billing_cycle_anchor",
        ])
        if let updates = try block.stringArray("default_allowed_updates") {
            for (index, update) in updates.enumerated() where !Self.allowedSubscriptionUpdates.contains(update) {
                throw .invalid(
                    "\(block.name("default_allowed_updates"))[\(index)]",
                    "Invalid \(block.name("default_allowed_updates"))[\(index)]: must be one of price, "
                        + "promotion_code, quantity"
                )
            }
            object["default_allowed_updates"] = .array(Self.unique(updates).map(JSONValue.string))
        }
        if let products = try block.hashArray("products") {
            object["products"] = .array(try portalProducts(products, name: block.name("products")))
        }
        if let proration = try block.oneOf("proration_behavior", Self.portalProrationBehaviors) {
            object["proration_behavior"] = .string(proration)
        }
        if let schedule = try block.hash("schedule_at_period_end") {
            try schedule.requireOnly(["conditions"])
            var conditions: [JSONValue] = []
            for condition in try schedule.hashArray("conditions") ?? [] {
                try condition.requireOnly(["type"])
                guard let type = try condition.oneOf("type", ["decreasing_item_amount", "shortening_interval"]) else {
                    throw .missing(condition.name("type"))
                }
                conditions.append(["type": .string(type)])
            }
            object["schedule_at_period_end"] = ["conditions": .array(conditions)]
        }
        if let behavior = try block.oneOf("trial_update_behavior", ["end_trial", "continue_trial"]) {
            object["trial_update_behavior"] = .string(behavior)
        }
        if let anchor = try block.oneOf("billing_cycle_anchor", ["now", "unchanged"]) {
            object["billing_cycle_anchor"] = .string(anchor)
        }
    }

    private func portalProducts(_ products: [Params], name: String) throws(StripeAPIError) -> [JSONValue] {
        guard products.count <= 10 else {
            throw .invalid(name, "You can specify at most 10 products; \(products.count) were given.")
        }
        var seen: Set<String> = []
        var result: [JSONValue] = []
        for entry in products {
            try entry.requireOnly(["product", "prices", "adjustable_quantity"])
            let productID = try entry.requiredString("product")
            let product = try require(productID, kind: "product", name: "product", param: entry.name("product"))
            guard product.bool("deleted") != true else {
                throw .noSuch("product", productID, param: entry.name("product"))
            }
            guard seen.insert(productID).inserted else {
                throw .invalid(entry.name("product"), "The product \(productID) is listed more than once.")
            }
            guard let prices = try entry.stringArray("prices"), !prices.isEmpty else {
                throw .missing(entry.name("prices"))
            }
            for (index, priceID) in prices.enumerated() {
                let param = "\(entry.name("prices"))[\(index)]"
                let price = try require(priceID, kind: "price", name: "price", param: param)
                guard price.string("product") == productID else {
                    throw .invalid(param, "The price \(priceID) does not belong to the product \(productID).")
                }
                guard price.string("type") == "recurring" else {
                    throw .invalid(param, "The price \(priceID) is not a recurring price.")
                }
            }
            var quantity: JSONValue = ["enabled": false, "maximum": .null, "minimum": .int(1)]
            if let adjustable = try entry.hash("adjustable_quantity") {
                try adjustable.requireOnly(["enabled", "minimum", "maximum"])
                guard let enabled = try adjustable.bool("enabled") else { throw .missing(adjustable.name("enabled")) }
                let minimum = try adjustable.int("minimum") ?? 1
                let maximum = try adjustable.int("maximum")
                guard minimum >= 0, maximum.map({ $0 >= max(1, minimum) && $0 <= 99 }) ?? true else {
                    throw .invalid(adjustable.name("maximum"), "The quantity limits are invalid.")
                }
                quantity = ["enabled": .bool(enabled), "maximum": .int(maximum), "minimum": .int(minimum)]
            }
            result.append([
                "adjustable_quantity": quantity, "prices": .array(Self.unique(prices).map(JSONValue.string)),
                "product": .string(productID),
            ])
        }
        return result
    }

    static func unique(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }
    }
}
