import BillingTestSupport
import Foundation
import StripeAPI
import StripeEmulator
import Testing

/// Trials on test clocks: the `trial_will_end` notice and what happens when the trial ends.
@Suite struct TrialTests {
    @Test func trialWillEndIsSentOnceThreeDaysBeforeTheTrialEnds() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let start = 1_767_225_600
            let clock = try await emulator.stripe.testClocks.create(
                frozenTime: Date(timeIntervalSince1970: TimeInterval(start))
            )
            let customer = try await emulator.customer(testClock: clock.id.rawValue)
            let price = try await emulator.monthlyPrice(2000)
            let subscription = try await emulator.call(
                .POST,
                "/v1/subscriptions",
                ["customer": customer, "items[0][price]": price, "trial_period_days": "14"]
            )
            let id = try #require(subscription["id"]?.stringValue)
            func advance(days: Int) async throws {
                _ = try await emulator.stripe.testClocks.advance(
                    clock.id,
                    to: Date(timeIntervalSince1970: TimeInterval(start + days * 86_400))
                )
            }
            func notices() async throws -> [JSONValue] {
                let list = try await emulator.call(
                    .GET,
                    "/v1/events",
                    ["type": "customer.subscription.trial_will_end"]
                )
                return list["data"]?.elements ?? []
            }

            try await advance(days: 10)
            #expect(try await notices().isEmpty)
            try await advance(days: 11)
            let sent = try await notices()
            #expect(sent.count == 1)
            #expect(sent.first?.at("data.object.id")?.stringValue == id)
            #expect(sent.first?.at("created")?.intValue == start + 11 * 86_400)
            try await advance(days: 13)
            #expect(try await notices().count == 1)
            try await advance(days: 15)
            #expect(try await notices().count == 1)
            let active = try await emulator.call(.GET, "/v1/subscriptions/\(id)", expand: ["latest_invoice"])
            #expect(active["status"] == "active")
            #expect(active.at("latest_invoice.status") == "paid")
        }
    }

    @Test(arguments: [
        ("cancel", "canceled", "customer.subscription.deleted"),
        ("pause", "paused", "customer.subscription.paused"),
        ("create_invoice", "past_due", "invoice.payment_failed"),
    ])
    func trialEndingWithoutAPaymentMethodFollowsTheTrialSettings(
        behavior: String,
        status: String,
        event: String
    ) async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let start = 1_767_225_600
            let clock = try await emulator.call(
                .POST,
                "/v1/test_helpers/test_clocks",
                ["frozen_time": String(start)]
            )
            let clockID = try #require(clock["id"]?.stringValue)
            let customer = try await emulator.call(
                .POST,
                "/v1/customers",
                ["email": "nocard@example.com", "test_clock": clockID]
            )
            let price = try await emulator.monthlyPrice(2000)
            let subscription = try await emulator.call(
                .POST,
                "/v1/subscriptions",
                [
                    "customer": try #require(customer["id"]?.stringValue), "items[0][price]": price,
                    "trial_period_days": "7", "trial_settings[end_behavior][missing_payment_method]": behavior,
                ]
            )
            let id = try #require(subscription["id"]?.stringValue)
            #expect(subscription.at("trial_settings.end_behavior.missing_payment_method")?.stringValue == behavior)
            _ = try await emulator.call(
                .POST,
                "/v1/test_helpers/test_clocks/\(clockID)/advance",
                ["frozen_time": String(start + 8 * 86_400)]
            )
            let ended = try await emulator.call(.GET, "/v1/subscriptions/\(id)")
            #expect(ended["status"]?.stringValue == status)
            #expect(try await emulator.eventTypes().contains(event))
        }
    }

    @Test func trialEndingWithADecliningCardGoesPastDue() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let start = 1_767_225_600
            let clock = try await emulator.call(.POST, "/v1/test_helpers/test_clocks", ["frozen_time": String(start)])
            let clockID = try #require(clock["id"]?.stringValue)
            let customer = try await emulator.customer(card: "pm_card_chargeCustomerFail", testClock: clockID)
            let price = try await emulator.monthlyPrice(2000)
            let subscription = try await emulator.call(
                .POST,
                "/v1/subscriptions",
                ["customer": customer, "items[0][price]": price, "trial_period_days": "7"]
            )
            _ = try await emulator.call(
                .POST,
                "/v1/test_helpers/test_clocks/\(clockID)/advance",
                ["frozen_time": String(start + 8 * 86_400)]
            )
            let id = try #require(subscription["id"]?.stringValue)
            let pastDue = try await emulator.call(.GET, "/v1/subscriptions/\(id)", expand: ["latest_invoice"])
            #expect(pastDue["status"] == "past_due")
            #expect(pastDue.at("latest_invoice.status") == "open")
            let types = try await emulator.eventTypes()
            #expect(types.filter { $0 == "customer.subscription.trial_will_end" }.count == 1)
            #expect(types.contains("invoice.payment_failed"))
        }
    }

    @Test func theEmulatorsOwnClockSendsTheNoticeAndExpiresSessionsToo() async throws {
        let start = 1_790_000_000
        let clock = ManualEmulatorClock(start: start)
        try await EmulatorHarness.withEmulator(
            configuration: EmulatorHarness.testConfiguration(clock: .manual(clock))
        ) { emulator in
            let customer = try await emulator.customer()
            let price = try await emulator.monthlyPrice(2000)
            let subscription = try await emulator.call(
                .POST,
                "/v1/subscriptions",
                ["customer": customer, "items[0][price]": price, "trial_period_days": "14"]
            )
            let id = try #require(subscription["id"]?.stringValue)
            func notices() async throws -> Int {
                let list = try await emulator.call(
                    .GET,
                    "/v1/events",
                    ["type": "customer.subscription.trial_will_end"]
                )
                return list["data"]?.elements?.count ?? 0
            }

            clock.advance(by: 10 * 86_400)
            await emulator.emulator.store.tick()
            #expect(try await notices() == 0)
            // Created on day 10, the session expires after its default 24 hours.
            let session = try await emulator.stripe.checkoutSessions.create(
                CheckoutSessionCreateParameters(
                    mode: .subscription,
                    lineItems: [.init(price: PriceID(price))],
                    successURL: "https://app.example.com/done"
                )
            )
            #expect(try await emulator.stripe.checkoutSessions.retrieve(session.id).status == .open)
            clock.advance(by: 86_400)
            await emulator.emulator.store.tick()
            await emulator.emulator.store.tick()
            #expect(try await notices() == 1)
            #expect(try await emulator.stripe.checkoutSessions.retrieve(session.id).status == .expired)
            clock.advance(by: 4 * 86_400)
            await emulator.emulator.store.tick()
            #expect(try await notices() == 1)
            let active = try await emulator.call(.GET, "/v1/subscriptions/\(id)")
            #expect(active["status"] == "active")
        }
    }
}
