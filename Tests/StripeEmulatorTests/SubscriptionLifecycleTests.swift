import BillingTestSupport
import Foundation
import HTTPTypes
import NIOHTTP1
import StripeAPI
import StripeEmulator
import Testing

@Suite struct SubscriptionLifecycleTests {
    @Test func customerPriceSubscriptionInvoiceCancelLifecycle() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let customer = try await emulator.stripe.customers.create(
                CustomerCreateParameters(
                    email: "amy@example.com",
                    paymentMethod: "pm_card_visa",
                    invoiceSettings: InvoiceSettingsParameters(defaultPaymentMethod: .set("pm_card_visa"))
                )
            )
            #expect(customer.id.rawValue.hasPrefix("cus_"))
            let method = try #require(customer.invoiceSettings?.defaultPaymentMethod?.id.rawValue)
            #expect(method.hasPrefix("pm_") && method != "pm_card_visa")
            let price = try await emulator.monthlyPrice(2000)

            let subscription = try await emulator.call(
                .POST,
                "/v1/subscriptions",
                ["customer": customer.id.rawValue, "items[0][price]": price],
                expand: ["latest_invoice", "items.data.price.product"]
            )
            #expect(subscription["status"] == "active")
            #expect(subscription.at("items.data.0.price.product.name") == "Pro")
            #expect(subscription.at("items.data.0.current_period_end")?.intValue != nil)
            let invoice = try #require(subscription["latest_invoice"])
            #expect(invoice["status"] == "paid")
            #expect(invoice["amount_paid"]?.intValue == 2000)
            #expect(invoice.at("parent.subscription_details.subscription") == subscription["id"])
            #expect(invoice["discount"] == nil && invoice["due_date"] == .null)

            let pdfURL = try #require(invoice["invoice_pdf"]?.stringValue)
            let pdf = try await emulator.raw(.get, String(pdfURL.dropFirst(emulator.baseURL.absoluteString.count)))
            #expect(pdf.status == 200)
            #expect(pdf.text.hasPrefix("%PDF-1.4"))
            #expect(pdf.text.contains(try #require(invoice["number"]?.stringValue)))
            #expect(pdf.text.contains("$20.00"))

            let id = try #require(subscription["id"]?.stringValue)
            let scheduled = try await emulator.call(
                .POST,
                "/v1/subscriptions/\(id)",
                ["cancel_at_period_end": "true", "cancellation_details[feedback]": "too_expensive"]
            )
            #expect(scheduled["cancel_at_period_end"] == true)
            #expect(scheduled["cancel_at"] == subscription.at("items.data.0.current_period_end"))
            #expect(scheduled.at("cancellation_details.reason") == "cancellation_requested")
            #expect(scheduled.at("cancellation_details.feedback") == "too_expensive")

            let canceled = try await emulator.call(.DELETE, "/v1/subscriptions/\(id)")
            #expect(canceled["status"] == "canceled")
            #expect(canceled["ended_at"]?.intValue != nil)

            let types = try await emulator.eventTypes()
            #expect(
                types.starts(with: [
                    "customer.created", "payment_method.attached", "product.created", "price.created",
                    "customer.subscription.created", "invoice.created", "invoice.finalized", "invoice.paid",
                    "invoice.payment_succeeded", "customer.subscription.updated", "customer.subscription.deleted",
                ])
            )
            let updated = try await emulator.call(.GET, "/v1/events", ["type": "customer.subscription.updated"])
            let previous = try #require(updated.at("data.0.data.previous_attributes"))
            #expect(previous["cancel_at_period_end"] == false)
            #expect(previous["cancel_at"] == .null)
            #expect(updated.at("data.0.request.id")?.stringValue?.hasPrefix("req_") == true)
        }
    }

    @Test func planChangeWithAlwaysInvoiceBillsTheProrationNow() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let customer = try await emulator.customer()
            let basic = try await emulator.monthlyPrice(1000)
            let pro = try await emulator.monthlyPrice(3000)
            let subscription = try await emulator.call(
                .POST,
                "/v1/subscriptions",
                ["customer": customer, "items[0][price]": basic]
            )
            let id = try #require(subscription["id"]?.stringValue)
            let item = try #require(subscription.at("items.data.0.id")?.stringValue)
            let changed = try await emulator.call(
                .POST,
                "/v1/subscriptions/\(id)",
                ["items[0][id]": item, "items[0][price]": pro, "proration_behavior": "always_invoice"],
                expand: ["latest_invoice"]
            )
            #expect(changed.at("items.data.0.price.id")?.stringValue == pro)
            #expect(changed.at("latest_invoice.billing_reason") == "subscription_update")
            #expect(changed.at("latest_invoice.status") == "paid")
            let total = try #require(changed.at("latest_invoice.total")?.intValue)
            #expect(total > 0 && total <= 2000)
        }
    }
}
