import StripeAPI

extension EmulatorState {
    // MARK: products

    mutating func createProduct(_ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly([
            "id", "name", "active", "description", "metadata", "images", "marketing_features", "statement_descriptor",
            "tax_code", "unit_label", "url", "shippable", "type", "package_dimensions", "default_price_data",
        ])
        let id = try params.nonEmptyString("id") ?? Self.newID("prod")
        guard objects[id] == nil else {
            throw .state("Product already exists.", code: "resource_already_exists", param: "id")
        }
        let now = realtimeNow
        var product: JSONObject = [
            "id": .string(id), "object": "product", "active": true, "attributes": [], "created": .int(now),
            "default_price": .null, "description": .null, "images": [], "livemode": false, "marketing_features": [],
            "metadata": [:], "name": .string(try params.requiredString("name")), "package_dimensions": .null,
            "shippable": .null, "statement_descriptor": .null, "tax_code": .null,
            "type": .string(try params.oneOf("type", ["good", "service"]) ?? "service"), "unit_label": .null,
            "updated": .int(now), "url": .null,
        ]
        try applyProductFields(params, to: &product)
        var defaultPrice: Params?
        if let data = try params.hash("default_price_data") {
            try data.requireOnly(["currency", "unit_amount", "unit_amount_decimal", "recurring", "tax_behavior"])
            _ = try data.requiredString("currency")
            defaultPrice = data
        }
        insert(product, kind: "product")
        emit("product.created", product)
        if let defaultPrice {
            var values = defaultPrice.values
            values["product"] = .string(id)
            let price = try createPrice(Params(values))
            product["default_price"] = price["id"]!
            objects[id] = product
        }
        return product
    }

    private func applyProductFields(_ params: Params, to product: inout JSONObject) throws(StripeAPIError) {
        if let active = try params.bool("active") { product["active"] = .bool(active) }
        for key in ["description", "statement_descriptor", "tax_code", "unit_label", "url"] {
            if params.isEmptyString(key) {
                product[key] = .null
            } else if let value = try params.string(key) {
                product[key] = .string(value)
            }
        }
        if let name = try params.string("name") {
            guard !name.isEmpty else { throw .emptyString("name") }
            product["name"] = .string(name)
        }
        if let shippable = try params.bool("shippable") { product["shippable"] = .bool(shippable) }
        if let images = try params.stringArray("images") { product["images"] = .array(images.map(JSONValue.string)) }
        if let features = try params.hashArray("marketing_features") {
            var list: [JSONValue] = []
            for feature in features { list.append(["name": .string(try feature.requiredString("name"))]) }
            product["marketing_features"] = .array(list)
        }
        if let metadata = try params.metadata(merging: product["metadata"]) { product["metadata"] = metadata }
    }

    mutating func updateProduct(_ id: String, _ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly([
            "name", "active", "description", "metadata", "images", "marketing_features", "statement_descriptor",
            "tax_code", "unit_label", "url", "shippable", "default_price", "package_dimensions",
        ])
        let old = try require(id, kind: "product", name: "product")
        var product = old
        try applyProductFields(params, to: &product)
        if let price = try params.string("default_price") {
            if price.isEmpty {
                product["default_price"] = .null
            } else {
                let found = try require(price, kind: "price", name: "price", param: "default_price")
                guard found.string("product") == id else {
                    throw .invalid("default_price", "The price \(price) does not belong to product \(id).")
                }
                product["default_price"] = .string(price)
            }
        }
        guard product != old else { return product }
        product["updated"] = .int(realtimeNow)
        objects[id] = product
        emit("product.updated", product, previous: old)
        return product
    }

    mutating func deleteProduct(_ id: String) throws(StripeAPIError) -> JSONObject {
        let product = try require(id, kind: "product", name: "product")
        let hasPrices = (order["price"] ?? []).contains { objects[$0]?.string("product") == id }
        guard !hasPrices else {
            throw .state("This product cannot be deleted because it has one or more user-created prices.")
        }
        objects[id] = nil
        emit("product.deleted", product)
        return ["id": .string(id), "object": "product", "deleted": true]
    }

    func listProducts(_ params: Params) throws(StripeAPIError) -> JSONValue {
        try params.requireOnly(Self.listKeys.union(["active", "ids", "shippable", "url", "type"]))
        let active = try params.bool("active")
        let ids = try params.stringArray("ids").map(Set.init)
        let type = try params.string("type")
        return try list(kind: "product", name: "product", url: "/v1/products", params: params) { product in
            if let active, product.bool("active") != active { return false }
            if let ids, !ids.contains(product.string("id")!) { return false }
            if let type, product.string("type") != type { return false }
            return true
        }
    }

    // MARK: prices

    static let intervals = ["day", "week", "month", "year"]

    mutating func createPrice(_ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly([
            "currency", "product", "product_data", "unit_amount", "unit_amount_decimal", "recurring", "lookup_key",
            "transfer_lookup_key", "nickname", "metadata", "active", "tax_behavior", "billing_scheme",
        ])
        let currency = try params.requiredString("currency").lowercased()
        guard currency.count == 3 else { throw .invalid("currency", "Invalid currency: \(currency)") }
        var productID = try params.nonEmptyString("product")
        let productData = try params.hash("product_data")
        if let productID {
            _ = try require(productID, kind: "product", name: "product", param: "product")
        } else if let productData {
            try productData.requireOnly([
                "name", "active", "metadata", "statement_descriptor", "tax_code", "unit_label",
            ])
            _ = try productData.requiredString("name")
        } else {
            throw .missing("product")
        }
        var unitAmount = try params.int("unit_amount")
        if unitAmount == nil, let decimal = try params.string("unit_amount_decimal") {
            guard let value = Double(decimal) else {
                throw .invalid("unit_amount_decimal", "Invalid decimal: \(decimal)")
            }
            unitAmount = Int(value.rounded())
        }
        guard let unitAmount else { throw .missing("unit_amount") }
        guard unitAmount >= 0 else {
            throw .invalid("unit_amount", "Invalid unit_amount: must be greater than or equal to 0")
        }
        var recurring: JSONValue = .null
        if let hash = try params.hash("recurring") {
            try hash.requireOnly(["interval", "interval_count", "trial_period_days", "usage_type", "meter"])
            guard let interval = try hash.oneOf("interval", Self.intervals) else {
                throw .missing("recurring[interval]")
            }
            let count = try hash.int("interval_count") ?? 1
            guard count >= 1 else { throw .invalid("recurring[interval_count]", "Invalid interval_count") }
            recurring = [
                "interval": .string(interval),
                "interval_count": .int(count),
                "meter": .null,
                "trial_period_days": .int(try hash.int("trial_period_days")),
                "usage_type": .string(try hash.oneOf("usage_type", ["licensed", "metered"]) ?? "licensed"),
            ]
        }
        let lookupKey = try params.nonEmptyString("lookup_key")
        let transfer = try params.bool("transfer_lookup_key") ?? false
        var previousHolder: JSONObject?
        if let lookupKey, let holder = priceHolding(lookupKey: lookupKey) {
            guard transfer else {
                throw .state(
                    "A price (`\(holder.string("id")!)`) already uses that lookup key.",
                    code: "lookup_key_already_exists",
                    param: "lookup_key"
                )
            }
            previousHolder = holder
        }
        if let productData, productID == nil {
            var values = productData.values
            values["name"] = productData.values["name"]
            productID = try createProduct(Params(values)).string("id")
        }
        if var holder = previousHolder {
            let old = holder
            holder["lookup_key"] = .null
            objects[holder.string("id")!] = holder
            emit("price.updated", holder, previous: old)
        }
        var price: JSONObject = [
            "id": .string(Self.newID("price")), "object": "price",
            "active": .bool(try params.bool("active") ?? true),
            "billing_scheme": .string(try params.oneOf("billing_scheme", ["per_unit", "tiered"]) ?? "per_unit"),
            "created": .int(realtimeNow), "currency": .string(currency), "custom_unit_amount": .null,
            "livemode": false, "lookup_key": .text(lookupKey), "metadata": [:],
            "nickname": .text(try params.string("nickname")), "product": .string(productID!),
            "recurring": recurring,
            "tax_behavior": .string(
                try params.oneOf("tax_behavior", ["exclusive", "inclusive", "unspecified"]) ?? "unspecified"
            ),
            "tiers_mode": .null, "transform_quantity": .null,
            "type": .string(recurring.isNull ? "one_time" : "recurring"),
            "unit_amount": .int(unitAmount), "unit_amount_decimal": .string(String(unitAmount)),
        ]
        if let metadata = try params.metadata(merging: nil) { price["metadata"] = metadata }
        insert(price, kind: "price")
        emit("price.created", price)
        return price
    }

    private func priceHolding(lookupKey: String) -> JSONObject? {
        for id in (order["price"] ?? []).reversed() {
            if let price = objects[id], price.string("lookup_key") == lookupKey { return price }
        }
        return nil
    }

    mutating func updatePrice(_ id: String, _ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly(["active", "lookup_key", "transfer_lookup_key", "nickname", "metadata", "tax_behavior"])
        let old = try require(id, kind: "price", name: "price")
        var price = old
        if let active = try params.bool("active") { price["active"] = .bool(active) }
        if params.isEmptyString("nickname") {
            price["nickname"] = .null
        } else if let nickname = try params.string("nickname") {
            price["nickname"] = .string(nickname)
        }
        if let metadata = try params.metadata(merging: price["metadata"]) { price["metadata"] = metadata }
        if let tax = try params.oneOf("tax_behavior", ["exclusive", "inclusive", "unspecified"]) {
            price["tax_behavior"] = .string(tax)
        }
        if params.isEmptyString("lookup_key") {
            price["lookup_key"] = .null
        } else if let lookupKey = try params.string("lookup_key") {
            if var holder = priceHolding(lookupKey: lookupKey), holder.string("id") != id {
                guard try params.bool("transfer_lookup_key") == true else {
                    throw .state(
                        "A price (`\(holder.string("id")!)`) already uses that lookup key.",
                        code: "lookup_key_already_exists",
                        param: "lookup_key"
                    )
                }
                let previous = holder
                holder["lookup_key"] = .null
                objects[holder.string("id")!] = holder
                emit("price.updated", holder, previous: previous)
            }
            price["lookup_key"] = .string(lookupKey)
        }
        guard price != old else { return price }
        objects[id] = price
        emit("price.updated", price, previous: old)
        return price
    }

    func listPrices(_ params: Params) throws(StripeAPIError) -> JSONValue {
        try params.requireOnly(
            Self.listKeys.union(["active", "currency", "product", "type", "lookup_keys", "recurring"])
        )
        let active = try params.bool("active")
        let currency = try params.string("currency")
        let product = try params.string("product")
        let type = try params.oneOf("type", ["one_time", "recurring"])
        let lookupKeys = try params.stringArray("lookup_keys").map(Set.init)
        let interval = try params.hash("recurring")?.string("interval")
        return try list(kind: "price", name: "price", url: "/v1/prices", params: params) { price in
            if let active, price.bool("active") != active { return false }
            if let currency, price.string("currency") != currency { return false }
            if let product, price.string("product") != product { return false }
            if let type, price.string("type") != type { return false }
            if let lookupKeys, !lookupKeys.contains(price.string("lookup_key") ?? "\u{0}") { return false }
            if let interval, price.object("recurring")?.string("interval") != interval { return false }
            return true
        }
    }

    // MARK: coupons

    mutating func createCoupon(_ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly([
            "id", "duration", "amount_off", "currency", "percent_off", "duration_in_months", "max_redemptions",
            "metadata", "name", "redeem_by", "applies_to",
        ])
        let id = try params.nonEmptyString("id") ?? Self.randomToken(8)
        guard objects[id] == nil else {
            throw .state("Coupon already exists.", code: "resource_already_exists", param: "id")
        }
        let duration = try params.oneOf("duration", ["forever", "once", "repeating"]) ?? "once"
        let amountOff = try params.int("amount_off")
        var percentOff: Double?
        if let text = try params.string("percent_off") {
            guard let value = Double(text), value > 0, value <= 100 else {
                throw .invalid("percent_off", "Invalid percent_off: must be between 0 and 100")
            }
            percentOff = value
        }
        guard (amountOff == nil) != (percentOff == nil) else {
            throw .state("You must pass exactly one of amount_off or percent_off.", param: "percent_off")
        }
        let currency = try params.string("currency")?.lowercased()
        if amountOff != nil, currency == nil { throw .missing("currency") }
        let months = try params.int("duration_in_months")
        if duration == "repeating", months == nil { throw .missing("duration_in_months") }
        var coupon: JSONObject = [
            "id": .string(id), "object": "coupon", "amount_off": .int(amountOff), "created": .int(realtimeNow),
            "currency": .text(currency), "duration": .string(duration),
            "duration_in_months": .int(duration == "repeating" ? months : nil), "livemode": false,
            "max_redemptions": .int(try params.int("max_redemptions")), "metadata": [:],
            "name": .text(try params.string("name")), "percent_off": percentOff.map(JSONValue.number) ?? .null,
            "redeem_by": .int(try params.int("redeem_by")), "times_redeemed": .int(0), "valid": true,
        ]
        if let metadata = try params.metadata(merging: nil) { coupon["metadata"] = metadata }
        insert(coupon, kind: "coupon")
        emit("coupon.created", coupon)
        return coupon
    }

    mutating func updateCoupon(_ id: String, _ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly(["metadata", "name"])
        let old = try require(id, kind: "coupon", name: "coupon")
        var coupon = old
        if let name = try params.string("name") { coupon["name"] = .text(name.isEmpty ? nil : name) }
        if let metadata = try params.metadata(merging: coupon["metadata"]) { coupon["metadata"] = metadata }
        guard coupon != old else { return coupon }
        objects[id] = coupon
        emit("coupon.updated", coupon, previous: old)
        return coupon
    }

    mutating func deleteCoupon(_ id: String) throws(StripeAPIError) -> JSONObject {
        let coupon = try require(id, kind: "coupon", name: "coupon")
        objects[id] = nil
        emit("coupon.deleted", coupon)
        return ["id": .string(id), "object": "coupon", "deleted": true]
    }
}
