import StripeAPI

extension EmulatorState {
    static let customerCreateKeys: Set<String> = [
        "email", "name", "phone", "description", "metadata", "address", "shipping", "preferred_locales",
        "payment_method", "invoice_settings", "test_clock", "balance", "tax_exempt", "business_name",
        "individual_name", "invoice_prefix", "next_invoice_sequence", "source", "tax", "tax_id_data",
    ]
    static let customerUpdateKeys: Set<String> = [
        "email", "name", "phone", "description", "metadata", "address", "shipping", "preferred_locales",
        "invoice_settings", "balance", "tax_exempt", "business_name", "individual_name", "invoice_prefix",
        "next_invoice_sequence", "default_source", "source", "tax",
    ]

    func liveCustomer(_ id: String, param: String = "id") throws(StripeAPIError) -> JSONObject {
        guard let customer = object(id, kind: "customer"), customer.bool("deleted") != true else {
            throw .noSuch("customer", id, param: param)
        }
        return customer
    }

    mutating func createCustomer(_ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly(Self.customerCreateKeys)
        let clock = try params.nonEmptyString("test_clock")
        if let clock {
            let testClock = try require(clock, kind: "test_helpers.test_clock", name: "test_clock", param: "test_clock")
            guard testClock.string("status") == "ready" else {
                throw .state("The test clock \(clock) is advancing; try again when it is ready.")
            }
        }
        let paymentMethod = try params.nonEmptyString("payment_method")
        if let paymentMethod { try validateAttachable(paymentMethod, param: "payment_method") }
        let id = Self.newID("cus")
        var customer: JSONObject = [
            "id": .string(id),
            "object": "customer",
            "address": .null,
            "balance": .int(try params.int("balance") ?? 0),
            "business_name": .null,
            "created": .int(now(clock: clock)),
            "currency": .null,
            "customer_account": .null,
            "default_source": .null,
            "delinquent": false,
            "description": .null,
            "discount": .null,
            "email": .null,
            "individual_name": .null,
            "invoice_prefix": .string(try params.nonEmptyString("invoice_prefix") ?? Self.invoicePrefix()),
            "invoice_settings": [
                "custom_fields": .null, "default_payment_method": .null, "footer": .null, "rendering_options": .null,
            ],
            "livemode": false,
            "metadata": [:],
            "name": .null,
            "next_invoice_sequence": .int(try params.int("next_invoice_sequence") ?? 1),
            "phone": .null,
            "preferred_locales": [],
            "shipping": .null,
            "tax_exempt": "none",
            "test_clock": .text(clock),
        ]
        try applyCustomerFields(params, to: &customer)
        var defaultMethod: String?
        if let settings = try params.hash("invoice_settings") {
            try settings.requireOnly(["default_payment_method", "custom_fields", "footer", "rendering_options"])
            defaultMethod = try settings.nonEmptyString("default_payment_method")
            if let defaultMethod, defaultMethod != paymentMethod {
                throw .state(
                    "The customer does not have a payment method with the ID \(defaultMethod). The payment method "
                        + "must be attached to the customer.",
                    code: "resource_missing",
                    param: "invoice_settings[default_payment_method]"
                )
            }
        }
        let attachedID = paymentMethod.map { Self.isTestToken($0) ? Self.newID("pm") : $0 }
        if let attachedID, defaultMethod != nil {
            customer["invoice_settings"] = customer["invoice_settings"]!.setting(
                "default_payment_method",
                .string(attachedID)
            )
        }
        insert(customer, kind: "customer")
        emit("customer.created", customer)
        if let paymentMethod, let attachedID {
            attachPaymentMethod(paymentMethod, customer: id, as: attachedID)
        }
        return objects[id]!
    }

    mutating func updateCustomer(_ id: String, _ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly(Self.customerUpdateKeys)
        let old = try liveCustomer(id)
        var customer = old
        try applyCustomerFields(params, to: &customer)
        if let balance = try params.int("balance") { customer["balance"] = .int(balance) }
        if let prefix = try params.nonEmptyString("invoice_prefix") { customer["invoice_prefix"] = .string(prefix) }
        if let settings = try params.hash("invoice_settings") {
            try settings.requireOnly(["default_payment_method", "custom_fields", "footer", "rendering_options"])
            var current = customer.object("invoice_settings") ?? [:]
            if settings.isEmptyString("default_payment_method") {
                current["default_payment_method"] = .null
            } else if let method = try settings.string("default_payment_method") {
                let paymentMethod = try require(
                    method,
                    kind: "payment_method",
                    name: "PaymentMethod",
                    param: "invoice_settings[default_payment_method]"
                )
                guard paymentMethod.string("customer") == id else {
                    throw .state(
                        "The customer does not have a payment method with the ID \(method). The payment method "
                            + "must be attached to the customer.",
                        code: "resource_missing",
                        param: "invoice_settings[default_payment_method]"
                    )
                }
                current["default_payment_method"] = .string(method)
            }
            if settings.isEmptyString("footer") {
                current["footer"] = .null
            } else if let footer = try settings.string("footer") {
                current["footer"] = .string(footer)
            }
            customer["invoice_settings"] = .object(current)
        }
        guard customer != old else { return customer }
        objects[id] = customer
        emit("customer.updated", customer, previous: old)
        return customer
    }

    private func applyCustomerFields(_ params: Params, to customer: inout JSONObject) throws(StripeAPIError) {
        for key in ["email", "name", "phone", "description", "business_name", "individual_name"] {
            if params.isEmptyString(key) {
                customer[key] = .null
            } else if let value = try params.string(key) {
                if key == "email", value.count > 512 { throw .invalid("email", "Invalid email address: too long") }
                customer[key] = .string(value)
            }
        }
        if let tax = try params.oneOf("tax_exempt", ["none", "exempt", "reverse"]) {
            customer["tax_exempt"] = .string(tax)
        }
        if params.isEmptyString("address") {
            customer["address"] = .null
        } else if let address = try params.hash("address") {
            customer["address"] = try Self.address(address)
        }
        if params.isEmptyString("shipping") {
            customer["shipping"] = .null
        } else if let shipping = try params.hash("shipping") {
            try shipping.requireOnly(["address", "name", "phone"])
            guard let address = try shipping.hash("address") else { throw .missing("shipping[address]") }
            customer["shipping"] = [
                "address": try Self.address(address),
                "carrier": .null,
                "name": .string(try shipping.requiredString("name")),
                "phone": .text(try shipping.string("phone")),
                "tracking_number": .null,
            ]
        }
        if let locales = try params.stringArray("preferred_locales") {
            customer["preferred_locales"] = .array(locales.map(JSONValue.string))
        }
        if let metadata = try params.metadata(merging: customer["metadata"]) {
            customer["metadata"] = metadata
        }
    }

    static func address(_ params: Params) throws(StripeAPIError) -> JSONValue {
        let keys = ["city", "country", "line1", "line2", "postal_code", "state"]
        try params.requireOnly(Set(keys))
        var address: JSONObject = [:]
        for key in keys { address[key] = .text(try params.string(key).flatMap { $0.isEmpty ? nil : $0 }) }
        return .object(address)
    }

    static func invoicePrefix() -> String {
        let hex = Array("0123456789ABCDEF")
        var generator = SystemRandomNumberGenerator()
        return String((0..<8).map { _ in hex[Int(generator.next(upperBound: UInt(16)))] })
    }

    mutating func deleteCustomer(_ id: String) throws(StripeAPIError) -> JSONObject {
        let customer = try liveCustomer(id)
        for subscriptionID in order["subscription"] ?? [] {
            guard let subscription = objects[subscriptionID], subscription.string("customer") == id,
                subscription.string("status") != "canceled"
            else { continue }
            endSubscription(subscriptionID, at: now(forCustomer: id), reason: "cancellation_requested")
        }
        let stub: JSONObject = ["id": .string(id), "object": "customer", "deleted": true]
        objects[id] = stub
        emit("customer.deleted", customer)
        return stub
    }

    func listCustomers(_ params: Params) throws(StripeAPIError) -> JSONValue {
        try params.requireOnly(Self.listKeys.union(["email", "test_clock"]))
        let email = try params.string("email")
        let clock = try params.nonEmptyString("test_clock")
        return try list(kind: "customer", name: "customer", url: "/v1/customers", params: params) { customer in
            guard customer.bool("deleted") != true else { return false }
            if let email, customer.string("email") != email { return false }
            return customer.string("test_clock") == clock
        }
    }
}
