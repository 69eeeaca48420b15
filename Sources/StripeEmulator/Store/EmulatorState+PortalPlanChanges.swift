import StripeAPI

extension EmulatorState {
    /// What a plan change in the portal would do, shown before the customer confirms.
    struct PortalPlanPreview: Equatable {
        let price: JSONObject
        let quantity: Int
        /// Whether the change waits for the period end (a `schedule_at_period_end` condition matched).
        let scheduled: Bool
        /// Charged right away.
        let amountNow: Int
        /// Added to (or, when negative, credited on) the next invoice.
        let nextInvoiceAdjustment: Int
        /// When the new price takes effect.
        let effective: Int
        /// The configuration's `proration_behavior` as applied (`none` while trialing).
        var prorationBehavior = "none"
        /// The end of the current period, when the next regular invoice is due.
        var periodEnd = 0
        /// Whether the change starts a new billing period today (an interval change or a trial ending).
        var restartsPeriod = false
        /// The prorated value of the unused time on the old plan (credited when prorating).
        var unusedCredit = 0
        /// The prorated price of the new plan for the rest of the period (charged when prorating).
        var remainingCharge = 0
    }

    /// Validates a requested price/quantity against the configuration and computes the preview.
    func portalPlanPreview(
        _ link: PortalLink,
        subscription id: String,
        price priceID: String,
        quantity requested: Int?
    ) throws(PortalError) -> PortalPlanPreview {
        guard let feature = portalFeature(link, "subscription_update") else {
            throw .refused("Changing plans is not available here.")
        }
        let subscription = try portalSubscription(link, id)
        let status = subscription.string("status") ?? ""
        guard ["active", "trialing", "past_due"].contains(status), Self.isCancellable(subscription) else {
            throw .refused("This subscription cannot be changed.")
        }
        guard subscription["schedule"]?.isNull != false else {
            throw .refused("A plan change is already scheduled for this subscription.")
        }
        let items = subscription["items"]?["data"]?.arrayValue ?? []
        guard items.count == 1, let item = items.first?.objectValue, let oldPrice = item.object("price") else {
            throw .refused("Subscriptions with more than one item cannot be changed here.")
        }
        let products = feature["products"]?.arrayValue ?? []
        guard
            let entry = products.first(where: { product in
                product["prices"]?.arrayValue?.contains(.string(priceID)) == true
            }),
            let price = object(priceID, kind: "price"), price.bool("active") == true
        else { throw .refused("That plan is not available.") }
        let allowed = feature["default_allowed_updates"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let oldQuantity = item.int("quantity") ?? 1
        let quantity = requested ?? oldQuantity
        if priceID != oldPrice.string("id"), !allowed.contains("price") {
            throw .refused("Changing the plan is not allowed.")
        }
        if quantity != oldQuantity {
            let adjustable = entry["adjustable_quantity"]?.objectValue ?? [:]
            let minimum = adjustable.int("minimum") ?? 1
            let maximum = adjustable.int("maximum") ?? 99
            guard allowed.contains("quantity"), adjustable.bool("enabled") == true, quantity >= minimum,
                quantity <= maximum
            else { throw .refused("That quantity is not allowed.") }
        }
        guard priceID != oldPrice.string("id") || quantity != oldQuantity else {
            throw .refused("That is already your current plan.")
        }
        let now = now(forCustomer: link.customer)
        let period = Self.periodOf(subscription)
        let oldAmount = (oldPrice.int("unit_amount") ?? 0) * oldQuantity
        let newAmount = (price.int("unit_amount") ?? 0) * quantity
        let conditions = feature["schedule_at_period_end"]?["conditions"]?.arrayValue?.compactMap {
            $0["type"]?.stringValue
        }
        let shorter = Self.intervalDays(price) < Self.intervalDays(oldPrice)
        let scheduled =
            status != "trialing"
            && ((conditions?.contains("decreasing_item_amount") == true && newAmount < oldAmount)
                || (conditions?.contains("shortening_interval") == true && shorter))
        if scheduled {
            return PortalPlanPreview(
                price: price,
                quantity: quantity,
                scheduled: true,
                amountNow: 0,
                nextInvoiceAdjustment: 0,
                effective: period.end,
                periodEnd: period.end
            )
        }
        let proration = feature.string("proration_behavior") ?? "none"
        let fraction = Double(max(0, period.end - now)) / Double(max(1, period.end - period.start))
        let prorates = proration != "none" && status != "trialing"
        let remainingCharge = prorates ? Int((Double(newAmount) * fraction).rounded()) : 0
        let unusedCredit = prorates ? Int((Double(oldAmount) * fraction).rounded()) : 0
        let prorated = remainingCharge - unusedCredit
        let intervalChanged = Self.intervalDays(price) != Self.intervalDays(oldPrice)
        let endsTrial = status == "trialing" && feature.string("trial_update_behavior") != "continue_trial"
        if intervalChanged || endsTrial {
            return PortalPlanPreview(
                price: price,
                quantity: quantity,
                scheduled: false,
                amountNow: max(0, newAmount + prorated),
                nextInvoiceAdjustment: 0,
                effective: now,
                prorationBehavior: prorates ? proration : "none",
                periodEnd: period.end,
                restartsPeriod: true,
                unusedCredit: unusedCredit,
                remainingCharge: remainingCharge
            )
        }
        let invoiceNow = proration == "always_invoice"
        return PortalPlanPreview(
            price: price,
            quantity: quantity,
            scheduled: false,
            amountNow: invoiceNow ? max(0, prorated) : 0,
            nextInvoiceAdjustment: invoiceNow ? min(0, prorated) : prorated,
            effective: now,
            prorationBehavior: prorates ? proration : "none",
            periodEnd: period.end,
            unusedCredit: unusedCredit,
            remainingCharge: remainingCharge
        )
    }

    static func intervalDays(_ price: JSONObject) -> Int {
        let recurring = price.object("recurring") ?? [:]
        let days = ["day": 1, "week": 7, "month": 30, "year": 365][recurring.string("interval") ?? "month"] ?? 30
        return days * (recurring.int("interval_count") ?? 1)
    }

    mutating func portalChangePlan(
        _ link: PortalLink,
        token: String,
        subscription id: String,
        price priceID: String,
        quantity: Int?
    ) throws(PortalError) -> PortalOutcome {
        let preview = try portalPlanPreview(link, subscription: id, price: priceID, quantity: quantity)
        let feature = portalFeature(link, "subscription_update") ?? [:]
        let subscription = try portalSubscription(link, id)
        let itemID = subscription["items"]?["data"]?.arrayValue?.first?["id"]?.stringValue ?? ""
        if preview.scheduled {
            schedulePlanChange(id, price: preview.price, quantity: preview.quantity)
        } else {
            var values: [String: FormNode] = [
                "items": .array([
                    .hash([
                        "id": .string(itemID), "price": .string(priceID), "quantity": .string(String(preview.quantity)),
                    ])
                ]),
                "proration_behavior": .string(feature.string("proration_behavior") ?? "none"),
            ]
            if subscription.string("status") == "trialing", feature.string("trial_update_behavior") != "continue_trial"
            {
                values["trial_end"] = .string("now")
            }
            _ = try checked { () throws(StripeAPIError) in try updateSubscription(id, Params(values)) }
        }
        return completePortalFlow(token, type: "subscription_update", subscription: id)
    }

    private func checked<T>(_ body: () throws(StripeAPIError) -> T) throws(PortalError) -> T {
        do { return try body() } catch { throw PortalError(error) }
    }

    /// Records a change for the period end as a subscription schedule with two phases, like Stripe's portal.
    mutating func schedulePlanChange(_ id: String, price: JSONObject, quantity: Int) {
        let old = objects[id]!
        let period = Self.periodOf(old)
        let now = now(forCustomer: old.string("customer"))
        let current = old["items"]?["data"]?.arrayValue?.first
        let recurring = price.object("recurring") ?? [:]
        let nextEnd = BillingPeriod.add(
            1,
            of: recurring.string("interval") ?? "month",
            count: recurring.int("interval_count") ?? 1,
            to: period.end
        )
        let scheduleID = Self.newID("sub_sched")
        let schedule: JSONObject = [
            "id": .string(scheduleID), "object": "subscription_schedule", "application": .null,
            "billing_mode": ["type": "flexible"], "canceled_at": .null, "completed_at": .null, "created": .int(now),
            "current_phase": ["end_date": .int(period.end), "start_date": .int(period.start)],
            "customer": old["customer"]!, "customer_account": .null, "end_behavior": "release", "livemode": false,
            "metadata": [:],
            "phases": [
                [
                    "end_date": .int(period.end), "start_date": .int(period.start),
                    "items": [
                        [
                            "price": current?["price"]?["id"] ?? .null,
                            "quantity": current?["quantity"] ?? .int(1),
                        ]
                    ],
                    "proration_behavior": "none",
                ],
                [
                    "end_date": .int(nextEnd), "start_date": .int(period.end),
                    "items": [["price": price["id"]!, "quantity": .int(quantity)]], "proration_behavior": "none",
                ],
            ],
            "released_at": .null, "released_subscription": .null, "status": "active", "subscription": .string(id),
            "test_clock": old["test_clock"] ?? .null,
        ]
        insert(schedule, kind: "subscription_schedule")
        emit("subscription_schedule.created", schedule)
        var subscription = old
        subscription["schedule"] = .string(scheduleID)
        objects[id] = subscription
        emit("customer.subscription.updated", subscription, previous: old)
    }

    /// At a renewal, applies a scheduled phase that starts by `time` and releases the schedule.
    mutating func applyScheduledPhase(_ subscription: inout JSONObject, at time: Int) {
        guard let scheduleID = subscription.string("schedule"), let schedule = objects[scheduleID],
            schedule.string("status") == "active", let phases = schedule["phases"]?.arrayValue, phases.count >= 2,
            let start = phases[1]["start_date"]?.intValue, start <= time,
            let priceID = phases[1]["items"]?.arrayValue?.first?["price"]?.stringValue,
            let price = objects[priceID], var list = subscription.object("items"),
            var items = list["data"]?.arrayValue, !items.isEmpty
        else { return }
        let quantity = phases[1]["items"]?.arrayValue?.first?["quantity"]?.intValue ?? 1
        items[0] = items[0].setting("price", .object(price)).setting("plan", Self.plan(from: price))
            .setting("quantity", .int(quantity))
        list["data"] = .array(items)
        subscription["items"] = .object(list)
        subscription["schedule"] = .null
        var released = schedule
        released["status"] = "released"
        released["released_at"] = .int(time)
        released["released_subscription"] = .string(subscription.string("id") ?? "")
        released["current_phase"] = .null
        objects[scheduleID] = released
        emit("subscription_schedule.released", released, previous: schedule)
    }
}
