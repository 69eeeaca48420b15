import BillingTestSupport
import Foundation
import HTTPTypes
import StripeAPI
import StripeEmulator
import Testing

/// A portal session opened in a "browser": its path and the CSRF token from its first page.
struct PortalBrowser: Sendable {
    let emulator: RunningEmulator
    let path: String
    let csrf: String

    static func open(_ emulator: RunningEmulator, _ session: PortalSession) async throws -> PortalBrowser {
        let path = emulator.path(of: session.url)
        #expect(try await emulator.raw(.get, path).status == 200)
        let page = try await emulator.raw(.get, path + "/payment-methods")
        let marker = "name=\"csrf\" value=\""
        let start = try #require(page.text.range(of: marker)).upperBound
        let end = try #require(page.text[start...].firstIndex(of: "\""))
        return PortalBrowser(emulator: emulator, path: path, csrf: String(page.text[start..<end]))
    }

    /// Submits a portal form; `csrf: nil` leaves the token out, as a forged cross-site POST would.
    func post(_ action: String, _ fields: [String: String] = [:], csrf: String? = "") async throws
        -> RunningEmulator.RawResponse
    {
        var all = fields
        if let csrf { all["csrf"] = csrf.isEmpty ? self.csrf : csrf }
        let body = all.map { key, value in
            "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        }.joined(separator: "&")
        return try await emulator.raw(.post, path + action, body: body, authorized: false)
    }

    func get(_ page: String = "") async throws -> RunningEmulator.RawResponse {
        try await emulator.raw(.get, path + page, authorized: false)
    }
}

extension RunningEmulator.RawResponse {
    var location: String? { headers[.location] }
}

@Suite struct PortalUITests {
    func subscription(_ emulator: RunningEmulator, _ id: SubscriptionID) async throws -> JSONValue {
        try await emulator.call(.GET, "/v1/subscriptions/\(id)")
    }

    @Test func cancelAtPeriodEndThenReasonLandsInTwoUpdates() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let world = try await PortalWorld.make(emulator)
            let browser = try await PortalBrowser.open(emulator, try await world.session(emulator))
            let cancel = try await browser.post("/subscriptions/\(world.subscription)/cancel")
            #expect(cancel.status == 303)
            #expect(cancel.location == browser.path + "/subscriptions/\(world.subscription)/cancel/reason")
            let scheduled = try await subscription(emulator, world.subscription)
            #expect(scheduled["cancel_at_period_end"] == true)
            #expect(scheduled.at("cancellation_details.reason") == "cancellation_requested")
            let reason = try await browser.post(
                "/subscriptions/\(world.subscription)/cancel/reason",
                ["feedback": "too_expensive", "comment": "Costs <too> much"]
            )
            #expect(reason.status == 303 && reason.location == browser.path)
            let final = try await subscription(emulator, world.subscription)
            #expect(final.at("cancellation_details.feedback") == "too_expensive")
            #expect(final.at("cancellation_details.comment") == "Costs <too> much")
            #expect(final["cancel_at_period_end"] == true)
            let updates = try await emulator.call(.GET, "/v1/events", ["type": "customer.subscription.updated"])
            #expect(updates.at("data.0.data.previous_attributes.cancellation_details.feedback") == .null)
            #expect(updates.at("data.1.data.previous_attributes.cancel_at_period_end") == false)
            #expect(updates.at("data.0.request.id")?.stringValue?.hasPrefix("req_") == true)
            let home = try await browser.get()
            #expect(home.text.contains("Renew plan"))
            #expect(home.text.contains("Acme &lt;Billing&gt; &amp; Co") && !home.text.contains("<Billing>"))
        }
    }

    @Test func cancelImmediatelyEndsTheSubscription() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let world = try await PortalWorld.make(emulator, cancelMode: "immediately")
            let browser = try await PortalBrowser.open(emulator, try await world.session(emulator))
            #expect(try await browser.post("/subscriptions/\(world.subscription)/cancel").status == 303)
            let canceled = try await subscription(emulator, world.subscription)
            #expect(canceled["status"] == "canceled" && canceled["ended_at"]?.intValue != nil)
            #expect(try await emulator.eventTypes().contains("customer.subscription.deleted"))
        }
    }

    @Test func forgedPostsAreRefusedAndChangeNothing() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let world = try await PortalWorld.make(emulator)
            let browser = try await PortalBrowser.open(emulator, try await world.session(emulator))
            let before = try await subscription(emulator, world.subscription)
            let eventCount = try await emulator.eventTypes().count
            let missing = try await browser.post("/subscriptions/\(world.subscription)/cancel", csrf: nil)
            #expect(missing.status == 403)
            let wrong = try await browser.post("/subscriptions/\(world.subscription)/cancel", csrf: "x" + browser.csrf)
            #expect(wrong.status == 403)
            // The token's last character changed to another one (a token may itself end in "Z").
            var tampered = browser.path
            let last = tampered.removeLast()
            let forgedLink = PortalBrowser(
                emulator: emulator,
                path: tampered + (last == "Z" ? "Y" : "Z"),
                csrf: browser.csrf
            )
            let badLink = try await forgedLink.post("/subscriptions/\(world.subscription)/cancel")
            #expect(badLink.status == 404 && badLink.text.contains("no longer valid"))
            #expect(try await forgedLink.get().status == 404)
            #expect(try await subscription(emulator, world.subscription) == before)
            #expect(try await emulator.eventTypes().count == eventCount)
        }
    }

    @Test func anotherCustomersObjectsAreRefused() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let world = try await PortalWorld.make(emulator)
            let theirs = try await emulator.call(
                .POST,
                "/v1/subscriptions",
                ["customer": world.otherCustomer.rawValue, "items[0][price]": world.prices[0].rawValue]
            )
            let theirID = try #require(theirs["id"]?.stringValue)
            let theirCustomer = try await emulator.call(.GET, "/v1/customers/\(world.otherCustomer)")
            let theirCard = try #require(theirCustomer.at("invoice_settings.default_payment_method")?.stringValue)
            let browser = try await PortalBrowser.open(emulator, try await world.session(emulator))
            let eventCount = try await emulator.eventTypes().count
            for action in [
                "/subscriptions/\(theirID)/cancel", "/subscriptions/\(theirID)/renew",
                "/payment-methods/\(theirCard)/remove", "/payment-methods/\(theirCard)/default",
            ] {
                let response = try await browser.post(action)
                #expect(response.status == 404, "\(action)")
            }
            let update = try await browser.post(
                "/subscriptions/\(theirID)/update",
                ["price": world.prices[1].rawValue]
            )
            #expect(update.status == 404)
            #expect(try await browser.get("/subscriptions/\(theirID)/cancel").status == 404)
            #expect(try await subscription(emulator, SubscriptionID(rawValue: theirID)) == theirs)
            let card = try await emulator.call(.GET, "/v1/payment_methods/\(theirCard)")
            #expect(card["customer"]?.stringValue == world.otherCustomer.rawValue)
            #expect(try await emulator.eventTypes().count == eventCount)
        }
    }

    @Test func plansOutsideTheConfigurationAreRefused() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let world = try await PortalWorld.make(emulator)
            let (_, outside) = try await emulator.product(amounts: [500])
            let browser = try await PortalBrowser.open(emulator, try await world.session(emulator))
            let before = try await subscription(emulator, world.subscription)
            let refused = try await browser.post(
                "/subscriptions/\(world.subscription)/update",
                ["price": outside[0].rawValue]
            )
            #expect(refused.status == 400 && refused.text.contains("That plan is not available."))
            let preview = try await browser.get(
                "/subscriptions/\(world.subscription)/update/confirm?price=\(outside[0])"
            )
            #expect(preview.text.contains("That plan is not available."))
            #expect(try await subscription(emulator, world.subscription) == before)
        }
    }

    @Test func upgradeIsInvoicedNowAndDowngradeIsScheduled() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let world = try await PortalWorld.make(emulator)
            let browser = try await PortalBrowser.open(emulator, try await world.session(emulator))
            let preview = try await browser.get(
                "/subscriptions/\(world.subscription)/update/confirm?price=\(world.prices[2])"
            )
            #expect(preview.text.contains("Amount due today: $"))
            #expect(
                try await browser.post(
                    "/subscriptions/\(world.subscription)/update",
                    ["price": world.prices[2].rawValue]
                ).status == 303
            )
            let upgraded = try await emulator.call(
                .GET,
                "/v1/subscriptions/\(world.subscription)",
                expand: ["latest_invoice"]
            )
            #expect(upgraded.at("items.data.0.price.id")?.stringValue == world.prices[2].rawValue)
            #expect(upgraded.at("latest_invoice.billing_reason") == "subscription_update")

            let downgrade = try await browser.post(
                "/subscriptions/\(world.subscription)/update",
                ["price": world.prices[1].rawValue]
            )
            #expect(downgrade.status == 303)
            let scheduled = try await subscription(emulator, world.subscription)
            #expect(scheduled.at("items.data.0.price.id")?.stringValue == world.prices[2].rawValue)
            let schedule = try #require(scheduled["schedule"]?.stringValue)
            let object = try await emulator.call(.GET, "/v1/subscription_schedules/\(schedule)")
            #expect(object.at("phases.1.items.0.price")?.stringValue == world.prices[1].rawValue)
            #expect(try await emulator.eventTypes().contains("subscription_schedule.created"))
        }
    }

    @Test func retentionOfferAppliesTheCouponWithoutCancelling() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let world = try await PortalWorld.make(emulator)
            let session = try await world.session(
                emulator,
                flow: .subscriptionCancel(
                    world.subscription,
                    retentionCoupon: world.coupon,
                    afterCompletion: .redirect(to: "https://app.example/kept")
                )
            )
            let browser = try await PortalBrowser.open(emulator, session)
            #expect(try await browser.get().text.contains("30% off"))
            let accepted = try await browser.post("/subscriptions/\(world.subscription)/retention")
            #expect(accepted.status == 303 && accepted.location == "https://app.example/kept")
            let kept = try await subscription(emulator, world.subscription)
            #expect(kept["cancel_at_period_end"] == false && kept["status"] == "active")
            #expect(kept["discounts"]?.elements?.count == 1)
            let again = try await browser.post("/subscriptions/\(world.subscription)/retention")
            #expect(again.status == 400)
        }
    }

    @Test func renewUndoesAScheduledCancellation() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let world = try await PortalWorld.make(emulator)
            _ = try await emulator.call(
                .POST,
                "/v1/subscriptions/\(world.subscription)",
                ["cancel_at_period_end": "true"]
            )
            let browser = try await PortalBrowser.open(emulator, try await world.session(emulator))
            #expect(try await browser.post("/subscriptions/\(world.subscription)/renew").status == 303)
            let renewed = try await subscription(emulator, world.subscription)
            #expect(renewed["cancel_at_period_end"] == false && renewed["cancel_at"] == .null)
            #expect(renewed["canceled_at"] == .null)
            #expect(try await browser.post("/subscriptions/\(world.subscription)/renew").status == 400)
        }
    }

    @Test func declinedCardChangesNothingAndGoodCardBecomesDefault() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let world = try await PortalWorld.make(emulator)
            let session = try await world.session(
                emulator,
                flow: .paymentMethodUpdate(afterCompletion: .hostedConfirmation(customMessage: "Card <saved>"))
            )
            let browser = try await PortalBrowser.open(emulator, session)
            let before = try await emulator.call(.GET, "/v1/customers/\(world.customer)")
            let declined = try await browser.post(
                "/payment-methods",
                ["number": "4000 0000 0000 0002", "expiry": "12 / 34", "cvc": "123"]
            )
            #expect(declined.status == 402 && declined.text.contains("Your card was declined."))
            #expect(try await emulator.call(.GET, "/v1/customers/\(world.customer)") == before)
            let added = try await browser.post(
                "/payment-methods",
                ["number": "5555 5555 5555 4444", "expiry": "12 / 34", "cvc": "123"]
            )
            #expect(added.status == 303 && added.location == browser.path + "/done")
            let done = try await browser.get("/done")
            #expect(done.text.contains("Card &lt;saved&gt;"))
            let after = try await emulator.call(
                .GET,
                "/v1/customers/\(world.customer)",
                expand: ["invoice_settings.default_payment_method"]
            )
            #expect(after.at("invoice_settings.default_payment_method.card.last4") == "4444")
            let types = try await emulator.eventTypes()
            #expect(types.suffix(2) == ["payment_method.attached", "customer.updated"])
        }
    }

    @Test func pauseAndResumeChangeTheStatus() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let world = try await PortalWorld.make(emulator)
            let browser = try await PortalBrowser.open(
                emulator,
                try await world.session(emulator, flow: .subscriptionPause(world.subscription))
            )
            #expect(try await browser.post("/subscriptions/\(world.subscription)/pause").status == 303)
            #expect(try await subscription(emulator, world.subscription)["status"] == "paused")
            #expect(try await browser.post("/subscriptions/\(world.subscription)/resume").status == 303)
            #expect(try await subscription(emulator, world.subscription)["status"] == "active")
            let types = try await emulator.eventTypes()
            #expect(types.contains("customer.subscription.paused") && types.contains("customer.subscription.resumed"))
        }
    }
}
