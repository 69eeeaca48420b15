import BillingCore
import BillingTestSupport
import Foundation
import StripeAPI
import Testing

/// The one table of handled event types and the one definition of subscription states.
@Suite struct EventVocabularyTests {
    /// A `data.object` every snapshot type decodes from, so dispatch alone decides what the reducer makes of it.
    static let anyObject: JSONValue = .object([
        "id": .string("obj_1"), "object": .string("any"), "customer": .string("cus_1"),
        "status": .string("active"), "type": .string("card"), "created": .number(1_780_000_000),
    ])

    /// Event types Stripe sends that billing does not project.
    static let otherTypes: [EventType] = [
        .invoiceUpcoming, .invoiceSent, .invoiceOverdue, .invoicePaymentPaid, .invoiceitemCreated,
        .customerDiscountCreated, .customerTaxIDCreated, .chargeSucceeded, .paymentIntentSucceeded,
        .subscriptionScheduleCreated, .productUpdated, .priceCreated, .testHelpersTestClockReady,
        .billingPortalSessionCreated, "customer.subscription.something_new", "invoice.something_new",
    ]

    static func reduce(_ type: EventType) throws -> ReducedEvent {
        let body = StripeEventFactory().body(
            id: "evt_1",
            type: type.rawValue,
            created: 1_780_000_000,
            object: anyObject
        )
        return try EventReducer.reduce(type: type.rawValue, payload: body)
    }

    @Test func theReducerHandlesExactlyTheTablesTypes() throws {
        for entry in HandledEventTypes.all {
            let reduced = try Self.reduce(entry.type)
            let object: HandledEventTypes.Object? =
                switch reduced.snapshot {
                case .subscription: .subscription
                case .invoice: .invoice
                case .paymentMethod: .paymentMethod
                case .customer: .customer
                case nil: entry.object == .checkoutSession ? .checkoutSession : nil
                }
            #expect(object == entry.object, "\(entry.type)")
            #expect(reduced.isTerminal == entry.endsObject, "\(entry.type)")
        }
        for type in Self.otherTypes {
            #expect(!HandledEventTypes.isHandled(type.rawValue))
            #expect(try Self.reduce(type) == .ignored, "\(type)")
        }
    }

    @Test func theTableListsEachTypeOnce() {
        #expect(Set(HandledEventTypes.types).count == HandledEventTypes.all.count)
        #expect(HandledEventTypes.types.allSatisfy { HandledEventTypes.isHandled($0.rawValue) })
    }

    @Test(arguments: [
        ("trialing", true, false), ("active", true, false), ("past_due", true, false), ("unpaid", true, false),
        ("paused", true, false), ("incomplete", false, false), ("incomplete_expired", false, true),
        ("canceled", false, true), ("a_status_from_the_future", true, false),
    ])
    func subscriptionStatesAreLiveOrTerminal(raw: String, live: Bool, terminal: Bool) {
        let status = Subscription.Status(rawValue: raw)

        #expect(status.isLive == live)
        #expect(status.isTerminal == terminal)
    }

    @Test func aTerminalStatusEndsTheSubscriptionInTheProjection() throws {
        var fixture = SubscriptionFixture(id: "sub_1", customer: "cus_1")
        fixture.status = "incomplete_expired"
        let canceled = try fixture.snapshot()

        #expect(EventReducer.reduce(subscription: canceled, deleted: false).isTerminal)
        #expect(EventReducer.isTerminal(.subscription(canceled)))
    }
}
