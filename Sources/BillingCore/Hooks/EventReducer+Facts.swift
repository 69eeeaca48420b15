import Foundation
import StripeAPI

extension EventReducer {
    /// The billing facts one event carries, read from the event alone (its object and `previous_attributes`), so a
    /// duplicated or reordered stream yields the same facts with the same keys.
    ///
    /// The payload is read a second time only for the two update types whose facts need `previous_attributes`; the
    /// id and time come from the event log's columns.
    /// - Parameters:
    ///   - entry: the event type's entry in ``HandledEventTypes``.
    ///   - payload: the event JSON.
    ///   - event: the event id.
    ///   - created: the event's `created` (Unix seconds).
    ///   - snapshot: the object the reducer already decoded from it.
    /// - Throws: when `data.previous_attributes` does not decode.
    static func facts(
        entry: HandledEventTypes.Entry,
        payload: Data,
        event: String,
        created: Int64,
        snapshot: ObjectSnapshot?
    ) throws -> [BillingFact] {
        guard let snapshot else { return [] }
        let previous: PreviousAttributes? =
            [.customerSubscriptionUpdated, .customerUpdated].contains(entry.type)
            ? try JSONDecoder().decode(PreviousEnvelope.self, from: payload).data.previousAttributes : nil
        switch snapshot {
        case .subscription(let s):
            var facts = subscriptionFacts(s, eventID: event, occurredAt: created, deleted: entry.endsObject)
            let before = previous.map { $0.applied(to: BillingFact.State(s)) }
            if entry.type == .customerSubscriptionUpdated, let before, let from = before.price, let to = s.priceID,
                from != to, s.status.isLive
            {
                facts.append(
                    BillingFact(
                        kind: .planChanged,
                        key: "\(BillingFact.Kind.planChanged.rawValue):\(s.id):\(event)",
                        eventID: event,
                        occurredAt: created,
                        customer: s.customerID,
                        subscription: s.id,
                        before: before,
                        after: BillingFact.State(s)
                    )
                )
            }
            if entry.type == .customerSubscriptionTrialWillEnd, let trialEnd = s.trialEnd {
                facts.append(
                    BillingFact(
                        kind: .trialEnding,
                        key: "\(BillingFact.Kind.trialEnding.rawValue):\(s.id):\(trialEnd)",
                        eventID: event,
                        occurredAt: created,
                        customer: s.customerID,
                        subscription: s.id,
                        after: BillingFact.State(s)
                    )
                )
            }
            return facts.map { fact in
                var fact = fact
                if fact.before == nil, fact.kind != .subscriptionStarted { fact.before = before }
                return fact
            }
        case .invoice(let invoice):
            if entry.type == .invoicePaymentFailed {
                return [
                    BillingFact(
                        kind: .paymentFailed,
                        // One fact per failed attempt: Stripe retries the same invoice, each retry can fail again.
                        key: "\(BillingFact.Kind.paymentFailed.rawValue):\(invoice.id):\(invoice.attemptCount ?? 0)",
                        eventID: event,
                        occurredAt: created,
                        customer: invoice.customerID,
                        subscription: invoice.subscriptionID,
                        invoice: invoice.id,
                        amountDue: invoice.amountDue,
                        currency: invoice.currency,
                        nextPaymentAttempt: invoice.nextPaymentAttempt
                    )
                ]
            }
            if entry.type == .invoicePaid {
                var facts = [
                    BillingFact(
                        kind: .invoicePaid,
                        key: "\(BillingFact.Kind.invoicePaid.rawValue):\(invoice.id)",
                        eventID: event,
                        occurredAt: created,
                        customer: invoice.customerID,
                        subscription: invoice.subscriptionID,
                        invoice: invoice.id,
                        amountDue: invoice.amountDue,
                        currency: invoice.currency
                    )
                ]
                guard invoice.billingReason == "subscription_cycle" else { return facts }
                facts.append(
                    BillingFact(
                        kind: .subscriptionRenewed,
                        key: "\(BillingFact.Kind.subscriptionRenewed.rawValue):\(invoice.id)",
                        eventID: event,
                        occurredAt: created,
                        customer: invoice.customerID,
                        subscription: invoice.subscriptionID,
                        invoice: invoice.id,
                        amountDue: invoice.amountDue,
                        currency: invoice.currency
                    )
                )
                return facts
            }
            return []
        case .customer(let customer):
            guard entry.type == .customerUpdated, !customer.isDeleted,
                let method = customer.defaultPaymentMethodID,
                previous?.invoiceSettingsChanged == true
            else { return [] }
            return [
                BillingFact(
                    kind: .paymentMethodChanged,
                    key: "\(BillingFact.Kind.paymentMethodChanged.rawValue):\(customer.id):\(event)",
                    eventID: event,
                    occurredAt: created,
                    customer: customer.id,
                    paymentMethod: method
                )
            ]
        case .paymentMethod:
            return []
        }
    }

    /// The facts a subscription's state shows by itself: live (started), cancellation scheduled, ended. Also used
    /// for snapshots fetched from the API, which carry no event.
    static func subscriptionFacts(
        _ s: SubscriptionSnapshot,
        eventID: String?,
        occurredAt: Int64,
        deleted: Bool
    ) -> [BillingFact] {
        var facts: [BillingFact] = []
        let state = BillingFact.State(s)
        func fact(_ kind: BillingFact.Kind, _ suffix: String) -> BillingFact {
            BillingFact(
                kind: kind,
                key: "\(kind.rawValue):\(s.id)\(suffix)",
                eventID: eventID,
                occurredAt: occurredAt,
                customer: s.customerID,
                subscription: s.id,
                after: state
            )
        }
        if deleted || s.status.isTerminal {
            if s.status == .canceled || deleted { facts.append(fact(.subscriptionCanceled, "")) }
            return facts
        }
        if [.active, .trialing, .pastDue].contains(s.status) {
            facts.append(fact(.subscriptionStarted, ""))
        }
        if s.isCancellationScheduled {
            // Keyed by the date it takes effect: undoing and scheduling again for another date is a new fact.
            facts.append(fact(.cancellationScheduled, ":\(state.cancelAt ?? 0)"))
        }
        return facts
    }

    private struct PreviousEnvelope: Decodable {
        struct Body: Decodable {
            var previousAttributes: PreviousAttributes?
            enum CodingKeys: String, CodingKey { case previousAttributes = "previous_attributes" }
        }
        var data: Body
    }

    /// The keys of `previous_attributes` the facts read: the old status, items (plan), cancellation, trial, and
    /// whether the customer's invoice settings (its default payment method) changed.
    private struct PreviousAttributes: Decodable {
        var status: String?
        var items: SubscriptionSnapshot.Items?
        var cancelAt: Int64??
        var cancelAtPeriodEnd: Bool?
        var trialEnd: Int64??
        var invoiceSettingsChanged: Bool

        enum CodingKeys: String, CodingKey {
            case status, items
            case cancelAt = "cancel_at"
            case cancelAtPeriodEnd = "cancel_at_period_end"
            case trialEnd = "trial_end"
            case invoiceSettings = "invoice_settings"
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            status = try? c.decodeIfPresent(String.self, forKey: .status)
            items = try? c.decodeIfPresent(SubscriptionSnapshot.Items.self, forKey: .items)
            // A key present with null (the old value was null) differs from an absent key (unchanged).
            cancelAt = c.contains(.cancelAt) ? .some(try? c.decode(Int64.self, forKey: .cancelAt)) : nil
            cancelAtPeriodEnd = try? c.decodeIfPresent(Bool.self, forKey: .cancelAtPeriodEnd)
            trialEnd = c.contains(.trialEnd) ? .some(try? c.decode(Int64.self, forKey: .trialEnd)) : nil
            invoiceSettingsChanged = c.contains(.invoiceSettings)
        }

        /// `after` with the changed keys set back to their old values.
        func applied(to after: BillingFact.State) -> BillingFact.State {
            var before = after
            if let status { before.status = status }
            if let item = items?.data.first {
                before.price = item.price.map { PriceID($0.id) }
                before.product = item.price?.product.map { ProductID($0.id) }
                before.lookupKey = item.price?.lookupKey
                before.quantity = item.quantity
            }
            if let cancelAt { before.cancelAt = cancelAt }
            if cancelAtPeriodEnd == false, cancelAt == nil { before.cancelAt = nil }
            if let trialEnd { before.trialEnd = trialEnd }
            return before
        }
    }
}

extension EventReducer {
    /// Reduces one event and adds one outbox row per fact it carries and handler registered in `hooks`.
    ///
    /// Facts are read only when a handler is registered, so a host without hooks pays nothing for them.
    /// - Throws: when the event's `data.object` does not decode as the object its type implies.
    static func reduce(_ event: EventLog.ClaimedEvent, hooks: BillingHooks) throws -> ReducedEvent {
        let payload = Data(event.payload.utf8)
        var reduced = try reduce(type: event.type, payload: payload)
        guard !hooks.isEmpty, let entry = HandledEventTypes.entry(for: event.type) else { return reduced }
        let facts = try facts(
            entry: entry,
            payload: payload,
            event: event.id,
            created: event.created,
            snapshot: reduced.snapshot
        )
        reduced.outbox += hooks.rows(for: facts)
        return reduced
    }

    /// The hook rows for a subscription snapshot fetched from the API (a re-fetch or reconciliation).
    static func hookRows(
        forFetched subscription: SubscriptionSnapshot,
        eventID: String?,
        occurredAt: Int64,
        hooks: BillingHooks
    ) -> [OutboxMessage] {
        guard !hooks.isEmpty else { return [] }
        return hooks.rows(
            for: subscriptionFacts(subscription, eventID: eventID, occurredAt: occurredAt, deleted: false)
        )
    }
}
