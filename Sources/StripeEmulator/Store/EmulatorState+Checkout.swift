import Foundation
import StripeAPI

extension EmulatorState {
    static let checkoutCreateKeys: Set<String> = [
        "mode", "customer", "customer_email", "client_reference_id", "line_items", "success_url", "cancel_url",
        "allow_promotion_codes", "discounts", "subscription_data", "expires_at", "metadata", "locale",
        "billing_address_collection", "payment_method_types", "payment_method_collection", "customer_creation",
        "ui_mode", "currency", "automatic_tax", "tax_id_collection", "submit_type",
    ]

    /// Default and bounds of `expires_at`, in seconds from creation.
    static let checkoutLifetime = (default: 86_400, minimum: 1_800, maximum: 86_400)

    /// A validated `line_items[N]`.
    struct CheckoutLine {
        var price: JSONObject
        var quantity: Int
        var amount: Int { (price.int("unit_amount") ?? 0) * quantity }
        var isRecurring: Bool { price.string("type") == "recurring" }
    }

    /// `POST /v1/checkout/sessions`.
    mutating func createCheckoutSession(_ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly(Self.checkoutCreateKeys)
        guard let mode = try params.oneOf("mode", ["payment", "setup", "subscription"]) else {
            throw .missing("mode")
        }
        // endive's values; only the Stripe-hosted page is emulated.
        if let uiMode = try params.oneOf("ui_mode", ["elements", "embedded_page", "form", "hosted_page"]),
            uiMode != "hosted_page"
        {
            throw .invalid("ui_mode", "The emulator only serves hosted Checkout pages (`ui_mode=hosted_page`).")
        }
        var customerID: String?
        if let id = try params.nonEmptyString("customer") {
            customerID = try liveCustomer(id, param: "customer").string("id")
        }
        let customerEmail = try params.nonEmptyString("customer_email")
        if customerID != nil, customerEmail != nil {
            throw .invalid(
                "customer_email",
                "You may only specify one of these parameters: customer, customer_email."
            )
        }
        let successURL = try Self.checkoutURL(params, "success_url", required: true)!
        let cancelURL = try Self.checkoutURL(params, "cancel_url", required: false)
        let lines = try checkoutLines(params, mode: mode)
        let currency = try checkoutCurrency(params, lines: lines, mode: mode)
        let allowPromotionCodes = try params.bool("allow_promotion_codes") ?? false
        var discounts: [DiscountRequest] = []
        if let requested = try validatedCoupons(params, customer: customerID) {
            guard !allowPromotionCodes else {
                throw .invalid(
                    "discounts",
                    "You may only specify one of these parameters: allow_promotion_codes, discounts."
                )
            }
            guard requested.count <= 1 else {
                throw .invalid("discounts", "You may only specify one discount for a Checkout Session.")
            }
            guard mode != "setup" || requested.isEmpty else {
                throw .invalid("discounts", "You cannot pass `discounts` in `setup` mode.")
            }
            discounts = requested
        }
        let subscriptionData = try checkoutSubscriptionData(params, mode: mode)
        let now = realtimeNow
        let expiresAt = try params.int("expires_at") ?? now + Self.checkoutLifetime.default
        guard expiresAt >= now + Self.checkoutLifetime.minimum else {
            throw .invalid(
                "expires_at",
                "The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation."
            )
        }
        guard expiresAt <= now + Self.checkoutLifetime.maximum else {
            throw .invalid(
                "expires_at",
                "The `expires_at` timestamp must be less than 24 hours from Checkout Session creation."
            )
        }
        let clientReference = try params.nonEmptyString("client_reference_id")
        if let clientReference, clientReference.count > 200 {
            throw .invalid("client_reference_id", "client_reference_id must be at most 200 characters.")
        }
        let locale = try params.string("locale")
        let billingAddress = try params.oneOf("billing_address_collection", ["auto", "required"])
        if let types = try params.stringArray("payment_method_types"), types.contains(where: { $0 != "card" }) {
            throw .invalid("payment_method_types", "The emulator's Checkout only accepts `card`.")
        }
        let methodCollection = try params.oneOf("payment_method_collection", ["always", "if_required"]) ?? "always"
        let customerCreation = try params.oneOf("customer_creation", ["always", "if_required"])
        if customerCreation != nil, mode == "subscription" {
            throw .invalid(
                "customer_creation",
                "`customer_creation` can only be used in `payment` mode."
            )
        }
        let submitType = try params.oneOf("submit_type", ["auto", "book", "donate", "pay", "subscribe"])
        if let automaticTax = try params.hash("automatic_tax") {
            try automaticTax.requireOnly(["enabled", "liability"])
            if try automaticTax.bool("enabled") == true {
                throw .invalid("automatic_tax[enabled]", "The emulator does not calculate tax.")
            }
        }
        if let taxIDs = try params.hash("tax_id_collection") { try taxIDs.requireOnly(["enabled", "required"]) }

        let id = "cs_test_" + Self.randomToken(58)
        let trialing = subscriptionData.trialDays != nil || subscriptionData.trialEnd != nil
        // During a trial only one-time items are due today.
        let subtotal = lines.filter { !trialing || !$0.isRecurring }.reduce(0) { $0 + $1.amount }
        let discountAmount =
            Self.discountAmounts(subtotal: subtotal, coupons: discounts.map(\.coupon)).reduce(0, +)
        let dueToday = max(0, subtotal - discountAmount)
        var session: JSONObject = [
            "id": .string(id), "object": "checkout.session", "adaptive_pricing": .null, "after_expiration": .null,
            "allow_promotion_codes": .bool(allowPromotionCodes),
            "amount_subtotal": .int(mode == "setup" ? nil : subtotal),
            "amount_total": .int(mode == "setup" ? nil : dueToday),
            "automatic_tax": ["enabled": false, "liability": .null, "provider": .null, "status": .null],
            "billing_address_collection": .text(billingAddress), "cancel_url": .text(cancelURL),
            "client_reference_id": .text(clientReference), "client_secret": .null, "collected_information": .null,
            "consent": .null, "consent_collection": .null, "created": .int(now), "currency": .text(currency),
            "custom_fields": [],
            "custom_text": [
                "after_submit": .null, "shipping_address": .null, "submit": .null,
                "terms_of_service_acceptance": .null,
            ],
            "customer": .text(customerID), "customer_account": .null,
            "customer_creation": .text(mode == "payment" ? (customerCreation ?? "if_required") : nil),
            "customer_details": customerID.map { id -> JSONValue in
                [
                    "address": .null, "business_name": .null, "email": objects[id]?["email"] ?? .null,
                    "individual_name": .null, "name": objects[id]?["name"] ?? .null,
                    "phone": .null, "tax_exempt": "none", "tax_ids": [],
                ]
            } ?? .null,
            "customer_email": .text(customerEmail),
            "discounts": .array(
                discounts.map { request in
                    [
                        "coupon": request.promotionCode == nil ? request.coupon["id"] ?? .null : .null,
                        "promotion_code": .text(request.promotionCode),
                    ]
                }
            ),
            "expires_at": .int(expiresAt), "invoice": .null, "invoice_creation": .null, "livemode": false,
            "locale": .text(locale), "metadata": [:], "mode": .string(mode), "payment_intent": .null,
            "payment_link": .null, "payment_method_collection": .text(mode == "payment" ? nil : methodCollection),
            "payment_method_options": [:], "payment_method_types": ["card"],
            "payment_status": .string(mode == "setup" ? "no_payment_required" : "unpaid"),
            "phone_number_collection": ["enabled": false], "recovered_from": .null,
            "saved_payment_method_options": .null, "setup_intent": .null, "shipping_address_collection": .null,
            "shipping_cost": .null, "shipping_options": [], "status": "open", "submit_type": .text(submitType),
            "subscription": .null, "success_url": .string(successURL),
            "total_details": mode == "setup"
                ? .null
                : ["amount_discount": .int(discountAmount), "amount_shipping": .int(0), "amount_tax": .int(0)],
            "ui_mode": "hosted_page", "url": .string("\(publicBaseURL)/c/pay/\(id)"), "wallet_options": .null,
        ]
        if let metadata = try params.metadata(merging: nil) { session["metadata"] = metadata }
        insert(session, kind: "checkout.session")
        var pending: JSONObject = [
            "line_items": .array(
                lines.map { line in
                    .object(Self.checkoutLineItem(line))
                }
            )
        ]
        if let days = subscriptionData.trialDays { pending["trial_period_days"] = .int(days) }
        if let trialEnd = subscriptionData.trialEnd { pending["trial_end"] = .int(trialEnd) }
        if let metadata = subscriptionData.metadata { pending["subscription_metadata"] = metadata }
        if let description = subscriptionData.description { pending["description"] = .string(description) }
        if let behavior = subscriptionData.missingPaymentMethod {
            pending["missing_payment_method"] = .string(behavior)
        }
        pending["discounts"] = .array(
            discounts.map { ["coupon": $0.coupon["id"] ?? .null, "promotion_code": .text($0.promotionCode)] }
        )
        checkoutDetails[id] = pending
        return session
    }

    private static func checkoutURL(_ params: Params, _ key: String, required: Bool) throws(StripeAPIError)
        -> String?
    {
        guard let value = try params.string(key) else {
            if required { throw .missing(key) }
            return nil
        }
        guard !value.isEmpty else { throw .emptyString(key) }
        guard
            let components = URLComponents(string: value.replacingOccurrences(of: "{CHECKOUT_SESSION_ID}", with: "x")),
            components.scheme == "http" || components.scheme == "https", components.host?.isEmpty == false
        else { throw .invalid(key, "Not a valid URL") }
        return value
    }

    private func checkoutLines(_ params: Params, mode: String) throws(StripeAPIError) -> [CheckoutLine] {
        guard let items = try params.hashArray("line_items"), !items.isEmpty else {
            if mode == "setup" { return [] }
            throw .missing("line_items")
        }
        guard mode != "setup" else {
            throw .invalid("line_items", "You cannot pass `line_items` in `setup` mode.")
        }
        var lines: [CheckoutLine] = []
        for item in items {
            try item.requireOnly(["price", "quantity", "adjustable_quantity", "tax_rates", "dynamic_tax_rates"])
            guard let priceID = try item.nonEmptyString("price") else { throw .missing(item.name("price")) }
            let price = try require(priceID, kind: "price", name: "price", param: item.name("price"))
            guard price.bool("active") == true else {
                throw .invalid(item.name("price"), "The price `\(priceID)` is not active.")
            }
            let recurring = price.string("type") == "recurring"
            if mode == "payment", recurring {
                throw .invalid(
                    item.name("price"),
                    "You specified `payment` mode but passed a recurring price. Either switch to `subscription` "
                        + "mode or use only one-time prices."
                )
            }
            guard let quantity = try item.int("quantity") else { throw .missing(item.name("quantity")) }
            guard quantity >= 1 else {
                throw .invalid(item.name("quantity"), "This value must be greater than or equal to 1.")
            }
            lines.append(CheckoutLine(price: price, quantity: quantity))
        }
        // One-time prices join a subscription's first invoice, but a subscription needs a recurring price.
        if mode == "subscription", !lines.contains(where: \.isRecurring) {
            throw .invalid(
                "line_items",
                "You must provide at least one recurring price in `subscription` mode when using prices."
            )
        }
        return lines
    }

    private func checkoutCurrency(_ params: Params, lines: [CheckoutLine], mode: String) throws(StripeAPIError)
        -> String?
    {
        let requested = try params.nonEmptyString("currency")?.lowercased()
        guard let first = lines.first else { return requested }
        let currency = first.price.string("currency") ?? "usd"
        let recurring = lines.first(where: \.isRecurring)?.price.object("recurring") ?? [:]
        for (index, line) in lines.enumerated() {
            let param = "line_items[\(index)][price]"
            guard line.price.string("currency") == currency else {
                throw .invalid(param, "All prices in a Checkout Session must have the same currency.")
            }
            if mode == "subscription", line.isRecurring {
                let other = line.price.object("recurring") ?? [:]
                guard other["interval"] == recurring["interval"], other["interval_count"] == recurring["interval_count"]
                else {
                    throw .invalid(param, "All recurring prices in a Checkout Session must have the same interval.")
                }
            }
        }
        if let requested, requested != currency {
            throw .invalid("currency", "`currency` must match the currency of the prices in `line_items`.")
        }
        return currency
    }

    private struct CheckoutSubscriptionData {
        var trialDays: Int?
        var trialEnd: Int?
        var metadata: JSONValue?
        var description: String?
        var missingPaymentMethod: String?
    }

    private func checkoutSubscriptionData(_ params: Params, mode: String) throws(StripeAPIError)
        -> CheckoutSubscriptionData
    {
        guard let data = try params.hash("subscription_data") else { return CheckoutSubscriptionData() }
        guard mode == "subscription" else {
            throw .invalid("subscription_data", "`subscription_data` can only be used in `subscription` mode.")
        }
        try data.requireOnly([
            "trial_period_days", "trial_end", "metadata", "description", "proration_behavior", "trial_settings",
            "billing_cycle_anchor", "default_tax_rates",
        ])
        var result = CheckoutSubscriptionData()
        if let days = try data.int("trial_period_days") {
            guard days >= 1, days <= 730 else {
                throw .invalid(
                    data.name("trial_period_days"),
                    "This value must be greater than or equal to 1 and less than or equal to 730."
                )
            }
            result.trialDays = days
        }
        if let end = try data.int("trial_end") {
            guard result.trialDays == nil else {
                throw .invalid(
                    data.name("trial_end"),
                    "You may only specify one of these parameters: trial_end, trial_period_days."
                )
            }
            guard end >= realtimeNow + 2 * 86_400 else {
                throw .invalid(data.name("trial_end"), "`trial_end` must be at least 48 hours in the future.")
            }
            result.trialEnd = end
        }
        _ = try data.oneOf("proration_behavior", ["create_prorations", "none"])
        result.metadata = try data.metadata(merging: nil)
        result.description = try data.nonEmptyString("description")
        result.missingPaymentMethod = try Self.missingPaymentMethodBehavior(data)
        return result
    }

    static func checkoutLineItem(_ line: CheckoutLine) -> JSONObject {
        let productName = line.price.string("nickname") ?? ""
        return [
            "id": .string(newID("li")), "object": "item", "amount_discount": .int(0),
            "amount_subtotal": .int(line.amount), "amount_tax": .int(0), "amount_total": .int(line.amount),
            "currency": line.price["currency"] ?? "usd", "description": .string(productName),
            "price": .object(line.price), "quantity": .int(line.quantity),
        ]
    }
}
