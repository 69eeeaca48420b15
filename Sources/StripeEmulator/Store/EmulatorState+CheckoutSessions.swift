import StripeAPI

extension EmulatorState {
    // MARK: reads

    func checkoutSession(_ id: String) throws(StripeAPIError) -> JSONObject {
        try require(id, kind: "checkout.session", name: "checkout.session")
    }

    /// The session as returned by the API: `line_items` only when expanded.
    func checkoutSessionResponse(_ session: JSONObject, expand: [String]) -> JSONObject {
        guard expand.contains("line_items"), let id = session.string("id") else { return session }
        var result = session
        result["line_items"] = checkoutLineItems(id)
        return result
    }

    /// `GET /v1/checkout/sessions/{id}/line_items`: the first `limit` lines (sessions hold a few, so no cursors).
    func checkoutLineItems(_ id: String, limit: Int = 10) -> JSONValue {
        var items = checkoutDetails[id]?["line_items"]?.arrayValue ?? []
        for index in items.indices {
            guard let priceID = items[index]["price"]?["id"]?.stringValue, let price = objects[priceID] else {
                continue
            }
            let name = objects[price.string("product") ?? ""]?.string("name") ?? price.string("nickname") ?? ""
            items[index] = items[index].setting("price", .object(price)).setting("description", .string(name))
        }
        let page = Array(items.prefix(limit))
        return [
            "object": "list", "data": .array(page), "has_more": .bool(page.count < items.count),
            "url": .string("/v1/checkout/sessions/\(id)/line_items"),
        ]
    }

    /// `GET /v1/checkout/sessions`.
    func listCheckoutSessions(_ params: Params) throws(StripeAPIError) -> JSONValue {
        try params.requireOnly(
            Self.listKeys.union([
                "customer", "customer_details", "status", "subscription", "payment_intent", "payment_link",
                "customer_account",
            ])
        )
        let customer = try params.nonEmptyString("customer")
        let status = try params.oneOf("status", ["open", "complete", "expired"])
        let subscription = try params.nonEmptyString("subscription")
        var email: String?
        if let details = try params.hash("customer_details") {
            try details.requireOnly(["email"])
            email = try details.requiredString("email")
        }
        return try list(
            kind: "checkout.session",
            name: "checkout.session",
            url: "/v1/checkout/sessions",
            params: params
        ) { session in
            if let customer, session.string("customer") != customer { return false }
            if let status, session.string("status") != status { return false }
            if let subscription, session.string("subscription") != subscription { return false }
            if let email, session["customer_details"]?["email"]?.stringValue != email { return false }
            return true
        }
    }

    /// `POST /v1/checkout/sessions/{id}`: metadata only (dynamic line items and shipping are not emulated).
    mutating func updateCheckoutSession(_ id: String, _ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly(["metadata", "line_items", "collected_information", "shipping_options"])
        for key in ["line_items", "collected_information", "shipping_options"] where params.has(key) {
            throw .invalid(key, "The emulator does not support updating `\(key)` on a Checkout Session.")
        }
        let old = try checkoutSession(id)
        var session = old
        if let metadata = try params.metadata(merging: old["metadata"]) { session["metadata"] = metadata }
        objects[id] = session
        return session
    }

    // MARK: expiry

    /// `POST /v1/checkout/sessions/{id}/expire`.
    mutating func expireCheckoutSession(_ id: String, _ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly([])
        let session = try checkoutSession(id)
        guard session.string("status") == "open" else {
            throw .state(
                "Only Checkout Sessions with a status of `open` can be expired. This session's status is "
                    + "`\(session.string("status") ?? "")`."
            )
        }
        return markCheckoutExpired(id)
    }

    @discardableResult
    mutating func markCheckoutExpired(_ id: String) -> JSONObject {
        var session = objects[id]!
        session["status"] = "expired"
        session["url"] = .null
        objects[id] = session
        checkoutLinks[id] = nil
        emit("checkout.session.expired", session)
        return session
    }

    /// Expires every open session whose `expires_at` has passed on the emulator's own clock.
    mutating func expireDueCheckoutSessions(upTo time: Int) {
        for id in order["checkout.session"] ?? [] {
            guard let session = objects[id], session.string("status") == "open",
                let expiresAt = session.int("expires_at"), expiresAt <= time
            else { continue }
            markCheckoutExpired(id)
        }
    }
}
