import StripeAPI

extension EmulatorState {
    static func isTestToken(_ id: String) -> Bool {
        TestCard.named(id) != nil
    }

    static func paymentMethodObject(id: String, card: TestCard, created: Int, customer: String?) -> JSONObject {
        [
            "id": .string(id),
            "object": "payment_method",
            "allow_redisplay": "unspecified",
            "billing_details": [
                "address": [
                    "city": .null, "country": .null, "line1": .null, "line2": .null, "postal_code": .null,
                    "state": .null,
                ],
                "email": .null, "name": .null, "phone": .null, "tax_id": .null,
            ],
            "card": [
                "brand": .string(card.brand),
                "checks": ["address_line1_check": .null, "address_postal_code_check": .null, "cvc_check": "pass"],
                "country": "US",
                "display_brand": .string(card.brand),
                "exp_month": .int(12),
                "exp_year": .int(2034),
                "fingerprint": .string(String(EmulatorState.randomToken(16))),
                "funding": .string(card.funding),
                "generated_from": .null,
                "last4": .string(card.last4),
                "networks": ["available": .array([.string(card.brand)]), "preferred": .null],
                "regulated_status": "unregulated",
                "three_d_secure_usage": ["supported": true],
                "wallet": .null,
            ],
            "created": .int(created),
            "customer": .text(customer),
            "customer_account": .null,
            "livemode": false,
            "metadata": [:],
            "type": "card",
        ]
    }

    /// Checks that a payment method (stored or a test token) can be attached, without changing anything.
    func validateAttachable(_ id: String, param: String, customer: String? = nil) throws(StripeAPIError) {
        if let card = TestCard.named(id) {
            if case .declines(let code, let declineCode, let message) = card.behavior {
                throw .cardDeclined(code: code, declineCode: declineCode, message: message, param: param)
            }
            return
        }
        let method = try require(id, kind: "payment_method", name: "PaymentMethod", param: param)
        if detachedPaymentMethods.contains(id) {
            throw .state(
                "This PaymentMethod was previously used without being attached to a Customer or was detached from "
                    + "a Customer, and may not be used again.",
                param: param
            )
        }
        if let owner = method.string("customer"), owner != customer {
            throw .state("The payment method you provided has already been attached to a customer.", param: param)
        }
        if let last4 = method.object("card")?.string("last4"),
            let card = TestCard.number("400000000000" + last4),
            case .declines(let code, let declineCode, let message) = card.behavior
        {
            throw .cardDeclined(code: code, declineCode: declineCode, message: message, param: param)
        }
    }

    /// Attaches a validated payment method; a test token becomes a new `pm_` object. Returns the attached id.
    @discardableResult
    mutating func attachPaymentMethod(_ source: String, customer: String, as newID: String? = nil) -> String {
        let now = now(forCustomer: customer)
        if let card = TestCard.named(source) {
            let method = Self.paymentMethodObject(
                id: newID ?? Self.newID("pm"),
                card: card,
                created: now,
                customer: customer
            )
            insert(method, kind: "payment_method")
            emit("payment_method.attached", method)
            return method.string("id")!
        }
        guard var method = objects[source], method.string("customer") != customer else { return source }
        method["customer"] = .string(customer)
        objects[source] = method
        emit("payment_method.attached", method)
        return source
    }

    mutating func createPaymentMethod(_ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly(["type", "card", "billing_details", "metadata", "allow_redisplay", "customer"])
        let type = try params.requiredString("type")
        guard type == "card" else {
            throw .invalid("type", "The emulator only supports payment methods of type card.")
        }
        guard let cardParams = try params.hash("card") else { throw .missing("card") }
        try cardParams.requireOnly(["token", "number", "exp_month", "exp_year", "cvc"])
        let card: TestCard
        if let token = try cardParams.nonEmptyString("token") {
            guard let known = TestCard.named(token) else { throw .noSuch("token", token, param: "card[token]") }
            card = known
        } else {
            let number = try cardParams.requiredString("number")
            guard let known = TestCard.number(number) else {
                throw .cardDeclined(
                    code: "incorrect_number",
                    declineCode: nil,
                    message: "Your card number is incorrect.",
                    param: "card[number]"
                )
            }
            card = known
        }
        var method = Self.paymentMethodObject(id: Self.newID("pm"), card: card, created: realtimeNow, customer: nil)
        if let month = try cardParams.int("exp_month") {
            method["card"] = method["card"]!.setting("exp_month", .int(month))
        }
        if let year = try cardParams.int("exp_year") {
            method["card"] = method["card"]!.setting("exp_year", .int(year))
        }
        if let metadata = try params.metadata(merging: nil) { method["metadata"] = metadata }
        if let details = try params.hash("billing_details") {
            try details.requireOnly(["address", "email", "name", "phone", "tax_id"])
            var current = method.object("billing_details")!
            for key in ["email", "name", "phone", "tax_id"] {
                if let value = try details.string(key) { current[key] = .text(value.isEmpty ? nil : value) }
            }
            if let address = try details.hash("address") { current["address"] = try Self.address(address) }
            method["billing_details"] = .object(current)
        }
        insert(method, kind: "payment_method")
        return method
    }

    /// A stored payment method, or the unattached object a test token stands for.
    func retrievePaymentMethod(_ id: String) throws(StripeAPIError) -> JSONObject {
        if let card = TestCard.named(id) {
            return Self.paymentMethodObject(id: id, card: card, created: realtimeNow, customer: nil)
        }
        return try require(id, kind: "payment_method", name: "PaymentMethod")
    }

    mutating func attachPaymentMethod(_ id: String, _ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly(["customer", "customer_account"])
        let customer = try params.requiredString("customer")
        _ = try liveCustomer(customer, param: "customer")
        try validateAttachable(id, param: "payment_method", customer: customer)
        let attached = attachPaymentMethod(id, customer: customer)
        return objects[attached]!
    }

    mutating func detachPaymentMethod(_ id: String, _ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly([])
        let old = try require(id, kind: "payment_method", name: "PaymentMethod")
        guard let customer = old.string("customer") else {
            throw .state("The payment method \(id) is not attached to a customer.", param: "payment_method")
        }
        var method = old
        method["customer"] = .null
        objects[id] = method
        detachedPaymentMethods.insert(id)
        emit("payment_method.detached", method, previous: old)
        if let owner = objects[customer],
            owner.object("invoice_settings")?.string("default_payment_method") == id
        {
            var updated = owner
            updated["invoice_settings"] = owner["invoice_settings"]!.setting("default_payment_method", .null)
            objects[customer] = updated
            emit("customer.updated", updated, previous: owner)
        }
        for subscriptionID in order["subscription"] ?? [] {
            guard let subscription = objects[subscriptionID],
                subscription.string("default_payment_method") == id
            else { continue }
            var updated = subscription
            updated["default_payment_method"] = .null
            objects[subscriptionID] = updated
            emit("customer.subscription.updated", updated, previous: subscription)
        }
        return method
    }

    func listPaymentMethods(_ params: Params, customer pathCustomer: String? = nil) throws(StripeAPIError) -> JSONValue
    {
        try params.requireOnly(Self.listKeys.union(["customer", "type", "allow_redisplay", "customer_account"]))
        var customer = pathCustomer
        if customer == nil { customer = try params.nonEmptyString("customer") }
        if let customer { _ = try liveCustomer(customer, param: pathCustomer == nil ? "customer" : "id") }
        let type = try params.string("type")
        let url = pathCustomer.map { "/v1/customers/\($0)/payment_methods" } ?? "/v1/payment_methods"
        return try list(kind: "payment_method", name: "payment_method", url: url, params: params) { method in
            if let type, method.string("type") != type { return false }
            return customer == nil || method.string("customer") == customer
        }
    }

    /// Charges a payment method: nil on success, otherwise Stripe's decline.
    func charge(paymentMethod id: String?) -> StripeAPIError? {
        guard let id, let method = objects[id] else {
            return .state(
                "This customer has no attached payment source or default payment method.",
                code: "invoice_no_customer_line_items"
            )
        }
        if TestCard.chargeFails(last4: method.object("card")?.string("last4")) {
            return .cardDeclined(
                code: "card_declined",
                declineCode: "generic_decline",
                message: TestCard.declinedMessage
            )
        }
        return nil
    }
}
