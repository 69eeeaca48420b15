import BillingTestSupport
import Foundation
import HTTPTypes
import NIOHTTP1
import StripeAPI
import StripeEmulator
import Testing

@Suite struct TestClockTests {
    static let start = 1_767_225_600  // 2026-01-01T00:00:00Z

    @Test func advancingAClockRenewsAndPaysTheSubscription() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let clock = try await emulator.call(
                .POST,
                "/v1/test_helpers/test_clocks",
                ["frozen_time": String(Self.start), "name": "renewal"]
            )
            let clockID = try #require(clock["id"]?.stringValue)
            let customer = try await emulator.customer(testClock: clockID)
            let price = try await emulator.monthlyPrice(2000)
            let subscription = try await emulator.call(
                .POST,
                "/v1/subscriptions",
                ["customer": customer, "items[0][price]": price]
            )
            let id = try #require(subscription["id"]?.stringValue)
            #expect(subscription["test_clock"]?.stringValue == clockID)
            #expect(subscription.at("items.data.0.current_period_end")?.intValue == 1_769_904_000)  // Feb 1

            let advanced = try await emulator.call(
                .POST,
                "/v1/test_helpers/test_clocks/\(clockID)/advance",
                ["frozen_time": String(1_770_000_000)]
            )
            #expect(advanced["status"] == "advancing")
            let ready = try await emulator.call(.GET, "/v1/test_helpers/test_clocks/\(clockID)")
            #expect(ready["status"] == "ready")
            #expect(ready["frozen_time"]?.intValue == 1_770_000_000)

            let renewed = try await emulator.call(.GET, "/v1/subscriptions/\(id)", expand: ["latest_invoice"])
            #expect(renewed["status"] == "active")
            #expect(renewed.at("items.data.0.current_period_start")?.intValue == 1_769_904_000)
            #expect(renewed.at("latest_invoice.billing_reason") == "subscription_cycle")
            #expect(renewed.at("latest_invoice.status") == "paid")

            let invoices = try await emulator.call(.GET, "/v1/invoices", ["customer": customer])
            #expect(invoices["data"]?.elements?.count == 2)
            // Clock objects stay out of unfiltered lists, as on Stripe.
            let everyone = try await emulator.call(.GET, "/v1/customers")
            #expect(everyone["data"]?.elements?.isEmpty == true)

            let types = try await emulator.eventTypes()
            let advancing = try #require(types.firstIndex(of: "test_helpers.test_clock.advancing"))
            #expect(
                Array(types[advancing...]) == [
                    "test_helpers.test_clock.advancing", "invoice.created", "invoice.finalized", "invoice.paid",
                    "invoice.payment_succeeded", "customer.subscription.updated", "test_helpers.test_clock.ready",
                ]
            )
        }
    }

    @Test func failedRenewalMakesTheSubscriptionPastDueWithAnOpenInvoice() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let clock = try await emulator.call(
                .POST,
                "/v1/test_helpers/test_clocks",
                ["frozen_time": String(Self.start)]
            )
            let clockID = try #require(clock["id"]?.stringValue)
            let customer = try await emulator.customer(card: "pm_card_chargeCustomerFail", testClock: clockID)
            let price = try await emulator.monthlyPrice(2000)
            let subscription = try await emulator.call(
                .POST,
                "/v1/subscriptions",
                ["customer": customer, "items[0][price]": price, "trial_period_days": "7"]
            )
            #expect(subscription["status"] == "trialing")
            let id = try #require(subscription["id"]?.stringValue)

            _ = try await emulator.call(
                .POST,
                "/v1/test_helpers/test_clocks/\(clockID)/advance",
                ["frozen_time": String(Self.start + 8 * 86_400)]
            )
            let pastDue = try await emulator.call(.GET, "/v1/subscriptions/\(id)", expand: ["latest_invoice"])
            #expect(pastDue["status"] == "past_due")
            #expect(pastDue.at("latest_invoice.status") == "open")
            #expect(pastDue.at("latest_invoice.attempt_count")?.intValue == 1)
            let failed = try await emulator.call(.GET, "/v1/events", ["type": "invoice.payment_failed"])
            #expect(failed["data"]?.elements?.count == 1)
            let update = try await emulator.call(.GET, "/v1/events", ["type": "customer.subscription.updated"])
            #expect(update.at("data.0.data.previous_attributes.status") == "trialing")
        }
    }

    @Test func cancelAtPeriodEndDeletesTheSubscriptionWhenTheClockPassesIt() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let clock = try await emulator.call(
                .POST,
                "/v1/test_helpers/test_clocks",
                ["frozen_time": String(Self.start)]
            )
            let clockID = try #require(clock["id"]?.stringValue)
            let customer = try await emulator.customer(testClock: clockID)
            let price = try await emulator.monthlyPrice()
            let subscription = try await emulator.call(
                .POST,
                "/v1/subscriptions",
                ["customer": customer, "items[0][price]": price, "cancel_at_period_end": "true"]
            )
            let id = try #require(subscription["id"]?.stringValue)
            _ = try await emulator.call(
                .POST,
                "/v1/test_helpers/test_clocks/\(clockID)/advance",
                ["frozen_time": String(Self.start + 40 * 86_400)]
            )
            let ended = try await emulator.call(.GET, "/v1/subscriptions/\(id)")
            #expect(ended["status"] == "canceled")
            #expect(ended["ended_at"]?.intValue == 1_769_904_000)
            let deleted = try await emulator.call(.GET, "/v1/events", ["type": "customer.subscription.deleted"])
            #expect(deleted.at("data.0.request.id") == .null)
            let invoices = try await emulator.call(.GET, "/v1/invoices", ["subscription": id])
            #expect(invoices["data"]?.elements?.count == 1)
        }
    }
}
