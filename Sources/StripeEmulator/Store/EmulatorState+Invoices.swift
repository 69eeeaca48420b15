import StripeAPI

extension EmulatorState {
    /// What happens to an invoice after it is drafted.
    enum Collection {
        case charge
        case leaveOpen
        case keepAsDraft
        case void
        case markUncollectible
    }

    /// One line per subscription item for the period.
    func subscriptionLines(_ subscription: JSONObject, period: (start: Int, end: Int)) -> [JSONObject] {
        let id = subscription.string("id")!
        let items = subscription["items"]?["data"]?.arrayValue ?? []
        return items.compactMap { item in
            guard let price = item["price"]?.objectValue, let itemID = item["id"]?.stringValue else { return nil }
            let quantity = item["quantity"]?.intValue ?? 1
            let unit = price.int("unit_amount") ?? 0
            let productName = objects[price.string("product") ?? ""]?.string("name") ?? "Subscription"
            let interval = price.object("recurring")?.string("interval") ?? "month"
            let description =
                "\(quantity) × \(productName) (at \(BillingPeriod.money(unit, currency: price.string("currency") ?? "usd")) / \(interval))"
            return Self.line(
                amount: unit * quantity,
                currency: price.string("currency") ?? "usd",
                description: description,
                period: period,
                price: price,
                quantity: quantity,
                subscription: id,
                item: itemID,
                proration: false
            )
        }
    }

    static func line(
        amount: Int,
        currency: String,
        description: String,
        period: (start: Int, end: Int),
        price: JSONObject,
        quantity: Int,
        subscription: String,
        item: String,
        proration: Bool
    ) -> JSONObject {
        [
            "id": .string(newID("il")), "object": "line_item", "amount": .int(amount), "currency": .string(currency),
            "description": .string(description), "discount_amounts": [], "discountable": .bool(!proration),
            "discounts": [], "invoice": .null, "livemode": false, "metadata": [:],
            "parent": [
                "invoice_item_details": .null,
                "subscription_item_details": [
                    "invoice_item": .null, "proration": .bool(proration),
                    "proration_details": ["credited_items": .null], "subscription": .string(subscription),
                    "subscription_item": .string(item),
                ],
                "type": "subscription_item_details",
            ],
            "period": ["end": .int(period.end), "start": .int(period.start)], "pretax_credit_amounts": [],
            "pricing": [
                "price_details": ["price": price["id"] ?? .null, "product": price["product"] ?? .null],
                "type": "price_details", "unit_amount_decimal": price["unit_amount_decimal"] ?? .null,
            ],
            "quantity": .int(quantity), "subscription": .string(subscription), "taxes": [],
        ]
    }

    /// Drafts, finalizes and (per `collection`) charges an invoice for a subscription, emitting Stripe's
    /// `invoice.*` events. Pending proration items and the subscription's discounts are included. Updates the
    /// subscription's `latest_invoice` without emitting; callers emit the subscription change.
    @discardableResult
    mutating func invoiceSubscription(
        _ subscriptionID: String,
        invoiceID: String = EmulatorState.newID("in"),
        reason: String,
        period: (start: Int, end: Int),
        lines baseLines: [JSONObject],
        collection: Collection = .charge
    ) -> (invoice: JSONObject, paid: Bool) {
        var subscription = objects[subscriptionID]!
        let customerID = subscription.string("customer")!
        let customer = objects[customerID] ?? [:]
        let now = now(forCustomer: customerID)
        var lines = baseLines
        for item in pendingItems.removeValue(forKey: customerID) ?? [] { lines.append(item) }
        for index in lines.indices { lines[index]["invoice"] = .string(invoiceID) }
        let subtotal = lines.reduce(0) { $0 + ($1.int("amount") ?? 0) }
        let discountIDs = subscription["discounts"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let discounts = discountIDs.compactMap { objects[$0] }.filter { discount in
            guard let end = discount.int("end") else { return true }
            return end > now
        }
        let coupons = discounts.compactMap { $0.object("coupon") }
        let discountable = lines.filter { $0.bool("discountable") == true }.reduce(0) { $0 + ($1.int("amount") ?? 0) }
        let amounts = Self.discountAmounts(subtotal: max(0, discountable), coupons: coupons)
        let totalDiscount = amounts.reduce(0, +)
        let total = subtotal - totalDiscount
        let amountDue = max(0, total)
        let currency = subscription.string("currency") ?? "usd"
        let sequence = customer.int("next_invoice_sequence") ?? 1
        let number =
            "\(customer.string("invoice_prefix") ?? "EMU00000")-\(String(repeating: "0", count: max(0, 4 - String(sequence).count)))\(sequence)"
        let method =
            subscription.string("default_payment_method")
            ?? customer.object("invoice_settings")?.string("default_payment_method")

        var invoice: JSONObject = [
            "id": .string(invoiceID), "object": "invoice", "account_country": "US", "account_name": "Stripe Emulator",
            "account_tax_ids": .null, "amount_due": .int(amountDue), "amount_overpaid": .int(0),
            "amount_paid": .int(0), "amount_remaining": .int(amountDue), "amount_shipping": .int(0),
            "application": .null, "attempt_count": .int(0), "attempted": false, "auto_advance": true,
            "automatic_tax": [
                "disabled_reason": .null, "enabled": false, "liability": .null, "provider": .null, "status": .null,
            ],
            "automatically_finalizes_at": .null, "billing_reason": .string(reason),
            "collection_method": subscription["collection_method"] ?? "charge_automatically",
            "confirmation_secret": .null, "created": .int(now), "currency": .string(currency),
            "custom_fields": .null, "customer": .string(customerID), "customer_account": .null,
            "customer_address": customer["address"] ?? .null, "customer_email": customer["email"] ?? .null,
            "customer_name": customer["name"] ?? .null, "customer_phone": customer["phone"] ?? .null,
            "customer_shipping": customer["shipping"] ?? .null, "customer_tax_exempt": customer["tax_exempt"] ?? "none",
            "customer_tax_ids": [], "default_payment_method": .null, "default_source": .null,
            "default_tax_rates": [], "description": .null,
            "discounts": .array(discounts.compactMap { $0["id"] }), "due_date": .null, "effective_at": .null,
            "ending_balance": .null, "footer": .null, "from_invoice": .null, "hosted_invoice_url": .null,
            "invoice_pdf": .null, "issuer": ["type": "self"], "last_finalization_error": .null,
            "latest_revision": .null,
            "lines": [
                "object": "list", "data": .array(lines.map(JSONValue.object)), "has_more": false,
                "total_count": .int(lines.count), "url": .string("/v1/invoices/\(invoiceID)/lines"),
            ],
            "livemode": false, "metadata": [:], "next_payment_attempt": .null, "number": .null,
            "on_behalf_of": .null,
            "parent": [
                "quote_details": .null,
                "subscription_details": [
                    "metadata": subscription["metadata"] ?? [:], "subscription": .string(subscriptionID),
                    "subscription_proration_date": .null,
                ],
                "type": "subscription_details",
            ],
            "payment_settings": [
                "default_mandate": .null, "payment_method_options": .null, "payment_method_types": .null,
            ],
            "period_end": .int(period.end), "period_start": .int(period.start),
            "post_payment_credit_notes_amount": .int(0), "pre_payment_credit_notes_amount": .int(0),
            "receipt_number": .null, "rendering": .null, "shipping_cost": .null, "shipping_details": .null,
            "starting_balance": .int(0), "statement_descriptor": .null, "status": "draft",
            "status_transitions": [
                "finalized_at": .null, "marked_uncollectible_at": .null, "paid_at": .null, "voided_at": .null,
            ],
            "subtotal": .int(subtotal), "subtotal_excluding_tax": .int(subtotal),
            "test_clock": customer["test_clock"] ?? .null,
            "total": .int(total),
            "total_discount_amounts": .array(
                zip(discounts, amounts).map { ["amount": .int($1), "discount": $0["id"] ?? .null] }
            ),
            "total_excluding_tax": .int(total), "total_pretax_credit_amounts": [], "total_taxes": [],
            "webhooks_delivered_at": .null,
        ]
        insert(invoice, kind: "invoice")
        subscription["latest_invoice"] = .string(invoiceID)
        // A `once` coupon is spent by the first invoice it discounts.
        let spent = Set(
            discounts.filter { $0.object("coupon")?.string("duration") == "once" }.compactMap { $0.string("id") }
        )
        if !spent.isEmpty, totalDiscount > 0 {
            subscription["discounts"] = .array(discountIDs.filter { !spent.contains($0) }.map(JSONValue.string))
        }
        objects[subscriptionID] = subscription
        emit("invoice.created", invoice)
        if case .keepAsDraft = collection { return (invoice, false) }

        var customerUpdate = customer
        customerUpdate["next_invoice_sequence"] = .int(sequence + 1)
        objects[customerID] = customerUpdate
        let old = invoice
        invoice["status"] = "open"
        invoice["number"] = .string(number)
        invoice["effective_at"] = .int(now)
        invoice["ending_balance"] = .int(0)
        invoice["hosted_invoice_url"] = .string("\(publicBaseURL)/_emulator/invoices/\(invoiceID)")
        invoice["invoice_pdf"] = .string("\(publicBaseURL)/_emulator/invoices/\(invoiceID)/pdf")
        invoice["status_transitions"] = invoice["status_transitions"]!.setting("finalized_at", .int(now))
        objects[invoiceID] = invoice
        emit("invoice.finalized", invoice, previous: old)

        switch collection {
        case .void:
            return (transitionInvoice(invoiceID, to: "void", event: "invoice.voided", at: now), false)
        case .markUncollectible:
            return (
                transitionInvoice(invoiceID, to: "uncollectible", event: "invoice.marked_uncollectible", at: now),
                false
            )
        case .leaveOpen, .keepAsDraft:
            return (invoice, false)
        case .charge:
            return attemptPayment(invoiceID, paymentMethod: method)
        }
    }

    mutating func transitionInvoice(_ id: String, to status: String, event: String, at now: Int) -> JSONObject {
        let old = objects[id]!
        var invoice = old
        invoice["status"] = .string(status)
        let key = status == "void" ? "voided_at" : "marked_uncollectible_at"
        invoice["status_transitions"] = invoice["status_transitions"]!.setting(key, .int(now))
        if status == "void" { invoice["amount_remaining"] = .int(0) }
        objects[id] = invoice
        emit(event, invoice, previous: old)
        return invoice
    }

    /// Charges an open invoice; emits `invoice.paid` + `invoice.payment_succeeded` or `invoice.payment_failed`.
    mutating func attemptPayment(_ id: String, paymentMethod: String?) -> (invoice: JSONObject, paid: Bool) {
        let old = objects[id]!
        var invoice = old
        let now = now(forCustomer: invoice.string("customer"))
        let amount = invoice.int("amount_due") ?? 0
        let failure = amount > 0 ? charge(paymentMethod: paymentMethod) : nil
        if amount > 0 {
            invoice["attempt_count"] = .int((invoice.int("attempt_count") ?? 0) + 1)
            invoice["attempted"] = true
        }
        if failure == nil {
            invoice["status"] = "paid"
            invoice["amount_paid"] = .int(amount)
            invoice["amount_remaining"] = .int(0)
            invoice["attempted"] = true
            invoice["next_payment_attempt"] = .null
            invoice["status_transitions"] = invoice["status_transitions"]!.setting("paid_at", .int(now))
            objects[id] = invoice
            emit("invoice.paid", invoice, previous: old)
            emit("invoice.payment_succeeded", invoice)
            return (invoice, true)
        }
        invoice["next_payment_attempt"] = .null
        invoice["last_finalization_error"] = .null
        objects[id] = invoice
        emit("invoice.payment_failed", invoice, previous: old)
        return (invoice, false)
    }

    func invoice(_ id: String) throws(StripeAPIError) -> JSONObject {
        try require(id, kind: "invoice", name: "invoice")
    }

    func listInvoices(_ params: Params) throws(StripeAPIError) -> JSONValue {
        try params.requireOnly(
            Self.listKeys.union(["customer", "subscription", "status", "collection_method", "due_date", "test_clock"])
        )
        let customer = try params.nonEmptyString("customer")
        let subscription = try params.nonEmptyString("subscription")
        let status = try params.oneOf("status", ["draft", "open", "paid", "uncollectible", "void"])
        let clock = try params.nonEmptyString("test_clock")
        return try list(kind: "invoice", name: "invoice", url: "/v1/invoices", params: params) { invoice in
            if let customer, invoice.string("customer") != customer { return false }
            if let subscription,
                invoice["parent"]?["subscription_details"]?["subscription"]?.stringValue != subscription
            {
                return false
            }
            if customer == nil, subscription == nil, invoice.string("test_clock") != clock { return false }
            if let status, invoice.string("status") != status { return false }
            return true
        }
    }

    /// `POST /v1/invoices/{id}/pay`: charges an open invoice now; a paid invoice brings its subscription back to
    /// `active`.
    mutating func payInvoice(_ id: String, _ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly(["payment_method", "paid_out_of_band", "off_session", "forgive", "source", "mandate"])
        let invoice = try invoice(id)
        guard invoice.string("status") == "open" else {
            throw .state("Invoice is already \(invoice.string("status") ?? "closed").", code: "invoice_not_open")
        }
        let customerID = invoice.string("customer")!
        let subscriptionID = invoice["parent"]?["subscription_details"]?["subscription"]?.stringValue
        var method = try params.nonEmptyString("payment_method")
        if let explicit = method { try validateAttachable(explicit, param: "payment_method", customer: customerID) }
        if method == nil {
            method =
                subscriptionID.flatMap { objects[$0]?.string("default_payment_method") }
                ?? objects[customerID]?.object("invoice_settings")?.string("default_payment_method")
        }
        let outOfBand = try params.bool("paid_out_of_band") ?? false
        if !outOfBand, let failure = charge(paymentMethod: method), method == nil { throw failure }
        if let explicit = method, objects[explicit]?.string("customer") != customerID {
            method = attachPaymentMethod(explicit, customer: customerID)
        }
        let (result, paid): (JSONObject, Bool)
        if outOfBand {
            var updated = invoice
            updated["status"] = "paid"
            updated["amount_remaining"] = .int(0)
            updated["status_transitions"] = updated["status_transitions"]!.setting(
                "paid_at",
                .int(now(forCustomer: customerID))
            )
            objects[id] = updated
            emit("invoice.paid", updated, previous: invoice)
            (result, paid) = (updated, true)
        } else {
            (result, paid) = attemptPayment(id, paymentMethod: method)
        }
        if paid, let subscriptionID, let subscription = objects[subscriptionID],
            ["past_due", "incomplete", "unpaid"].contains(subscription.string("status") ?? "")
        {
            var updated = subscription
            updated["status"] = "active"
            objects[subscriptionID] = updated
            emit("customer.subscription.updated", updated, previous: subscription)
        }
        if !paid, let failure = charge(paymentMethod: method) { throw failure }
        return result
    }

    mutating func voidInvoice(_ id: String) throws(StripeAPIError) -> JSONObject {
        let invoice = try invoice(id)
        guard invoice.string("status") == "open" || invoice.string("status") == "uncollectible" else {
            throw .state("You can only void an open or uncollectible invoice.")
        }
        return transitionInvoice(
            id,
            to: "void",
            event: "invoice.voided",
            at: now(forCustomer: invoice.string("customer"))
        )
    }
}
