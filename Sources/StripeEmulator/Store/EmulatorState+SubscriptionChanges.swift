import StripeAPI

extension EmulatorState {
    static let feedbackValues = [
        "customer_service", "low_quality", "missing_features", "other", "switched_service", "too_complex",
        "too_expensive", "unused",
    ]

    static func periodOf(_ subscription: JSONObject) -> (start: Int, end: Int) {
        let first = subscription["items"]?["data"]?.arrayValue?.first
        return (first?["current_period_start"]?.intValue ?? 0, first?["current_period_end"]?.intValue ?? 0)
    }

    static func setPeriod(_ subscription: inout JSONObject, _ period: (start: Int, end: Int)) {
        guard var items = subscription.object("items"), let data = items["data"]?.arrayValue else { return }
        items["data"] = .array(
            data.map {
                $0.setting("current_period_start", .int(period.start)).setting("current_period_end", .int(period.end))
            }
        )
        subscription["items"] = .object(items)
    }

    static func interval(of subscription: JSONObject) -> (interval: String, count: Int) {
        let recurring = subscription["items"]?["data"]?.arrayValue?.first?["price"]?["recurring"]
        return (recurring?["interval"]?.stringValue ?? "month", recurring?["interval_count"]?.intValue ?? 1)
    }

    func cancellationDetails(_ params: Params, reason: String?) throws(StripeAPIError) -> JSONValue? {
        guard let details = try params.hash("cancellation_details") else { return nil }
        try details.requireOnly(["comment", "feedback", "feedback_option"])
        let feedback = try details.string("feedback")
        if let feedback, !feedback.isEmpty, !Self.feedbackValues.contains(feedback) {
            throw .invalid("cancellation_details[feedback]", "Invalid cancellation_details[feedback]: \(feedback)")
        }
        let comment = try details.string("comment")
        return [
            "comment": .text(comment.flatMap { $0.isEmpty ? nil : $0 }),
            "feedback": .text(feedback.flatMap { $0.isEmpty ? nil : $0 }),
            "reason": .text(reason),
        ]
    }

    mutating func updateSubscription(_ id: String, _ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly(Self.subscriptionUpdateKeys)
        let old = try subscription(id)
        let customerID = old.string("customer")!
        let now = now(forCustomer: customerID)
        let status = old.string("status") ?? ""
        if status == "canceled" || status == "incomplete_expired" {
            let allowed: Set<String> = ["metadata", "cancellation_details"]
            if let key = params.values.keys.sorted().first(where: { !allowed.contains($0) && $0 != "expand" }) {
                throw .state(
                    "A canceled subscription can only update its cancellation_details and metadata.",
                    code: "invalid_canceled_subscription_fields",
                    param: key
                )
            }
        }
        var subscription = old
        let proration =
            try params.oneOf("proration_behavior", ["create_prorations", "none", "always_invoice"])
            ?? "create_prorations"
        let requests = try params.hashArray("items").map { items throws(StripeAPIError) in
            try itemRequests(items, creating: false)
        }
        let defaultMethod: String?? =
            params.isEmptyString("default_payment_method")
            ? .some(nil) : try validatedDefaultMethod(params, customer: customerID).map { .some($0) }
        let coupons = try validatedCoupons(params, customer: customerID)
        var pause: JSONValue?
        if params.isEmptyString("pause_collection") {
            pause = .null
        } else if let hash = try params.hash("pause_collection") {
            try hash.requireOnly(["behavior", "resumes_at"])
            guard let behavior = try hash.oneOf("behavior", ["keep_as_draft", "mark_uncollectible", "void"]) else {
                throw .missing("pause_collection[behavior]")
            }
            pause = ["behavior": .string(behavior), "resumes_at": .int(try hash.int("resumes_at"))]
        }
        var trialEnd: Int??
        if let text = try params.string("trial_end") {
            if text == "now" {
                trialEnd = .some(nil)
            } else {
                guard let value = Int(text) else { throw .invalidInteger("trial_end", text) }
                guard value > now else { throw .invalid("trial_end", "Invalid timestamp: must be in the future.") }
                trialEnd = .some(value)
            }
        }
        var cancelAt: Int??
        if params.isEmptyString("cancel_at") {
            cancelAt = .some(nil)
        } else if let text = try params.string("cancel_at") {
            switch text {
            case "min_period_end", "max_period_end", "max_billed_until": cancelAt = .some(Self.periodOf(old).end)
            default:
                guard let value = Int(text) else { throw .invalidInteger("cancel_at", text) }
                guard value > now else { throw .invalid("cancel_at", "Invalid timestamp: must be in the future.") }
                cancelAt = .some(value)
            }
        }
        let cancelAtPeriodEnd = try params.bool("cancel_at_period_end")
        let details = try cancellationDetails(params, reason: nil)
        let collection = try params.oneOf("collection_method", ["charge_automatically", "send_invoice"])
        let metadata = try params.metadata(merging: old["metadata"])
        let description = try params.string("description")

        // Items: resolve every change against the current list before writing.
        var items = old["items"]?["data"]?.arrayValue ?? []
        var prorationLines: [JSONObject] = []
        var intervalChanged = false
        if let requests {
            let period = Self.periodOf(old)
            let remaining = max(0, period.end - now)
            let length = max(1, period.end - period.start)
            let fraction = Double(remaining) / Double(length)
            for (index, request) in requests.enumerated() {
                if let itemID = request.id {
                    guard let position = items.firstIndex(where: { $0["id"]?.stringValue == itemID }) else {
                        throw .noSuch("subscription_item", itemID, param: "items[\(index)][id]")
                    }
                    let current = items[position]
                    if request.deleted {
                        items.remove(at: position)
                        continue
                    }
                    let oldPrice = current["price"]!.objectValue!
                    let newPrice = request.price ?? oldPrice
                    let oldQuantity = current["quantity"]?.intValue ?? 1
                    let newQuantity = request.quantity ?? oldQuantity
                    if oldPrice["recurring"]?["interval"] != newPrice["recurring"]?["interval"]
                        || oldPrice["recurring"]?["interval_count"] != newPrice["recurring"]?["interval_count"]
                    {
                        intervalChanged = true
                    }
                    let oldAmount = (oldPrice.int("unit_amount") ?? 0) * oldQuantity
                    let newAmount = (newPrice.int("unit_amount") ?? 0) * newQuantity
                    if oldAmount != newAmount, proration != "none", status != "trialing", remaining > 0 {
                        prorationLines += prorations(
                            subscription: id,
                            item: itemID,
                            old: (oldPrice, oldQuantity),
                            new: (newPrice, newQuantity),
                            fraction: fraction,
                            period: (now, period.end)
                        )
                    }
                    var updated = current.setting("price", .object(newPrice)).setting("quantity", .int(newQuantity))
                    updated = updated.setting("plan", Self.plan(from: newPrice))
                    if let metadata = request.metadata { updated = updated.setting("metadata", metadata) }
                    items[position] = updated
                } else {
                    guard let price = request.price else { throw .missing("items[\(index)][price]") }
                    let period = Self.periodOf(old)
                    items.append(
                        Self.item(
                            id: Self.newID("si"),
                            subscription: id,
                            price: price,
                            quantity: request.quantity ?? 1,
                            created: now,
                            period: period,
                            metadata: request.metadata
                        )
                    )
                }
            }
            guard !items.isEmpty else {
                throw .state("A subscription must have at least one active plan.", param: "items")
            }
            var list = old.object("items")!
            list["data"] = .array(items)
            list["total_count"] = .int(items.count)
            subscription["items"] = .object(list)
        }

        // Plain fields.
        if let metadata { subscription["metadata"] = metadata }
        if let description { subscription["description"] = .text(description.isEmpty ? nil : description) }
        if let defaultMethod { subscription["default_payment_method"] = .text(defaultMethod) }
        if let pause { subscription["pause_collection"] = pause }
        if let coupons {
            subscription["discounts"] = .array(makeDiscounts(coupons, customer: customerID, subscription: id, at: now))
        }
        if let collection { subscription["collection_method"] = .string(collection) }

        // Cancellation scheduling.
        let scheduleChanged = cancelAtPeriodEnd != nil || cancelAt != nil
        if let cancelAtPeriodEnd {
            subscription["cancel_at_period_end"] = .bool(cancelAtPeriodEnd)
            subscription["cancel_at"] = .int(cancelAtPeriodEnd ? Self.periodOf(subscription).end : nil)
        }
        if let cancelAt {
            subscription["cancel_at"] = .int(cancelAt)
            if cancelAt == nil { subscription["cancel_at_period_end"] = false }
        }
        if scheduleChanged {
            if subscription["cancel_at"]?.isNull == false {
                subscription["canceled_at"] = .int(now)
                var merged = details?.objectValue ?? old.object("cancellation_details") ?? [:]
                merged["reason"] = "cancellation_requested"
                subscription["cancellation_details"] = .object(merged)
            } else {
                subscription["canceled_at"] = .null
                subscription["cancellation_details"] = ["comment": .null, "feedback": .null, "reason": .null]
            }
        } else if let details, var current = details.objectValue {
            current["reason"] = old["cancellation_details"]?["reason"] ?? .null
            subscription["cancellation_details"] = .object(current)
        }

        // Trial changes.
        var invoiceNow = false
        var endedTrialNow = false
        if let trialEnd {
            if let trialEnd {
                subscription["trial_end"] = .int(trialEnd)
                if status == "trialing" { Self.setPeriod(&subscription, (Self.periodOf(subscription).start, trialEnd)) }
            } else if status == "trialing" {
                subscription["trial_end"] = .int(now)
                subscription["status"] = "active"
                invoiceNow = true
                endedTrialNow = true
            }
        }
        if intervalChanged { invoiceNow = true }
        if invoiceNow {
            let (interval, count) = Self.interval(of: subscription)
            let end = BillingPeriod.add(1, of: interval, count: count, to: now)
            Self.setPeriod(&subscription, (now, end))
            subscription["billing_cycle_anchor"] = .int(now)
            if subscription["cancel_at_period_end"] == true { subscription["cancel_at"] = .int(end) }
        }

        guard subscription != old || invoiceNow || !prorationLines.isEmpty else { return old }
        objects[id] = subscription
        if invoiceNow || proration == "always_invoice" && !prorationLines.isEmpty {
            let lines =
                invoiceNow
                ? prorationLines + subscriptionLines(subscription, period: Self.periodOf(subscription))
                : prorationLines
            let (_, paid) = invoiceSubscription(
                id,
                reason: "subscription_update",
                period: (now, now),
                lines: lines,
                collection: subscription["pause_collection"]?.isNull == false ? .keepAsDraft : .charge
            )
            if !paid, subscription["pause_collection"]?.isNull != false {
                var updated = objects[id]!
                updated["status"] = "past_due"
                objects[id] = updated
            }
        } else if !prorationLines.isEmpty {
            for line in prorationLines {
                pendingItems[customerID, default: []].append(line)
                emit("invoiceitem.created", Self.invoiceItem(from: line, customer: customerID, at: now))
            }
        }
        let final = objects[id]!
        emit("customer.subscription.updated", final, previous: old)
        if endedTrialNow {
            // Stripe also sends the trial notice when a trial is ended immediately with `trial_end=now`.
            trialWillEndSent.insert(Self.trialKey(id, now))
            emit("customer.subscription.trial_will_end", final)
        }
        return final
    }

    func prorations(
        subscription: String,
        item: String,
        old: (price: JSONObject, quantity: Int),
        new: (price: JSONObject, quantity: Int),
        fraction: Double,
        period: (start: Int, end: Int)
    ) -> [JSONObject] {
        func name(_ price: JSONObject) -> String {
            objects[price.string("product") ?? ""]?.string("name") ?? "Subscription"
        }
        let since = BillingPeriod.display(period.start)
        let credit = -Int((Double((old.price.int("unit_amount") ?? 0) * old.quantity) * fraction).rounded())
        let debit = Int((Double((new.price.int("unit_amount") ?? 0) * new.quantity) * fraction).rounded())
        let currency = new.price.string("currency") ?? "usd"
        return [
            Self.line(
                amount: credit,
                currency: currency,
                description: "Unused time on \(old.quantity) × \(name(old.price)) after \(since)",
                period: period,
                price: old.price,
                quantity: old.quantity,
                subscription: subscription,
                item: item,
                proration: true
            ),
            Self.line(
                amount: debit,
                currency: currency,
                description: "Remaining time on \(new.quantity) × \(name(new.price)) after \(since)",
                period: period,
                price: new.price,
                quantity: new.quantity,
                subscription: subscription,
                item: item,
                proration: true
            ),
        ]
    }

    static func invoiceItem(from line: JSONObject, customer: String, at now: Int) -> JSONObject {
        [
            "id": .string(newID("ii")), "object": "invoiceitem", "amount": line["amount"] ?? .int(0),
            "currency": line["currency"] ?? "usd", "customer": .string(customer), "date": .int(now),
            "description": line["description"] ?? .null, "discountable": false, "discounts": [], "invoice": .null,
            "livemode": false, "metadata": [:], "period": line["period"] ?? .null,
            "pricing": line["pricing"] ?? .null, "proration": true, "quantity": line["quantity"] ?? .int(1),
            "test_clock": .null,
        ]
    }

    mutating func cancelSubscription(_ id: String, _ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly(["invoice_now", "prorate", "cancellation_details"])
        let old = try subscription(id)
        guard old.string("status") != "canceled" else {
            throw .state("This subscription has already been canceled.", param: "id")
        }
        _ = try params.bool("invoice_now")
        _ = try params.bool("prorate")
        let details = try cancellationDetails(params, reason: "cancellation_requested")
        let now = now(forCustomer: old.string("customer"))
        return endSubscription(id, at: now, reason: "cancellation_requested", details: details)
    }

    /// Ends a subscription now: `canceled`, `ended_at`, and `customer.subscription.deleted`.
    @discardableResult
    mutating func endSubscription(
        _ id: String,
        at now: Int,
        reason: String,
        details: JSONValue? = nil
    ) -> JSONObject {
        let old = objects[id]!
        var subscription = old
        subscription["status"] = "canceled"
        subscription["ended_at"] = .int(now)
        if subscription["canceled_at"]?.isNull != false { subscription["canceled_at"] = .int(now) }
        var merged = details?.objectValue ?? old.object("cancellation_details") ?? [:]
        merged["reason"] = .string(reason)
        subscription["cancellation_details"] = .object(merged)
        objects[id] = subscription
        emit("customer.subscription.deleted", subscription, previous: old)
        return subscription
    }

    mutating func pauseSubscription(_ id: String, _ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly(["type", "invoicing_behavior", "bill_for"])
        let old = try subscription(id)
        guard ["active", "trialing", "past_due"].contains(old.string("status") ?? "") else {
            throw .state("Only active subscriptions can be paused.", code: "status_transition_invalid")
        }
        let now = now(forCustomer: old.string("customer"))
        var subscription = old
        subscription["status"] = "paused"
        subscription["status_details"] = [
            "paused": [
                "subscription": ["type": "pause_requested"], "transitioned_at": .int(now), "type": "subscription",
            ]
        ]
        objects[id] = subscription
        emit("customer.subscription.paused", subscription)
        emit("customer.subscription.updated", subscription, previous: old)
        return subscription
    }

    mutating func resumeSubscription(_ id: String, _ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly(["billing_cycle_anchor", "proration_behavior", "proration_date", "payment_behavior"])
        let old = try subscription(id)
        guard old.string("status") == "paused" else {
            throw .state("Subscription is not paused and cannot be resumed.", code: "status_transition_invalid")
        }
        let now = now(forCustomer: old.string("customer"))
        var subscription = old
        subscription["status"] = "active"
        subscription["status_details"] = .null
        let (interval, count) = Self.interval(of: subscription)
        Self.setPeriod(&subscription, (now, BillingPeriod.add(1, of: interval, count: count, to: now)))
        subscription["billing_cycle_anchor"] = .int(now)
        objects[id] = subscription
        let (_, paid) = invoiceSubscription(
            id,
            reason: "subscription_cycle",
            period: (now, now),
            lines: subscriptionLines(subscription, period: Self.periodOf(subscription))
        )
        if !paid {
            var unpaid = objects[id]!
            unpaid["status"] = "past_due"
            objects[id] = unpaid
        }
        let final = objects[id]!
        emit("customer.subscription.resumed", final)
        emit("customer.subscription.updated", final, previous: old)
        return final
    }
}
