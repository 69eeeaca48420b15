import BillingTestSupport
import Foundation
import HTTPTypes
import StripeAPI
import StripeEmulator
import Testing

/// A hosted Checkout page opened in a "browser": its path and the CSRF token from the page.
struct CheckoutBrowser: Sendable {
    let emulator: RunningEmulator
    let path: String
    let csrf: String
    let page: String

    static func open(_ emulator: RunningEmulator, _ session: CheckoutSession) async throws -> CheckoutBrowser {
        let url = try #require(session.url)
        let path = url.path
        let page = try await emulator.raw(.get, path, authorized: false)
        #expect(page.status == 200)
        let marker = "name=\"csrf\" value=\""
        let start = try #require(page.text.range(of: marker)).upperBound
        let end = try #require(page.text[start...].firstIndex(of: "\""))
        return CheckoutBrowser(emulator: emulator, path: path, csrf: String(page.text[start..<end]), page: page.text)
    }

    /// Submits a page form; `csrf: nil` leaves the token out, as a forged cross-site POST would.
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

    /// Pays with a card number (expiry and CVC filled in).
    func pay(card: String, email: String? = nil) async throws -> RunningEmulator.RawResponse {
        var fields = ["number": card, "expiry": "12 / 34", "cvc": "123"]
        if let email { fields["email"] = email }
        return try await post("", fields)
    }

    func reload() async throws -> RunningEmulator.RawResponse {
        try await emulator.raw(.get, path, authorized: false)
    }
}

/// A product with a monthly price, a coupon and a promotion code over it.
struct CheckoutWorld: Sendable {
    let price: PriceID
    let oneTime: PriceID
    let coupon: CouponID
    let promotionCode: PromotionCode

    static func make(_ emulator: RunningEmulator, amount: Int = 1200) async throws -> CheckoutWorld {
        let stripe = emulator.stripe
        let product = try await stripe.products.create(ProductCreateParameters(name: "Acme <Notes> Pro"))
        let price = try await stripe.prices.create(
            PriceCreateParameters(
                currency: "usd",
                product: product.id,
                unitAmount: amount,
                recurring: .init(interval: .month)
            )
        )
        let oneTime = try await stripe.prices.create(
            PriceCreateParameters(currency: "usd", product: product.id, unitAmount: 5000)
        )
        let coupon = try await stripe.coupons.create(
            CouponCreateParameters(id: "SAVE20", percentOff: 20, duration: .forever, name: "20% off")
        )
        let promotionCode = try await stripe.promotionCodes.create(
            PromotionCodeCreateParameters(coupon: coupon.id, code: "LAUNCH20", maxRedemptions: 5)
        )
        return CheckoutWorld(price: price.id, oneTime: oneTime.id, coupon: coupon.id, promotionCode: promotionCode)
    }

    func session(
        _ emulator: RunningEmulator,
        customer: CustomerID? = nil,
        trialDays: Int? = nil,
        allowPromotionCodes: Bool? = true,
        discounts: [DiscountParameters]? = nil
    ) async throws -> CheckoutSession {
        try await emulator.stripe.checkoutSessions.create(
            CheckoutSessionCreateParameters(
                mode: .subscription,
                customer: customer,
                clientReferenceID: "account-42",
                lineItems: [.init(price: price)],
                successURL: "https://app.example.com/billing/success?session={CHECKOUT_SESSION_ID}",
                cancelURL: "https://app.example.com/billing",
                allowPromotionCodes: allowPromotionCodes,
                discounts: discounts,
                subscriptionData: .init(trialPeriodDays: trialDays, metadata: ["account_id": "42"]),
                metadata: ["plan": "pro"]
            )
        )
    }
}

@Suite struct CheckoutTests {
    private func apiError<T>(_ body: () async throws -> T) async -> StripeError? {
        do {
            _ = try await body()
            return nil
        } catch let error as StripeError {
            return error
        } catch {
            return nil
        }
    }

    @Test func sessionIsCreatedOpenWithAHostedURLAndRetrievable() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let world = try await CheckoutWorld.make(emulator)
            let session = try await world.session(emulator, trialDays: 14)

            #expect(session.id.rawValue.hasPrefix("cs_test_"))
            #expect(session.status == .open)
            #expect(session.paymentStatus == .unpaid)
            #expect(session.mode == .subscription)
            #expect(session.clientReferenceID == "account-42")
            #expect(session.url?.path == "/c/pay/\(session.id)")
            #expect(session.expiresAt.timeIntervalSince(session.created) == 86_400)
            let retrieved = try await emulator.stripe.checkoutSessions.retrieve(session.id)
            #expect(retrieved == session)
            let lines = try await emulator.call(.GET, "/v1/checkout/sessions/\(session.id)/line_items")
            #expect(lines.at("data.0.price.id")?.stringValue == world.price.rawValue)
            #expect(lines.at("data.0.quantity")?.intValue == 1)
            let expanded = try await emulator.call(.GET, "/v1/checkout/sessions/\(session.id)", expand: ["line_items"])
            #expect(expanded.at("line_items.data.0.amount_total")?.intValue == 1200)
            let plain = try await emulator.call(.GET, "/v1/checkout/sessions/\(session.id)")
            #expect(plain["line_items"] == nil)
        }
    }

    @Test func createRefusesWhatStripeRefuses() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let world = try await CheckoutWorld.make(emulator)
            let stripe = emulator.stripe
            func create(_ parameters: CheckoutSessionCreateParameters) async -> StripeError? {
                await apiError { try await stripe.checkoutSessions.create(parameters) }
            }
            let success = "https://app.example.com/done"

            let unknown = await create(
                .init(mode: .subscription, lineItems: [.init(price: "price_nope")], successURL: success)
            )
            #expect(unknown?.code == "resource_missing")
            #expect(unknown?.param == "line_items[0][price]")
            #expect(unknown?.httpStatus == 404)

            let oneTime = await create(
                .init(mode: .subscription, lineItems: [.init(price: world.oneTime)], successURL: success)
            )
            #expect(oneTime?.code == "parameter_invalid")
            #expect(oneTime?.param == "line_items")

            let recurring = await create(
                .init(
                    mode: .payment,
                    lineItems: [.init(price: world.oneTime), .init(price: world.price)],
                    successURL: success
                )
            )
            #expect(recurring?.param == "line_items[1][price]")

            let noSuccess = await create(.init(mode: .subscription, lineItems: [.init(price: world.price)]))
            #expect(noSuccess?.code == "parameter_missing")
            #expect(noSuccess?.param == "success_url")

            let both = await create(
                .init(
                    mode: .subscription,
                    lineItems: [.init(price: world.price)],
                    successURL: success,
                    allowPromotionCodes: true,
                    discounts: [DiscountParameters(coupon: world.coupon)]
                )
            )
            #expect(both?.param == "discounts")

            let badCode = await create(
                .init(
                    mode: .subscription,
                    lineItems: [.init(price: world.price)],
                    successURL: success,
                    discounts: [DiscountParameters(promotionCode: "promo_nope")]
                )
            )
            #expect(badCode?.code == "resource_missing")
            #expect(badCode?.param == "discounts[0][promotion_code]")

            let tooLong = await create(
                .init(
                    mode: .subscription,
                    lineItems: [.init(price: world.price)],
                    successURL: success,
                    expiresAt: Date().addingTimeInterval(2 * 86_400)
                )
            )
            #expect(tooLong?.param == "expires_at")
            let tooShort = await create(
                .init(
                    mode: .subscription,
                    lineItems: [.init(price: world.price)],
                    successURL: success,
                    expiresAt: Date().addingTimeInterval(600)
                )
            )
            #expect(tooShort?.param == "expires_at")

            let sessions = try await stripe.checkoutSessions.list()
            #expect(sessions.data.isEmpty)
        }
    }

    @Test func payingStartsTheSubscriptionAndRedirectsWithTheSessionID() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let world = try await CheckoutWorld.make(emulator)
            let session = try await world.session(emulator, allowPromotionCodes: false)
            let browser = try await CheckoutBrowser.open(emulator, session)
            #expect(browser.page.contains("Acme &lt;Notes&gt; Pro") && !browser.page.contains("<Notes>"))
            #expect(browser.page.contains("$12.00/month"))
            #expect(browser.page.contains("href=\"https://app.example.com/billing\""))

            let paid = try await browser.pay(card: "4242 4242 4242 4242", email: "new@example.com")
            #expect(paid.status == 303)
            #expect(paid.location == "https://app.example.com/billing/success?session=\(session.id)")

            let completed = try await emulator.stripe.checkoutSessions.retrieve(session.id)
            #expect(completed.status == .complete)
            #expect(completed.paymentStatus == .paid)
            #expect(completed.url == nil)
            #expect(completed.customerDetailsEmail == "new@example.com")
            let subscriptionID = try #require(completed.subscription?.id)
            let subscription = try await emulator.call(
                .GET,
                "/v1/subscriptions/\(subscriptionID)",
                expand: ["latest_invoice", "customer"]
            )
            #expect(subscription["status"] == "active")
            #expect(subscription.at("latest_invoice.status") == "paid")
            #expect(subscription.at("latest_invoice.amount_paid")?.intValue == 1200)
            #expect(subscription.at("latest_invoice.id")?.stringValue == completed.invoice?.id.rawValue)
            #expect(subscription.at("metadata.account_id") == "42")
            #expect(subscription.at("customer.email") == "new@example.com")
            let method = try #require(subscription.at("customer.invoice_settings.default_payment_method")?.stringValue)
            #expect(subscription["default_payment_method"]?.stringValue == method)

            let types = try await emulator.eventTypes().drop { $0 != "customer.created" }
            #expect(
                Array(types) == [
                    "customer.created", "payment_method.attached", "customer.updated",
                    "customer.subscription.created", "invoice.created", "invoice.finalized", "invoice.paid",
                    "invoice.payment_succeeded", "checkout.session.completed",
                ]
            )
            let again = try await browser.reload()
            #expect(again.status == 410)
        }
    }

    @Test func aDecliningCardShowsStripesMessageAndChangesNothing() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let world = try await CheckoutWorld.make(emulator)
            let session = try await world.session(emulator)
            let browser = try await CheckoutBrowser.open(emulator, session)
            let before = try await emulator.eventTypes()

            let declined = try await browser.pay(card: "4000000000000002", email: "new@example.com")
            #expect(declined.status == 402)
            #expect(declined.text.contains("Your card was declined."))
            let failing = try await browser.pay(card: "4000000000000341", email: "new@example.com")
            #expect(failing.status == 402)

            #expect(try await emulator.eventTypes() == before)
            #expect(try await emulator.stripe.checkoutSessions.retrieve(session.id).status == .open)
            #expect(try await emulator.call(.GET, "/v1/customers")["data"]?.elements?.isEmpty == true)
            #expect(try await emulator.call(.GET, "/v1/subscriptions")["data"]?.elements?.isEmpty == true)
            let forged = try await browser.post("", ["number": "4242424242424242"], csrf: "forged")
            #expect(forged.status == 403)
            let missing = try await browser.post("", ["number": "4242424242424242"], csrf: nil)
            #expect(missing.status == 403)
        }
    }

    @Test func trialStartsWithAZeroInvoiceAndThePromotionCodeApplied() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let world = try await CheckoutWorld.make(emulator)
            let customer = try await emulator.stripe.customers.create(
                CustomerCreateParameters(email: "amy@example.com")
            )
            let session = try await world.session(emulator, customer: customer.id, trialDays: 14)
            let browser = try await CheckoutBrowser.open(emulator, session)
            #expect(browser.page.contains("14 days free, then $12.00/month"))

            let bad = try await browser.post("/promotion", ["code": "NOPE"])
            #expect(bad.status == 400)
            #expect(bad.text.contains("This code is invalid."))
            let applied = try await browser.post("/promotion", ["code": "launch20"])
            #expect(applied.status == 303)
            let page = try await browser.reload()
            #expect(page.text.contains("LAUNCH20"))
            #expect(page.text.contains("-$2.40"))

            let paid = try await browser.pay(card: "4242424242424242")
            #expect(paid.status == 303)
            let completed = try await emulator.stripe.checkoutSessions.retrieve(session.id)
            #expect(completed.paymentStatus == .noPaymentRequired)
            #expect(completed.customer?.id == customer.id)
            let subscription = try await emulator.call(
                .GET,
                "/v1/subscriptions/\(try #require(completed.subscription?.id))",
                expand: ["latest_invoice", "discounts"]
            )
            #expect(subscription["status"] == "trialing")
            #expect(subscription.at("latest_invoice.amount_due")?.intValue == 0)
            #expect(subscription.at("latest_invoice.status") == "paid")
            #expect(subscription.at("discounts.0.promotion_code")?.stringValue == world.promotionCode.id.rawValue)
            #expect(subscription.at("discounts.0.checkout_session")?.stringValue == session.id.rawValue)
            let code = try await emulator.stripe.promotionCodes.retrieve(world.promotionCode.id)
            #expect(code.timesRedeemed == 1)
        }
    }

    @Test func aSetupFeeIsChargedTodayEvenDuringTheTrial() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let world = try await CheckoutWorld.make(emulator)
            let session = try await emulator.stripe.checkoutSessions.create(
                CheckoutSessionCreateParameters(
                    mode: .subscription,
                    lineItems: [.init(price: world.price), .init(price: world.oneTime)],
                    successURL: "https://app.example.com/done",
                    subscriptionData: .init(trialPeriodDays: 7)
                )
            )
            #expect(session.amountTotal == 5000)
            let browser = try await CheckoutBrowser.open(emulator, session)
            #expect(browser.page.contains("7 days free, then $12.00/month"))
            #expect(browser.page.contains("<strong>$50.00</strong>"))

            let paid = try await browser.pay(card: "4242424242424242", email: "fee@example.com")
            #expect(paid.status == 303)
            let completed = try await emulator.stripe.checkoutSessions.retrieve(session.id)
            #expect(completed.paymentStatus == .paid)
            let invoice = try await emulator.call(.GET, "/v1/invoices/\(try #require(completed.invoice?.id))")
            #expect(invoice["amount_paid"]?.intValue == 5000)
            #expect(invoice.at("lines.data.1.parent.type") == "invoice_item_details")
            let subscription = try await emulator.call(
                .GET,
                "/v1/subscriptions/\(try #require(completed.subscription?.id))"
            )
            #expect(subscription["status"] == "trialing")
            #expect(subscription.at("items.data")?.elements?.count == 1)
        }
    }

    @Test func expiredSessionsRefusePaymentAndEmitTheirEvent() async throws {
        let clock = ManualEmulatorClock(start: 1_790_000_000)
        try await EmulatorHarness.withEmulator(
            configuration: EmulatorHarness.testConfiguration(clock: .manual(clock))
        ) { emulator in
            let world = try await CheckoutWorld.make(emulator)
            let short = try await emulator.stripe.checkoutSessions.create(
                CheckoutSessionCreateParameters(
                    mode: .subscription,
                    lineItems: [.init(price: world.price)],
                    successURL: "https://app.example.com/done",
                    expiresAt: Date(timeIntervalSince1970: 1_790_000_000 + 1_800)
                )
            )
            let browser = try await CheckoutBrowser.open(emulator, short)
            clock.advance(by: 1_801)
            let late = try await browser.pay(card: "4242424242424242", email: "late@example.com")
            #expect(late.status == 410)
            let expired = try await emulator.stripe.checkoutSessions.retrieve(short.id)
            #expect(expired.status == .expired)
            #expect(expired.url == nil)

            let other = try await world.session(emulator)
            let manual = try await emulator.stripe.checkoutSessions.expire(other.id)
            #expect(manual.status == .expired)
            let twice = await apiError { try await emulator.stripe.checkoutSessions.expire(other.id) }
            #expect(twice?.httpStatus == 400)
            let events = try await emulator.call(.GET, "/v1/events", ["type": "checkout.session.expired"])
            #expect(events["data"]?.elements?.count == 2)
            let listed = try await emulator.stripe.checkoutSessions.list(.init(status: .expired))
            #expect(Set(listed.data.map(\.id)) == [short.id, other.id])
            #expect(try await emulator.call(.GET, "/v1/subscriptions")["data"]?.elements?.isEmpty == true)
        }
    }

    @Test func promotionCodesAreUniqueAmongActiveCodesAndFilterable() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let world = try await CheckoutWorld.make(emulator)
            let codes = emulator.stripe.promotionCodes
            let duplicate = await apiError {
                try await codes.create(PromotionCodeCreateParameters(coupon: world.coupon, code: "Launch20"))
            }
            #expect(duplicate?.param == "code")

            let deactivated = try await codes.update(world.promotionCode.id, .init(active: false, metadata: ["a": "b"]))
            #expect(!deactivated.active)
            #expect(deactivated.metadata == ["a": "b"])
            let reused = try await codes.create(PromotionCodeCreateParameters(coupon: world.coupon, code: "Launch20"))
            let reactivate = await apiError { try await codes.update(world.promotionCode.id, .init(active: true)) }
            #expect(reactivate?.param == "code")

            let byCode = try await codes.list(.init(code: "LAUNCH20"))
            #expect(Set(byCode.data.map(\.id)) == [world.promotionCode.id, reused.id])
            let active = try await codes.list(.init(active: true, code: "launch20"))
            #expect(active.data.map(\.id) == [reused.id])
            let byCoupon = try await codes.list(.init(coupon: world.coupon))
            #expect(byCoupon.data.count == 2)
            let expanded = try await codes.retrieve(reused.id, expand: ["promotion.coupon"])
            #expect(expanded.coupon.object?.percentOff == 20)
            let generated = try await codes.create(PromotionCodeCreateParameters(coupon: world.coupon))
            #expect(!generated.code.isEmpty)

            let inactive = await apiError {
                try await emulator.stripe.checkoutSessions.create(
                    .init(
                        mode: .subscription,
                        lineItems: [.init(price: world.price)],
                        successURL: "https://app.example.com/done",
                        discounts: [DiscountParameters(promotionCode: world.promotionCode.id.rawValue)]
                    )
                )
            }
            #expect(inactive?.param == "discounts[0][promotion_code]")
        }
    }
}
