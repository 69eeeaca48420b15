import StripeAPI

extension EmulatorState {
    /// A scheduled change that falls due as time passes.
    enum DueAction {
        case cancel
        case resumeCollection
        case endTrial
        case trialWillEnd
        case renew
        case expireIncomplete
    }

    /// The next thing due for a subscription, if any.
    func nextDue(_ subscription: JSONObject) -> (time: Int, action: DueAction)? {
        let status = subscription.string("status") ?? ""
        var candidates: [(Int, DueAction)] = []
        switch status {
        case "canceled", "incomplete_expired", "paused": return nil
        case "incomplete":
            if let created = subscription.int("created") { candidates.append((created + 23 * 3600, .expireIncomplete)) }
        case "trialing":
            if let trialEnd = subscription.int("trial_end") {
                candidates.append((trialEnd, .endTrial))
                if let id = subscription.string("id"), !trialWillEndSent.contains(Self.trialKey(id, trialEnd)) {
                    let start = subscription.int("trial_start") ?? trialEnd
                    candidates.append((max(start, trialEnd - Self.trialWillEndLead), .trialWillEnd))
                }
            }
        default:
            candidates.append((Self.periodOf(subscription).end, .renew))
        }
        if let cancelAt = subscription.int("cancel_at") { candidates.append((cancelAt, .cancel)) }
        if let resumes = subscription["pause_collection"]?["resumes_at"]?.intValue {
            candidates.append((resumes, .resumeCollection))
        }
        // On a tie the cancellation wins, so a subscription canceling at period end does not renew first.
        return candidates.min { lhs, rhs in
            lhs.0 != rhs.0 ? lhs.0 < rhs.0 : (lhs.1 == .cancel || lhs.1 == .resumeCollection)
        }
    }

    /// How long before `trial_end` Stripe sends `customer.subscription.trial_will_end`.
    static let trialWillEndLead = 3 * 86_400

    /// The once-per-trial key of a `trial_will_end` notice.
    static func trialKey(_ subscription: String, _ trialEnd: Int) -> String {
        "\(subscription)@\(trialEnd)"
    }

    /// Moves time for one clock (a test clock id, or nil for the emulator's own clock) to `target`, performing
    /// every renewal, trial end, scheduled cancellation and expiry on the way in time order.
    mutating func advanceTime(clock: String?, to target: Int) {
        let savedRequest = (currentRequestID, currentIdempotencyKey)
        currentRequestID = nil
        currentIdempotencyKey = nil
        defer { (currentRequestID, currentIdempotencyKey) = savedRequest }
        var steps = 0
        while steps < 10_000 {
            steps += 1
            var best: (time: Int, id: String, action: DueAction)?
            for id in order["subscription"] ?? [] {
                guard let subscription = objects[id], subscription.string("test_clock") == clock,
                    let due = nextDue(subscription), due.time <= target
                else { continue }
                if best == nil || due.time < best!.time { best = (due.time, id, due.action) }
            }
            guard let best else { break }
            setTime(clock: clock, to: max(best.time, now(clock: clock)))
            perform(best.action, on: best.id, at: best.time)
        }
        setTime(clock: clock, to: target)
        if clock == nil { expireDueCheckoutSessions(upTo: target) }
    }

    private mutating func setTime(clock: String?, to time: Int) {
        if let clock {
            objects[clock]?["frozen_time"] = .int(time)
        } else {
            realtimeNow = time
        }
    }

    private mutating func perform(_ action: DueAction, on id: String, at time: Int) {
        let old = objects[id]!
        switch action {
        case .cancel:
            endSubscription(
                id,
                at: time,
                reason: old.object("cancellation_details")?.string("reason")
                    ?? "cancellation_requested"
            )
        case .expireIncomplete:
            var subscription = old
            subscription["status"] = "incomplete_expired"
            subscription["ended_at"] = .int(time)
            objects[id] = subscription
            if let invoiceID = old.string("latest_invoice"), objects[invoiceID]?.string("status") == "open" {
                transitionInvoice(invoiceID, to: "void", event: "invoice.voided", at: time)
            }
            emit("customer.subscription.updated", subscription, previous: old)
        case .resumeCollection:
            var subscription = old
            subscription["pause_collection"] = .null
            objects[id] = subscription
            emit("customer.subscription.updated", subscription, previous: old)
        case .trialWillEnd:
            if let trialEnd = old.int("trial_end") { trialWillEndSent.insert(Self.trialKey(id, trialEnd)) }
            emit("customer.subscription.trial_will_end", old)
        case .endTrial:
            if !endTrialWithoutPaymentMethod(id, at: time) { renew(id, at: time, endingTrial: true) }
        case .renew:
            renew(id, at: time, endingTrial: false)
        }
    }

    /// Applies `trial_settings.end_behavior.missing_payment_method` when a trial ends with no payment method:
    /// `cancel` ends the subscription, `pause` pauses it without an invoice; `create_invoice` (the default) returns
    /// false so the trial ends as usual, with an invoice that cannot be paid (the subscription goes `past_due`).
    private mutating func endTrialWithoutPaymentMethod(_ id: String, at time: Int) -> Bool {
        let old = objects[id]!
        let customer = objects[old.string("customer") ?? ""] ?? [:]
        let method =
            old.string("default_payment_method")
            ?? customer.object("invoice_settings")?.string("default_payment_method")
        guard method == nil else { return false }
        switch old["trial_settings"]?["end_behavior"]?["missing_payment_method"]?.stringValue {
        case "cancel":
            var details = old.object("cancellation_details") ?? [:]
            details["reason"] = "cancellation_requested"
            endSubscription(id, at: time, reason: "cancellation_requested", details: .object(details))
            return true
        case "pause":
            var subscription = old
            subscription["status"] = "paused"
            subscription["status_details"] = [
                "paused": [
                    "subscription": ["type": "trial_end_without_payment_method"], "transitioned_at": .int(time),
                    "type": "subscription",
                ]
            ]
            objects[id] = subscription
            emit("customer.subscription.paused", subscription)
            emit("customer.subscription.updated", subscription, previous: old)
            return true
        default:
            return false
        }
    }

    private mutating func renew(_ id: String, at time: Int, endingTrial: Bool) {
        let old = objects[id]!
        var subscription = old
        applyScheduledPhase(&subscription, at: time)
        let (interval, count) = Self.interval(of: subscription)
        let anchor = subscription.int("billing_cycle_anchor") ?? time
        let end =
            endingTrial
            ? BillingPeriod.add(1, of: interval, count: count, to: time)
            : BillingPeriod.nextBoundary(after: time, anchor: anchor, interval: interval, count: count)
        if endingTrial { subscription["billing_cycle_anchor"] = .int(time) }
        Self.setPeriod(&subscription, (time, end))
        if subscription.bool("cancel_at_period_end") == true { subscription["cancel_at"] = .int(end) }
        objects[id] = subscription
        var collection = Collection.charge
        switch subscription["pause_collection"]?["behavior"]?.stringValue {
        case "keep_as_draft": collection = .keepAsDraft
        case "void": collection = .void
        case "mark_uncollectible": collection = .markUncollectible
        default: break
        }
        if subscription.string("collection_method") == "send_invoice", collection == .charge { collection = .leaveOpen }
        let (_, paid) = invoiceSubscription(
            id,
            reason: "subscription_cycle",
            period: Self.periodOf(old),
            lines: subscriptionLines(subscription, period: (time, end)),
            collection: collection
        )
        var updated = objects[id]!
        if collection == .charge {
            updated["status"] = paid ? "active" : "past_due"
        } else if endingTrial {
            updated["status"] = "active"
        }
        objects[id] = updated
        emit("customer.subscription.updated", updated, previous: old)
    }
}

extension EmulatorState.Collection: Equatable {}
