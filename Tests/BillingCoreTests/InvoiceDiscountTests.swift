import BillingDatabase
import BillingTestSupport
import Foundation
import StripeAPI
import Testing

@testable import BillingCore

/// A discount (such as a `once` promotion code) stays on record on the invoice it was consumed by: the reducer reads
/// it from the invoice event, and the reader finds it through the subscription's latest invoice.
@Suite struct InvoiceDiscountTests {
    /// An invoice event body with a subtotal and the given `total_discount_amounts`.
    static func invoiceEvent(
        _ factory: StripeEventFactory = StripeEventFactory(secret: BillingHarness.secret),
        id: String,
        invoice: InvoiceFixture,
        subtotal: Int,
        discounts: [Int],
        created: Int
    ) -> Data {
        guard case .object(var object) = invoice.json else { preconditionFailure("an invoice is an object") }
        object["subtotal"] = .number(Double(subtotal))
        object["total_discount_amounts"] = .array(
            discounts.enumerated().map { index, amount in
                .object(["amount": .number(Double(amount)), "discount": .string("di_\(index)")])
            }
        )
        return factory.body(id: id, type: "invoice.paid", created: created, object: .object(object))
    }

    @Test func theReducerReadsTheDiscountFromTheInvoice() throws {
        let factory = StripeEventFactory(secret: BillingHarness.secret)
        var invoice = InvoiceFixture(id: "in_1", customer: "cus_1", subscription: "sub_1")
        invoice.amountDue = 9_600
        let body = Self.invoiceEvent(
            id: "evt_1",
            invoice: invoice,
            subtotal: 12_000,
            discounts: [2_000, 400],
            created: 1_780_000_000
        )
        let reduced = try EventReducer.reduce(type: "invoice.paid", payload: body)
        guard case .invoice(let snapshot) = reduced.snapshot else {
            Issue.record("expected an invoice snapshot")
            return
        }
        #expect(snapshot.subtotal == 12_000)
        #expect(snapshot.discountAmount == 2_400)

        // An invoice without the field (older payloads) has no known discount; an empty list is zero.
        let plain = factory.body(id: "evt_2", type: "invoice.paid", created: 1, object: invoice.json)
        guard case .invoice(let bare) = try EventReducer.reduce(type: "invoice.paid", payload: plain).snapshot else {
            Issue.record("expected an invoice snapshot")
            return
        }
        #expect(bare.discountAmount == nil)
        #expect(bare.subtotal == nil)
        let none = Self.invoiceEvent(id: "evt_3", invoice: invoice, subtotal: 12_000, discounts: [], created: 1)
        guard case .invoice(let undiscounted) = try EventReducer.reduce(type: "invoice.paid", payload: none).snapshot
        else {
            Issue.record("expected an invoice snapshot")
            return
        }
        #expect(undiscounted.discountAmount == 0)
    }

    @Test(arguments: TestBackend.postgresURL == nil ? [TestBackend.sqlite] : TestBackend.allCases)
    func theLatestInvoicesDiscountIsFoundThroughTheSubscription(backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let harness = try BillingHarness(database: database)
            let reader = ProjectionReader(database: database)
            var subscription = SubscriptionFixture(id: "sub_1", customer: "cus_1")
            subscription.latestInvoice = "in_first"
            #expect(
                await harness.deliver(
                    harness.factory.subscriptionEvent(
                        id: "evt_sub_1",
                        type: "customer.subscription.created",
                        created: 1_780_000_000,
                        subscription: subscription
                    )
                ).isAcknowledged
            )
            var first = InvoiceFixture(id: "in_first", customer: "cus_1", subscription: "sub_1")
            first.amountDue = 9_600
            #expect(
                await harness.deliver(
                    Self.invoiceEvent(
                        id: "evt_in_1",
                        invoice: first,
                        subtotal: 12_000,
                        discounts: [2_400],
                        created: 1_780_000_001
                    )
                ).isAcknowledged
            )
            _ = try await harness.processor().processBatch()
            #expect(
                try await reader.latestInvoiceDiscount(of: "sub_1")
                    == .init(invoice: "in_first", amount: 2_400, subtotal: 12_000, currency: "usd")
            )

            // The next invoice, undiscounted, becomes the latest: the discount is no longer shown.
            subscription.latestInvoice = "in_second"
            var second = InvoiceFixture(id: "in_second", customer: "cus_1", subscription: "sub_1")
            second.created = 1_781_000_000
            #expect(
                await harness.deliver(
                    Self.invoiceEvent(
                        id: "evt_in_2",
                        invoice: second,
                        subtotal: 12_000,
                        discounts: [],
                        created: 1_781_000_000
                    )
                ).isAcknowledged
            )
            #expect(
                await harness.deliver(
                    harness.factory.subscriptionEvent(
                        id: "evt_sub_2",
                        created: 1_781_000_001,
                        subscription: subscription
                    )
                ).isAcknowledged
            )
            _ = try await harness.processor().processBatch()
            #expect(try await reader.latestInvoiceDiscount(of: "sub_1") == nil)
            #expect(try await reader.latestInvoiceDiscount(of: "sub_unknown") == nil)
        }
    }

    @Test(arguments: [
        (#"{"id": "C1", "duration": "once", "percent_off": 20}"#, "20% off"),
        (#"{"id": "C2", "duration": "once", "percent_off": 12.5}"#, "12.5% off"),
        (#"{"id": "C3", "duration": "forever", "amount_off": 500, "currency": "usd"}"#, "$5.00 off"),
    ])
    func couponTermsAreWordedForThePage(json: String, words: String) throws {
        let coupon = try StripeJSON.decoder.decode(Coupon.self, from: Data(json.utf8))
        #expect(StripeCatalog.describe(coupon) == words)
    }
}
