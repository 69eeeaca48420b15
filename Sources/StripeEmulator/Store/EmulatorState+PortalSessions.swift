import StripeAPI

extension EmulatorState {
    /// The `locale` enum, in Stripe's order (its error message lists them this way).
    static let portalLocales: [String] = [
        "auto", "bg", "cs", "da", "de", "el", "en", "en-AU", "en-CA", "en-GB", "en-IE", "en-IN", "en-NZ", "en-SG",
        "es", "es-419", "et", "fi", "fil", "fr", "fr-CA", "hr", "hu", "id", "it", "ja", "ko", "lt", "lv", "ms", "mt",
        "nb", "nl", "pl", "pt", "pt-BR", "ro", "ru", "sk", "sl", "sv", "th", "tr", "vi", "zh", "zh-HK", "zh-TW",
    ]
    static let portalFlowTypes = [
        "payment_method_update", "subscription_cancel", "subscription_update", "subscription_update_confirm",
        "subscription_pause", "customer_update",
    ]

    mutating func createPortalSession(_ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly([
            "customer", "customer_account", "return_url", "configuration", "flow_data", "locale", "on_behalf_of",
            "after_expiration",
        ])
        if params.has("customer_account"), !params.has("customer") {
            throw .invalid("customer_account", "The emulator supports `customer`, not Accounts v2 `customer_account`.")
        }
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
        var returnURL = configuration.string("default_return_url")
        if let url = try params.nonEmptyString("return_url") { returnURL = try Self.validURL(url, param: "return_url") }
        guard let returnURL else {
            throw .state(
                "You must provide a `return_url` or set a `default_return_url` on the portal configuration.",
                code: "parameter_missing",
                param: "return_url"
            )
        }
        let locale = params.isEmptyString("locale") ? nil : try params.oneOf("locale", Self.portalLocales)
        var afterExpiration: JSONValue = .null
        if let expiration = try params.hash("after_expiration") {
            try expiration.requireOnly(["type", "customer_login"])
            guard try expiration.oneOf("type", ["customer_login"]) != nil else {
                throw .missing(expiration.name("type"))
            }
            let login = try expiration.hash("customer_login")
            try login?.requireOnly(["expires_at"])
            afterExpiration = [
                "customer_login": ["expires_at": .int(try login?.int("expires_at"))], "type": "customer_login",
            ]
        }
        var flow: JSONValue = .null
        if let flowData = try params.hash("flow_data") {
            flow = .object(try portalFlow(flowData, customer: customer, configuration: configuration))
        }
        let token = Self.randomToken(32)
        let id = Self.newID("bps")
        let session: JSONObject = [
            "id": .string(id), "object": "billing_portal.session", "after_expiration": afterExpiration,
            "configuration": configuration["id"]!, "created": .int(realtimeNow), "customer": .string(customer),
            "customer_account": .null, "flow": flow, "livemode": false, "locale": .text(locale),
            "on_behalf_of": .text(try params.nonEmptyString("on_behalf_of")), "return_url": .string(returnURL),
            "url": .string("\(publicBaseURL)/p/session/test_\(token)"),
        ]
        prunePortalLinks()
        portalLinks[token] = PortalLink(
            sessionID: id,
            customer: customer,
            configuration: configuration.string("id")!,
            created: realtimeNow,
            csrf: Self.randomToken(32)
        )
        insert(session, kind: "billing_portal.session")
        emit("billing_portal.session.created", session)
        return session
    }

    /// Forgets links that can no longer be used, and their sessions, so memory and the state file stay bounded; at
    /// most once a minute of emulator time.
    ///
    /// A visit checks its link's validity itself, so pruning only bounds memory. Filtering every link on every
    /// session creation made creating sessions slower the more had been created (a tenth of the CPU time of
    /// `billing serve` after a few thousand portal clicks). A session object is reachable only through its link
    /// (Stripe's API has no retrieve or list for portal sessions; the `billing_portal.session.created` event keeps
    /// its own copy), so it goes with the link instead of growing every save.
    mutating func prunePortalLinks() {
        let now = realtimeNow
        guard portalLinksPrunedAt == .min || now - portalLinksPrunedAt >= 60 || now < portalLinksPrunedAt else {
            return
        }
        portalLinksPrunedAt = now
        var expiredSessions: [String] = []
        portalLinks = portalLinks.filter { _, link in
            let valid = link.isValid(
                at: now,
                unvisitedLifetime: portalUnvisitedLifetime,
                visitedLifetime: portalVisitedLifetime
            )
            if !valid { expiredSessions.append(link.sessionID) }
            return valid
        }
        for id in expiredSessions { objects[id] = nil }
    }

    /// Validates `flow_data` against the customer and the configuration and returns the session's `flow` echo.
    func portalFlow(
        _ flowData: Params,
        customer: String,
        configuration: JSONObject
    ) throws(StripeAPIError) -> JSONObject {
        try flowData.requireOnly([
            "type", "after_completion", "subscription_cancel", "subscription_update", "subscription_update_confirm",
            "subscription_pause",
        ])
        guard let type = try flowData.oneOf("type", Self.portalFlowTypes) else { throw .missing("flow_data[type]") }
        var flow: JSONObject = [
            "after_completion": try afterCompletion(flowData), "subscription_cancel": .null,
            "subscription_pause": .null, "subscription_update": .null, "subscription_update_confirm": .null,
            "type": .string(type),
        ]
        for other in [
            "subscription_cancel", "subscription_update", "subscription_update_confirm", "subscription_pause",
        ]
        where other != type && flowData.has(other) {
            throw .invalid(
                flowData.name(other),
                "`flow_data[\(other)]` can only be set when `flow_data[type]` is `\(other)`."
            )
        }
        let feature: String
        switch type {
        case "subscription_update_confirm": feature = "subscription_update"
        default: feature = type
        }
        let features = configuration.object("features") ?? [:]
        guard features[feature]?["enabled"]?.boolValue == true else {
            throw .invalid(
                "flow_data[type]",
                "The `\(type)` flow cannot be used because `features[\(feature)][enabled]` is false on the portal "
                    + "configuration \(configuration.string("id") ?? "")."
            )
        }
        guard type != "payment_method_update", type != "customer_update" else { return flow }
        guard let details = try flowData.hash(type) else { throw .missing(flowData.name(type)) }
        let subscription = try flowSubscription(details, customer: customer, type: type)
        switch type {
        case "subscription_cancel":
            try details.requireOnly(["subscription", "retention"])
            if subscription.bool("cancel_at_period_end") == true || subscription["cancel_at"]?.isNull == false {
                throw .state(
                    "The subscription \(subscription.string("id")!) is already scheduled to be canceled.",
                    param: details.name("subscription")
                )
            }
            var retention: JSONValue = .null
            if let offer = try details.hash("retention") {
                try offer.requireOnly(["type", "coupon_offer"])
                guard try offer.oneOf("type", ["coupon_offer"]) != nil else { throw .missing(offer.name("type")) }
                guard let couponOffer = try offer.hash("coupon_offer") else {
                    throw .missing(offer.name("coupon_offer"))
                }
                try couponOffer.requireOnly(["coupon"])
                let coupon = try couponOffer.requiredString("coupon")
                let found = try require(coupon, kind: "coupon", name: "coupon", param: couponOffer.name("coupon"))
                guard found.bool("valid") == true else {
                    throw .invalid(couponOffer.name("coupon"), "Coupon expired: \(coupon)")
                }
                retention = ["coupon_offer": ["coupon": .string(coupon)], "type": "coupon_offer"]
            }
            flow[type] = ["retention": retention, "subscription": subscription["id"]!]
        case "subscription_update", "subscription_pause":
            try details.requireOnly(["subscription"])
            if type == "subscription_update" {
                _ = try portalProductChoices(configuration, param: "flow_data[type]")
                try requireSingleItem(subscription, param: details.name("subscription"))
            } else if subscription.string("status") == "paused" {
                throw .state("The subscription is already paused.", param: details.name("subscription"))
            }
            flow[type] = ["subscription": subscription["id"]!]
        default:
            flow[type] = .object(try updateConfirm(details, subscription: subscription, configuration: configuration))
        }
        return flow
    }

    private func afterCompletion(_ flowData: Params) throws(StripeAPIError) -> JSONValue {
        guard let completion = try flowData.hash("after_completion") else {
            return ["hosted_confirmation": .null, "redirect": .null, "type": "portal_homepage"]
        }
        try completion.requireOnly(["type", "redirect", "hosted_confirmation"])
        guard let type = try completion.oneOf("type", ["redirect", "hosted_confirmation", "portal_homepage"]) else {
            throw .missing(completion.name("type"))
        }
        var redirect: JSONValue = .null
        var confirmation: JSONValue = .null
        if type == "redirect" {
            guard let hash = try completion.hash("redirect") else { throw .missing(completion.name("redirect")) }
            try hash.requireOnly(["return_url"])
            let url = try Self.validURL(try hash.requiredString("return_url"), param: hash.name("return_url"))
            redirect = ["return_url": .string(url)]
        } else if completion.has("redirect") {
            throw .invalid(completion.name("redirect"), "`redirect` can only be set when `type` is `redirect`.")
        }
        if type == "hosted_confirmation" {
            let hash = try completion.hash("hosted_confirmation")
            try hash?.requireOnly(["custom_message"])
            let message = try hash?.string("custom_message")
            if let message, message.count > 500 {
                throw .invalid(completion.name("hosted_confirmation"), "The custom message is too long.")
            }
            confirmation = ["custom_message": .text(message.flatMap { $0.isEmpty ? nil : $0 })]
        } else if completion.has("hosted_confirmation") {
            throw .invalid(
                completion.name("hosted_confirmation"),
                "`hosted_confirmation` can only be set when `type` is `hosted_confirmation`."
            )
        }
        return ["hosted_confirmation": confirmation, "redirect": redirect, "type": .string(type)]
    }

    private func flowSubscription(_ details: Params, customer: String, type: String) throws(StripeAPIError)
        -> JSONObject
    {
        let id = try details.requiredString("subscription")
        let subscription = try require(
            id,
            kind: "subscription",
            name: "subscription",
            param: details.name("subscription")
        )
        guard subscription.string("customer") == customer else {
            throw .invalid(
                details.name("subscription"),
                "The subscription \(id) does not belong to the customer \(customer)."
            )
        }
        let status = subscription.string("status") ?? ""
        guard !["canceled", "incomplete_expired"].contains(status) else {
            throw .state(
                "The subscription \(id) has been canceled and cannot be used in a `\(type)` flow.",
                param: details.name("subscription")
            )
        }
        if status == "incomplete" {
            throw .state(
                "The subscription \(id) is incomplete; its first payment must succeed first.",
                param: details.name("subscription")
            )
        }
        return subscription
    }

    func requireSingleItem(_ subscription: JSONObject, param: String) throws(StripeAPIError) {
        guard (subscription["items"]?["data"]?.arrayValue?.count ?? 0) == 1 else {
            throw .invalid(param, "Subscriptions with more than one item cannot be updated in the portal.")
        }
    }

    /// The configuration's switchable prices as (product, price) pairs; an error when there are none.
    func portalProductChoices(_ configuration: JSONObject, param: String) throws(StripeAPIError) -> [(String, String)] {
        let products = configuration["features"]?["subscription_update"]?["products"]?.arrayValue ?? []
        let choices = products.flatMap { product -> [(String, String)] in
            let id = product["product"]?.stringValue ?? ""
            return (product["prices"]?.arrayValue ?? []).compactMap { $0.stringValue.map { (id, $0) } }
        }
        guard !choices.isEmpty else {
            throw .invalid(
                param,
                "The portal configuration lists no products in `features[subscription_update][products]`, so there "
                    + "is nothing to switch to."
            )
        }
        return choices
    }

    private func updateConfirm(
        _ details: Params,
        subscription: JSONObject,
        configuration: JSONObject
    ) throws(StripeAPIError) -> JSONObject {
        try details.requireOnly(["subscription", "items", "discounts"])
        try requireSingleItem(subscription, param: details.name("subscription"))
        guard let items = try details.hashArray("items"), !items.isEmpty else { throw .missing(details.name("items")) }
        guard items.count == 1 else {
            throw .invalid(
                details.name("items"),
                "Only one item can be updated in a `subscription_update_confirm` flow."
            )
        }
        let item = items[0]
        try item.requireOnly(["id", "price", "quantity"])
        let itemID = try item.requiredString("id")
        guard subscription["items"]?["data"]?.arrayValue?.contains(where: { $0["id"]?.stringValue == itemID }) == true
        else { throw .noSuch("subscription_item", itemID, param: item.name("id")) }
        let price = try item.nonEmptyString("price")
        if let price {
            _ = try require(price, kind: "price", name: "price", param: item.name("price"))
            let allowed = try portalProductChoices(configuration, param: item.name("price")).map(\.1)
            guard allowed.contains(price) else {
                throw .invalid(
                    item.name("price"),
                    "The price \(price) is not in the portal configuration's `features[subscription_update][products]`."
                )
            }
        }
        let quantity = try item.int("quantity")
        if let quantity, quantity < 1 { throw .invalid(item.name("quantity"), "Invalid quantity: must be at least 1") }
        var discounts: [JSONValue] = []
        for discount in try details.hashArray("discounts") ?? [] {
            try discount.requireOnly(["coupon", "promotion_code"])
            if let coupon = try discount.nonEmptyString("coupon") {
                _ = try require(coupon, kind: "coupon", name: "coupon", param: discount.name("coupon"))
                discounts.append(["coupon": .string(coupon), "promotion_code": .null])
            } else if let code = try discount.nonEmptyString("promotion_code") {
                throw .noSuch("promotion_code", code, param: discount.name("promotion_code"))
            }
        }
        return [
            "discounts": details.has("discounts") ? .array(discounts) : .null,
            "items": [["id": .string(itemID), "price": .text(price), "quantity": .int(quantity)]],
            "subscription": subscription["id"]!,
        ]
    }
}
