import StripeAPI

extension EmulatorState {
    static let subscriptionCreateKeys: Set<String> = [
        "customer", "items", "default_payment_method", "trial_period_days", "trial_end", "trial_from_plan",
        "discounts", "metadata", "cancel_at_period_end", "cancel_at", "payment_behavior", "collection_method",
        "days_until_due", "description", "off_session", "proration_behavior", "payment_settings", "automatic_tax",
        "billing_mode", "currency", "trial_settings", "billing_cycle_anchor", "add_invoice_items",
    ]
    static let subscriptionUpdateKeys: Set<String> = [
        "items", "proration_behavior", "proration_date", "cancel_at_period_end", "cancel_at", "cancellation_details",
        "default_payment_method", "metadata", "description", "pause_collection", "trial_end", "trial_from_plan",
        "discounts", "payment_behavior", "collection_method", "days_until_due", "billing_cycle_anchor",
        "off_session", "payment_settings", "automatic_tax", "trial_settings", "default_source",
    ]

    /// A validated subscription item request.
    struct ItemRequest {
        var id: String?
        var price: JSONObject?
        var quantity: Int?
        var deleted: Bool
        var metadata: JSONValue?
    }

    func itemRequests(_ params: [Params], creating: Bool) throws(StripeAPIError) -> [ItemRequest] {
        var result: [ItemRequest] = []
        for item in params {
            try item.requireOnly(["id", "price", "quantity", "deleted", "metadata", "plan", "discounts", "tax_rates"])
            var priceID = try item.nonEmptyString("price")
            if priceID == nil { priceID = try item.nonEmptyString("plan") }
            if creating, priceID == nil { throw .missing(item.name("price")) }
            var price: JSONObject?
            if let priceID {
                let found = try require(priceID, kind: "price", name: "price", param: item.name("price"))
                guard found.string("type") == "recurring" else {
                    throw .invalid(
                        item.name("price"),
                        "The price specified is set to `type=one_time` but this field only accepts prices with "
                            + "`type=recurring`."
                    )
                }
                guard found.bool("active") == true else {
                    throw .invalid(item.name("price"), "The price specified is inactive.")
                }
                price = found
            }
            let quantity = try item.int("quantity")
            if let quantity, quantity < 0 { throw .invalid(item.name("quantity"), "Invalid quantity: must be >= 0") }
            result.append(
                ItemRequest(
                    id: try item.nonEmptyString("id"),
                    price: price,
                    quantity: quantity,
                    deleted: try item.bool("deleted") ?? false,
                    metadata: try item.metadata(merging: nil)
                )
            )
        }
        return result
    }

    static func plan(from price: JSONObject) -> JSONValue {
        let recurring = price.object("recurring") ?? [:]
        return [
            "id": price["id"]!, "object": "plan", "active": price["active"] ?? true,
            "amount": price["unit_amount"] ?? .null, "amount_decimal": price["unit_amount_decimal"] ?? .null,
            "billing_scheme": price["billing_scheme"] ?? "per_unit", "created": price["created"] ?? .null,
            "currency": price["currency"] ?? "usd", "interval": recurring["interval"] ?? "month",
            "interval_count": recurring["interval_count"] ?? .int(1), "livemode": false,
            "metadata": price["metadata"] ?? [:], "meter": .null, "nickname": price["nickname"] ?? .null,
            "product": price["product"] ?? .null, "tiers_mode": .null, "transform_usage": .null,
            "trial_period_days": recurring["trial_period_days"] ?? .null,
            "usage_type": recurring["usage_type"] ?? "licensed",
        ]
    }

    static func item(
        id: String,
        subscription: String,
        price: JSONObject,
        quantity: Int,
        created: Int,
        period: (start: Int, end: Int),
        metadata: JSONValue?
    ) -> JSONValue {
        [
            "id": .string(id), "object": "subscription_item", "billing_thresholds": .null, "created": .int(created),
            "current_period_end": .int(period.end), "current_period_start": .int(period.start), "discounts": [],
            "metadata": metadata ?? [:], "plan": plan(from: price), "price": .object(price),
            "quantity": .int(quantity), "subscription": .string(subscription), "tax_rates": [],
        ]
    }

    func validatedDefaultMethod(_ params: Params, customer: String) throws(StripeAPIError) -> String? {
        guard let method = try params.nonEmptyString("default_payment_method") else { return nil }
        let found = try require(method, kind: "payment_method", name: "PaymentMethod", param: "default_payment_method")
        guard found.string("customer") == customer else {
            throw .state(
                "The customer does not have a payment method with the ID \(method). The payment method must be "
                    + "attached to the customer.",
                code: "resource_missing",
                param: "default_payment_method"
            )
        }
        return method
    }

    /// `discounts[N][coupon]` or `discounts[N][promotion_code]`, validated, as the coupons to apply.
    func validatedCoupons(_ params: Params, customer: String? = nil) throws(StripeAPIError) -> [DiscountRequest]? {
        guard let discounts = try params.hashArray("discounts") else { return nil }
        var requests: [DiscountRequest] = []
        for discount in discounts {
            try discount.requireOnly(["coupon", "discount", "promotion_code"])
            if let promotionCode = try discount.nonEmptyString("promotion_code") {
                guard !discount.has("coupon") else {
                    throw .invalid(
                        discount.name("promotion_code"),
                        "You may only specify one of these parameters: coupon, promotion_code."
                    )
                }
                requests.append(
                    try discountRequest(
                        promotionCode: promotionCode,
                        param: discount.name("promotion_code"),
                        customer: customer
                    )
                )
                continue
            }
            guard let coupon = try discount.nonEmptyString("coupon") else { throw .missing(discount.name("coupon")) }
            let found = try require(coupon, kind: "coupon", name: "coupon", param: discount.name("coupon"))
            guard found.bool("valid") == true else {
                throw .invalid(discount.name("coupon"), "Coupon expired: \(coupon)")
            }
            requests.append(DiscountRequest(coupon: found))
        }
        return requests
    }

    mutating func makeDiscounts(
        _ requests: [DiscountRequest],
        customer: String,
        subscription: String,
        at now: Int,
        checkoutSession: String? = nil
    ) -> [JSONValue] {
        requests.map { request in
            let coupon = request.coupon
            var end: Int?
            if coupon.string("duration") == "repeating", let months = coupon.int("duration_in_months") {
                end = BillingPeriod.add(months, of: "month", count: 1, to: now)
            }
            let discount: JSONObject = [
                "id": .string(Self.newID("di")), "object": "discount", "checkout_session": .text(checkoutSession),
                "coupon": .object(coupon), "customer": .string(customer), "end": .int(end), "invoice": .null,
                "invoice_item": .null, "promotion_code": .text(request.promotionCode),
                "source": ["coupon": coupon["id"]!, "type": "coupon"], "start": .int(now),
                "subscription": .string(subscription), "subscription_item": .null,
            ]
            insert(discount, kind: "discount")
            var redeemed = coupon
            redeemed["times_redeemed"] = .int((coupon.int("times_redeemed") ?? 0) + 1)
            objects[coupon.string("id")!] = redeemed
            if let promotionCode = request.promotionCode { redeemPromotionCode(promotionCode) }
            return discount["id"]!
        }
    }

    mutating func createSubscription(_ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly(Self.subscriptionCreateKeys)
        let customerID = try params.requiredString("customer")
        let customer = try liveCustomer(customerID, param: "customer")
        guard let itemParams = try params.hashArray("items"), !itemParams.isEmpty else { throw .missing("items") }
        let requests = try itemRequests(itemParams, creating: true)
        let currency = requests[0].price!.string("currency")!
        let recurring = requests[0].price!.object("recurring")!
        for (index, request) in requests.enumerated() {
            guard request.price!.string("currency") == currency else {
                throw .invalid("items[\(index)][price]", "All prices on a subscription must have the same currency.")
            }
            let other = request.price!.object("recurring")!
            guard other["interval"] == recurring["interval"], other["interval_count"] == recurring["interval_count"]
            else {
                throw .invalid(
                    "items[\(index)][price]",
                    "All prices on a subscription must have the same `recurring.interval` and "
                        + "`recurring.interval_count`."
                )
            }
        }
        let defaultMethod = try validatedDefaultMethod(params, customer: customerID)
        let coupons = try validatedCoupons(params, customer: customerID) ?? []
        let behavior =
            try params.oneOf(
                "payment_behavior",
                ["allow_incomplete", "default_incomplete", "error_if_incomplete", "pending_if_incomplete"]
            ) ?? "allow_incomplete"
        let collection =
            try params.oneOf("collection_method", ["charge_automatically", "send_invoice"]) ?? "charge_automatically"
        let now = now(forCustomer: customerID)
        var trialEnd: Int?
        if let text = try params.string("trial_end"), text != "now" {
            guard let value = Int(text) else { throw .invalidInteger("trial_end", text) }
            guard value > now else {
                throw .invalid("trial_end", "Invalid timestamp: must be an integer Unix timestamp in the future.")
            }
            trialEnd = value
        } else if let days = try params.int("trial_period_days") {
            guard days >= 0, days <= 730 else { throw .invalid("trial_period_days", "Invalid trial_period_days") }
            if days > 0 { trialEnd = now + days * 86_400 }
        } else if try params.bool("trial_from_plan") == true, let days = recurring.int("trial_period_days"), days > 0 {
            trialEnd = now + days * 86_400
        }
        let cancelAtPeriodEnd = try params.bool("cancel_at_period_end") ?? false
        let cancelAt = try params.int("cancel_at")
        if let cancelAt, cancelAt <= now {
            throw .invalid("cancel_at", "Invalid timestamp: must be an integer Unix timestamp in the future.")
        }
        let interval = recurring.string("interval")!
        let intervalCount = recurring.int("interval_count") ?? 1
        let periodEnd = trialEnd ?? BillingPeriod.add(1, of: interval, count: intervalCount, to: now)

        // Decide the first payment before writing anything, so a refused subscription leaves no trace.
        let paymentMethod = defaultMethod ?? customer.object("invoice_settings")?.string("default_payment_method")
        let extras = try oneTimeItems(params, currency: currency)
        let firstAmount = Self.amountDue(
            requests: trialEnd != nil ? [] : requests,
            extras: extras,
            coupons: coupons
        )
        var paymentFailure: StripeAPIError?
        if firstAmount > 0, collection == "charge_automatically", behavior != "default_incomplete" {
            paymentFailure = charge(paymentMethod: paymentMethod)
            if let failure = paymentFailure, paymentMethod == nil || behavior == "error_if_incomplete" {
                throw failure
            }
        }

        let id = Self.newID("sub")
        let invoiceID = Self.newID("in")
        let items: [JSONValue] = requests.map { request in
            Self.item(
                id: Self.newID("si"),
                subscription: id,
                price: request.price!,
                quantity: request.quantity ?? 1,
                created: now,
                period: (now, periodEnd),
                metadata: request.metadata
            )
        }
        var subscription: JSONObject = [
            "id": .string(id), "object": "subscription", "application": .null, "application_fee_percent": .null,
            "automatic_tax": ["disabled_reason": .null, "enabled": false, "liability": .null],
            "billing_cycle_anchor": .int(periodEnd == trialEnd ? periodEnd : now),
            "billing_cycle_anchor_config": .null,
            "billing_mode": [
                "flexible": ["proration_discounts": "included"], "type": "flexible", "updated_at": .int(now),
            ],
            "billing_thresholds": .null, "cancel_at": .null, "cancel_at_period_end": false, "canceled_at": .null,
            "cancellation_details": ["comment": .null, "feedback": .null, "reason": .null],
            "collection_method": .string(collection), "created": .int(now), "currency": .string(currency),
            "customer": .string(customerID), "customer_account": .null,
            "days_until_due": .int(try params.int("days_until_due") ?? (collection == "send_invoice" ? 30 : nil)),
            "default_payment_method": .text(defaultMethod), "default_source": .null, "default_tax_rates": [],
            "description": .text(try params.string("description")), "discounts": [], "ended_at": .null,
            "invoice_settings": ["account_tax_ids": .null, "issuer": ["type": "self"]],
            "items": [
                "object": "list", "data": .array(items), "has_more": false, "total_count": .int(items.count),
                "url": .string("/v1/subscription_items?subscription=\(id)"),
            ],
            "latest_invoice": .string(invoiceID), "livemode": false, "metadata": [:],
            "next_pending_invoice_item_invoice": .null,
            "on_behalf_of": .null, "pause_collection": .null,
            "payment_settings": [
                "payment_method_options": .null, "payment_method_types": .null, "save_default_payment_method": "off",
            ],
            "pending_invoice_item_interval": .null, "pending_setup_intent": .null, "pending_update": .null,
            "schedule": .null, "start_date": .int(now), "status": .string(trialEnd != nil ? "trialing" : "active"),
            "status_details": .null, "test_clock": customer["test_clock"] ?? .null, "transfer_data": .null,
            "trial_end": .int(trialEnd),
            "trial_settings": ["end_behavior": ["missing_payment_method": "create_invoice"]],
            "trial_start": .int(trialEnd != nil ? now : nil),
        ]
        if let metadata = try params.metadata(merging: nil) { subscription["metadata"] = metadata }
        if let behavior = try Self.missingPaymentMethodBehavior(params) {
            subscription["trial_settings"] = ["end_behavior": ["missing_payment_method": .string(behavior)]]
        }
        if cancelAtPeriodEnd || cancelAt != nil {
            subscription["cancel_at_period_end"] = .bool(cancelAtPeriodEnd)
            subscription["cancel_at"] = .int(cancelAtPeriodEnd ? periodEnd : cancelAt)
            subscription["canceled_at"] = .int(now)
            subscription["cancellation_details"] = [
                "comment": .null, "feedback": .null, "reason": "cancellation_requested",
            ]
        }
        if firstAmount > 0, behavior == "default_incomplete" || paymentFailure != nil {
            subscription["status"] = "incomplete"
        }
        subscription["discounts"] = .array(makeDiscounts(coupons, customer: customerID, subscription: id, at: now))
        insert(subscription, kind: "subscription")
        emit("customer.subscription.created", subscription)
        var lines = subscriptionLines(subscription, period: (now, periodEnd))
        if trialEnd != nil {
            // The first invoice of a trial is a zero-amount invoice, as on Stripe.
            lines = lines.map { line in
                var free = line
                free["amount"] = .int(0)
                free["description"] = .string("Trial period for \(line.string("description") ?? "subscription")")
                return free
            }
        }
        lines += extras.map { oneTimeLine($0, subscription: id, at: now) }
        _ = invoiceSubscription(
            id,
            invoiceID: invoiceID,
            reason: "subscription_create",
            period: (now, now),
            lines: lines,
            collection: behavior == "default_incomplete" ? .leaveOpen : .charge
        )
        return objects[id]!
    }

    /// `trial_settings[end_behavior][missing_payment_method]`, validated.
    static func missingPaymentMethodBehavior(_ params: Params) throws(StripeAPIError) -> String? {
        guard let settings = try params.hash("trial_settings") else { return nil }
        try settings.requireOnly(["end_behavior"])
        guard let end = try settings.hash("end_behavior") else { throw .missing(settings.name("end_behavior")) }
        try end.requireOnly(["missing_payment_method"])
        guard let behavior = try end.oneOf("missing_payment_method", ["cancel", "create_invoice", "pause"]) else {
            throw .missing(end.name("missing_payment_method"))
        }
        return behavior
    }

    /// What the first invoice charges: the items (none during a trial) and one-time items, less the discounts.
    static func amountDue(requests: [ItemRequest], extras: [OneTimeItem] = [], coupons: [DiscountRequest]) -> Int {
        let subtotal =
            requests.reduce(0) { $0 + ($1.price?.int("unit_amount") ?? 0) * ($1.quantity ?? 1) }
            + extras.reduce(0) { $0 + $1.amount }
        return max(0, subtotal - discountAmounts(subtotal: subtotal, coupons: coupons.map(\.coupon)).reduce(0, +))
    }

    static func discountAmounts(subtotal: Int, coupons: [JSONObject]) -> [Int] {
        var remaining = subtotal
        return coupons.map { coupon in
            var amount = 0
            if let percent = coupon["percent_off"], case .number(let value) = percent {
                amount = Int((Double(remaining) * value / 100).rounded())
            } else if let off = coupon.int("amount_off") {
                amount = min(off, remaining)
            }
            remaining -= amount
            return amount
        }
    }

    func subscription(_ id: String) throws(StripeAPIError) -> JSONObject {
        try require(id, kind: "subscription", name: "subscription")
    }

    func listSubscriptions(_ params: Params) throws(StripeAPIError) -> JSONValue {
        try params.requireOnly(
            Self.listKeys.union([
                "customer", "price", "plan", "status", "collection_method", "test_clock", "current_period_start",
                "current_period_end", "automatic_tax", "customer_account",
            ])
        )
        let customer = try params.nonEmptyString("customer")
        var price = try params.nonEmptyString("price")
        if price == nil { price = try params.nonEmptyString("plan") }
        let status = try params.oneOf(
            "status",
            [
                "active", "all", "canceled", "ended", "incomplete", "incomplete_expired", "past_due", "paused",
                "trialing", "unpaid",
            ]
        )
        let clock = try params.nonEmptyString("test_clock")
        return try list(kind: "subscription", name: "subscription", url: "/v1/subscriptions", params: params) { sub in
            if let customer, sub.string("customer") != customer { return false }
            if customer == nil, sub.string("test_clock") != clock { return false }
            let current = sub.string("status") ?? ""
            switch status {
            case nil: if current == "canceled" || current == "incomplete_expired" { return false }
            case "all": break
            case "ended": if current != "canceled" && current != "incomplete_expired" { return false }
            case let wanted?: if current != wanted { return false }
            }
            if let price {
                let prices = sub["items"]?["data"]?.arrayValue?.compactMap { $0["price"]?["id"]?.stringValue } ?? []
                if !prices.contains(price) { return false }
            }
            return true
        }
    }
}
