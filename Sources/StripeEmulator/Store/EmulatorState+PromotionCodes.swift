import StripeAPI

extension EmulatorState {
    /// A coupon to apply, and the promotion code it was redeemed through (if any).
    struct DiscountRequest {
        var coupon: JSONObject
        var promotionCode: String?
    }

    /// `POST /v1/promotion_codes`: a customer-facing code over a coupon (`promotion[coupon]`, endive shape).
    mutating func createPromotionCode(_ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly([
            "promotion", "code", "active", "customer", "expires_at", "max_redemptions", "metadata", "restrictions",
        ])
        guard let promotion = try params.hash("promotion") else { throw .missing("promotion") }
        try promotion.requireOnly(["type", "coupon"])
        _ = try promotion.oneOf("type", ["coupon"])
        let couponID = try promotion.requiredString("coupon")
        let coupon = try require(couponID, kind: "coupon", name: "coupon", param: "promotion[coupon]")
        let active = try params.bool("active") ?? true
        let code = try params.nonEmptyString("code") ?? Self.generatedPromotionCode()
        guard code.count <= 500, code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw .invalid("code", "Invalid code: only letters (a-z, A-Z) and digits (0-9) are allowed.")
        }
        if active { try requireCodeAvailable(code, except: nil) }
        var customer: String?
        if let id = try params.nonEmptyString("customer") {
            customer = try liveCustomer(id, param: "customer").string("id")
        }
        let expiresAt = try params.int("expires_at")
        if let expiresAt {
            guard expiresAt > realtimeNow else {
                throw .invalid("expires_at", "Invalid timestamp: must be an integer Unix timestamp in the future.")
            }
            if let redeemBy = coupon.int("redeem_by"), expiresAt > redeemBy {
                throw .invalid("expires_at", "The promotion code cannot expire after its coupon's `redeem_by`.")
            }
        }
        let maxRedemptions = try params.int("max_redemptions")
        if let maxRedemptions {
            guard maxRedemptions > 0 else {
                throw .invalid("max_redemptions", "This value must be greater than or equal to 1.")
            }
            if let couponMax = coupon.int("max_redemptions"), maxRedemptions > couponMax {
                throw .invalid(
                    "max_redemptions",
                    "The promotion code's `max_redemptions` cannot be greater than its coupon's `max_redemptions`."
                )
            }
        }
        var restrictions: JSONObject = [
            "currency_options": [:], "first_time_transaction": false, "minimum_amount": .null,
            "minimum_amount_currency": .null,
        ]
        if let given = try params.hash("restrictions") {
            try given.requireOnly(["first_time_transaction", "minimum_amount", "minimum_amount_currency"])
            restrictions["first_time_transaction"] = .bool(try given.bool("first_time_transaction") ?? false)
            if let minimum = try given.int("minimum_amount") {
                guard let currency = try given.nonEmptyString("minimum_amount_currency") else {
                    throw .missing(given.name("minimum_amount_currency"))
                }
                restrictions["minimum_amount"] = .int(minimum)
                restrictions["minimum_amount_currency"] = .string(currency.lowercased())
            }
        }
        var promotionCode: JSONObject = [
            "id": .string(Self.newID("promo")), "object": "promotion_code", "active": .bool(active),
            "code": .string(code), "created": .int(realtimeNow), "customer": .text(customer),
            "customer_account": .null, "expires_at": .int(expiresAt), "livemode": false,
            "max_redemptions": .int(maxRedemptions), "metadata": [:],
            "promotion": ["coupon": .string(couponID), "type": "coupon"],
            "restrictions": .object(restrictions), "times_redeemed": .int(0),
        ]
        if let metadata = try params.metadata(merging: nil) { promotionCode["metadata"] = metadata }
        insert(promotionCode, kind: "promotion_code")
        emit("promotion_code.created", promotionCode)
        return promotionCode
    }

    /// `POST /v1/promotion_codes/{id}`: only `active`, `metadata` and `restrictions[currency_options]` change.
    mutating func updatePromotionCode(_ id: String, _ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly(["active", "metadata", "restrictions"])
        let old = try promotionCode(id)
        var promotionCode = old
        if let active = try params.bool("active") {
            if active, old.bool("active") != true { try requireCodeAvailable(old.string("code") ?? "", except: id) }
            promotionCode["active"] = .bool(active)
        }
        if let metadata = try params.metadata(merging: old["metadata"]) { promotionCode["metadata"] = metadata }
        if let restrictions = try params.hash("restrictions") { try restrictions.requireOnly(["currency_options"]) }
        guard promotionCode != old else { return old }
        objects[id] = promotionCode
        emit("promotion_code.updated", promotionCode, previous: old)
        return promotionCode
    }

    func promotionCode(_ id: String) throws(StripeAPIError) -> JSONObject {
        try require(id, kind: "promotion_code", name: "promotion code")
    }

    /// `GET /v1/promotion_codes`, filtered by `code` (case-insensitive), `active`, `coupon` and `customer`.
    func listPromotionCodes(_ params: Params) throws(StripeAPIError) -> JSONValue {
        try params.requireOnly(Self.listKeys.union(["active", "code", "coupon", "customer", "customer_account"]))
        let active = try params.bool("active")
        let code = try params.nonEmptyString("code")?.lowercased()
        let coupon = try params.nonEmptyString("coupon")
        let customer = try params.nonEmptyString("customer")
        return try list(kind: "promotion_code", name: "promotion code", url: "/v1/promotion_codes", params: params) {
            promo in
            if let active, promo.bool("active") != active { return false }
            if let code, promo.string("code")?.lowercased() != code { return false }
            if let coupon, promo["promotion"]?["coupon"]?.stringValue != coupon { return false }
            if let customer, promo.string("customer") != customer { return false }
            return true
        }
    }

    /// Codes are unique among active promotion codes, regardless of case.
    private func requireCodeAvailable(_ code: String, except id: String?) throws(StripeAPIError) {
        let wanted = code.lowercased()
        for other in order["promotion_code"] ?? [] where other != id {
            guard let promo = objects[other], promo.bool("active") == true,
                promo.string("code")?.lowercased() == wanted
            else { continue }
            throw .state(
                "An active promotion code with `code: \(code)` already exists.",
                code: "resource_already_exists",
                param: "code"
            )
        }
    }

    private static func generatedPromotionCode() -> String {
        randomToken(8).uppercased()
    }

    /// The promotion code a customer typed (the customer-facing `code`, any case), if it exists and is active.
    func activePromotionCode(matching code: String) -> JSONObject? {
        let wanted = code.filter { !$0.isWhitespace }.lowercased()
        guard !wanted.isEmpty else { return nil }
        for id in (order["promotion_code"] ?? []).reversed() {
            if let promo = objects[id], promo.bool("active") == true, promo.string("code")?.lowercased() == wanted {
                return promo
            }
        }
        return nil
    }

    /// Why a promotion code cannot be redeemed now by `customer` for a purchase of `amount`, or nil when it can.
    func promotionCodeRefusal(_ promo: JSONObject, customer: String?, amount: Int?, currency: String?) -> String? {
        let now = now(forCustomer: customer)
        guard promo.bool("active") == true else { return "This promotion code is inactive." }
        if let expires = promo.int("expires_at"), expires <= now { return "This promotion code has expired." }
        if let max = promo.int("max_redemptions"), (promo.int("times_redeemed") ?? 0) >= max {
            return "This promotion code has been fully redeemed."
        }
        if let owner = promo.string("customer"), owner != customer {
            return "This promotion code cannot be redeemed by this customer."
        }
        guard let coupon = objects[promo["promotion"]?["coupon"]?.stringValue ?? ""], coupon.bool("valid") == true
        else { return "This promotion code's coupon is no longer valid." }
        if let redeemBy = coupon.int("redeem_by"), redeemBy <= now { return "This promotion code has expired." }
        if let max = coupon.int("max_redemptions"), (coupon.int("times_redeemed") ?? 0) >= max {
            return "This promotion code has been fully redeemed."
        }
        let restrictions = promo.object("restrictions") ?? [:]
        if let minimum = restrictions.int("minimum_amount"), let amount, amount < minimum,
            restrictions.string("minimum_amount_currency") == currency
        {
            return "This promotion code requires a minimum order of "
                + "\(BillingPeriod.money(minimum, currency: currency ?? "usd"))."
        }
        if restrictions.bool("first_time_transaction") == true, let customer,
            (order["invoice"] ?? []).contains(where: {
                objects[$0]?.string("customer") == customer && objects[$0]?.string("status") == "paid"
            })
        {
            return "This promotion code is only valid for first-time customers."
        }
        return nil
    }

    /// A validated `discounts[N][promotion_code]` (an id) as the coupon it applies.
    func discountRequest(promotionCode id: String, param: String, customer: String?) throws(StripeAPIError)
        -> DiscountRequest
    {
        let promo = try require(id, kind: "promotion_code", name: "promotion code", param: param)
        if let refusal = promotionCodeRefusal(promo, customer: customer, amount: nil, currency: nil) {
            throw .invalid(param, refusal)
        }
        let coupon = objects[promo["promotion"]?["coupon"]?.stringValue ?? ""] ?? [:]
        return DiscountRequest(coupon: coupon, promotionCode: id)
    }

    /// Counts one redemption of a promotion code.
    mutating func redeemPromotionCode(_ id: String) {
        guard var promo = objects[id] else { return }
        promo["times_redeemed"] = .int((promo.int("times_redeemed") ?? 0) + 1)
        objects[id] = promo
    }
}
