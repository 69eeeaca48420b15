import BillingTestSupport
import Foundation
import StripeAPI

@testable import BillingCore

/// A generated, realistic history of Stripe events for a few subscriptions, with what the projection and outbox
/// must end up holding.
struct EventStreamModel {
    /// One step of the generated history: which subscription, and what happens to it.
    struct Step: Sendable, Hashable, CustomStringConvertible {
        var subscription: Int
        var action: Int
        var description: String { "s\(subscription)a\(action)" }
    }

    struct Event {
        var id: String
        var type: String
        var created: Int
        var body: Data
    }

    private(set) var events: [Event] = []
    private(set) var expectedOutboxKeys: Set<String> = []
    private var subscriptions: [Int: SubscriptionFixture] = [:]
    private var deleted: Set<Int> = []
    private var invoiceCount = 0
    private let factory = StripeEventFactory()
    private let ties: Bool
    private let base = 1_780_000_000

    /// Builds the history; with `ties`, events come in pairs that share a `created` second.
    init(steps: [Step], ties: Bool) {
        self.ties = ties
        for step in steps { apply(step) }
    }

    /// The last snapshot of every object, which is what Stripe returns when asked afterwards.
    func finalSnapshots() throws -> [ObjectReference: ObjectSnapshot] {
        var result: [ObjectReference: ObjectSnapshot] = [:]
        for event in events {
            if let snapshot = try EventReducer.reduce(type: event.type, payload: event.body).snapshot {
                result[ObjectReference(snapshot)] = snapshot
            }
        }
        return result
    }

    private var nextCreated: Int {
        ties ? base + events.count / 2 : base + events.count
    }

    private mutating func emit(_ type: String, object: JSONValue) {
        let id = String(format: "evt_%05d", events.count)
        let created = nextCreated
        events.append(
            Event(
                id: id,
                type: type,
                created: created,
                body: factory.body(id: id, type: type, created: created, object: object)
            )
        )
    }

    private mutating func emitSubscription(_ index: Int, type: String = "customer.subscription.updated") {
        guard var fixture = subscriptions[index] else { return }
        fixture.created = base - 1000
        subscriptions[index] = fixture
        emit(type, object: fixture.json)
    }

    private mutating func apply(_ step: Step) {
        let index = step.subscription
        guard !deleted.contains(index) else { return }
        let subscriptionID = "sub_\(index)"
        let customer = "cus_\(index)"
        guard var s = subscriptions[index] else {
            var fixture = SubscriptionFixture(id: subscriptionID, customer: customer)
            fixture.defaultPaymentMethod = "pm_\(index)"
            subscriptions[index] = fixture
            emit("payment_method.attached", object: PaymentMethodFixture(id: "pm_\(index)", customer: customer).json)
            emitSubscription(index, type: "customer.subscription.created")
            return
        }
        let now = nextCreated
        switch step.action % 12 {
        case 0:
            s.priceID = s.priceID == "price_pro_monthly" ? "price_basic_monthly" : "price_pro_monthly"
            s.lookupKey = s.priceID == "price_pro_monthly" ? "pro_monthly" : "basic_monthly"
        case 1:
            s.cancelAtPeriodEnd = true
            s.canceledAt = now
            s.cancellationReason = "cancellation_requested"
            // The win-back hook's row for this scheduled end (the period end: the fixture sets no cancel_at).
            expectedOutboxKeys.insert(
                "hook:win-back:subscription.cancellation_scheduled:\(subscriptionID):\(s.currentPeriodEnd)"
            )
        case 2:
            if s.cancelAtPeriodEnd {
                s.cancellationFeedback = "too_expensive"
                s.cancellationComment = "Too pricey for us"
            } else {
                s.quantity += 1
            }
        case 3:
            s.cancelAtPeriodEnd = false
            s.canceledAt = nil
            s.cancellationReason = nil
            s.cancellationFeedback = nil
            s.cancellationComment = nil
        case 4:
            invoiceCount += 1
            var invoice = InvoiceFixture(
                id: "in_\(index)_\(invoiceCount)",
                customer: customer,
                subscription: subscriptionID
            )
            invoice.status = "open"
            invoice.created = now
            s.status = "past_due"
            s.latestInvoice = invoice.id
            emit("invoice.payment_failed", object: invoice.json)
        case 5:
            if let latest = s.latestInvoice {
                var invoice = InvoiceFixture(id: latest, customer: customer, subscription: subscriptionID)
                invoice.attemptCount = 2
                emit("invoice.paid", object: invoice.json)
            }
            s.status = "active"
        case 6:
            s.pauseBehavior = "void"
        case 7:
            s.pauseBehavior = nil
        case 8:
            s.status = s.status == "trialing" ? "active" : "trialing"
            s.trialEnd = s.status == "trialing" ? now + 86_400 * 14 : s.trialEnd
        case 9:
            s.status = "canceled"
            s.endedAt = now
            s.canceledAt = s.canceledAt ?? now
            subscriptions[index] = s
            deleted.insert(index)
            expectedOutboxKeys.insert("hook:win-back:subscription.canceled:\(subscriptionID)")
            emitSubscription(index, type: "customer.subscription.deleted")
            return
        case 10:
            var method = PaymentMethodFixture(id: "pm_\(index)", customer: customer)
            method.last4 = String(format: "%04d", (events.count * 37) % 10_000)
            emit("payment_method.updated", object: method.json)
            return
        default:
            let object: JSONValue = .object([
                "id": .string(customer), "object": .string("customer"), "email": .string("\(customer)@example.com"),
                "invoice_settings": .object(["default_payment_method": .string("pm_\(index)")]),
                "metadata": .object(["account_id": .string("acct_\(index)")]),
            ])
            emit("customer.updated", object: object)
            return
        }
        subscriptions[index] = s
        emitSubscription(index)
    }
}
