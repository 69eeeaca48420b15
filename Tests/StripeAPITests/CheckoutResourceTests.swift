import Foundation
import StripeAPI
import Testing

/// The escaped pairs, sorted, for comparison with a recorded SDK request.
private func sortedForm(_ value: some Encodable) throws -> [String] {
    SDKEncodingCase.pairs(try FormEncoder().encode(value))
}

private func decodeFixture<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
    try StripeJSON.decoder.decode(T.self, from: fixtureData("\(name).json"))
}

private func fixture(_ name: String) throws -> ScriptedResponse {
    .json(status: 200, body: String(decoding: try fixtureData("\(name).json"), as: UTF8.self))
}

@Suite struct CheckoutEncodingTests {
    @Test func subscriptionSessionWithTrialAndPromotionCodesMatchesTheOfficialSDK() throws {
        let parameters = CheckoutSessionCreateParameters(
            mode: .subscription,
            customer: "cus_123",
            clientReferenceID: "account-42",
            lineItems: [.init(price: "price_pro", quantity: 2)],
            successURL: "https://app.example.com/billing/success?session={CHECKOUT_SESSION_ID}",
            cancelURL: "https://app.example.com/billing?canceled=1",
            allowPromotionCodes: true,
            subscriptionData: .init(trialPeriodDays: 14, metadata: ["account_id": "42"]),
            expiresAt: Date(timeIntervalSince1970: 1_790_003_600),
            metadata: ["plan": "pro", "note": "a&b=c ü"]
        )

        let sdk = try SDKEncodingCase.named("checkout_session.create.subscription")
        #expect(try sortedForm(parameters) == SDKEncodingCase.pairs(sdk.body))
    }

    @Test func sessionWithAPromotionCodeDiscountMatchesTheOfficialSDK() throws {
        let parameters = CheckoutSessionCreateParameters(
            mode: .subscription,
            customerEmail: "jenny+billing@example.com",
            lineItems: [.init(price: "price_pro")],
            successURL: "https://app.example.com/billing/success",
            discounts: [DiscountParameters(promotionCode: "promo_123")]
        )

        let sdk = try SDKEncodingCase.named("checkout_session.create.discount")
        #expect(try sortedForm(parameters) == SDKEncodingCase.pairs(sdk.body))
    }

    @Test func promotionCodeCreationSendsThePromotionHashLikeTheOfficialSDK() throws {
        let parameters = PromotionCodeCreateParameters(
            coupon: "SAVE20",
            code: "LAUNCH20",
            expiresAt: Date(timeIntervalSince1970: 1_790_086_400),
            maxRedemptions: 100,
            metadata: ["campaign": "launch"]
        )

        let sdk = try SDKEncodingCase.named("promotion_code.create")
        #expect(try sortedForm(parameters) == SDKEncodingCase.pairs(sdk.body))
    }

    @Test func promotionCodeUpdateAndListMatchTheOfficialSDK() throws {
        let update = PromotionCodeUpdateParameters(active: false, metadata: ["campaign": ""])
        let list = PromotionCodeListParameters(active: true, code: "launch20", coupon: "SAVE20")

        #expect(try sortedForm(update) == SDKEncodingCase.pairs(SDKEncodingCase.named("promotion_code.update").body))
        #expect(try sortedForm(list) == SDKEncodingCase.pairs(SDKEncodingCase.named("promotion_code.list").query))
    }

    @Test func checkoutSessionListMatchesTheOfficialSDK() throws {
        let list = CheckoutSessionListParameters(customer: "cus_123", status: .complete, limit: 5)

        #expect(try sortedForm(list) == SDKEncodingCase.pairs(SDKEncodingCase.named("checkout_session.list").query))
    }
}

@Suite struct CheckoutRequestTests {
    @Test func sessionsAreCreatedListedAndExpiredOnTheirPaths() async throws {
        let list = #"{"object":"list","url":"/v1/checkout/sessions","has_more":false,"data":[]}"#
        let script = RequestScript([
            try fixture("checkout.session.open"), .json(status: 200, body: list), try fixture("checkout.session"),
            try fixture("checkout.session"),
        ])
        try await withScriptedStripe(script) { stripe in
            let created = try await stripe.checkoutSessions.create(
                CheckoutSessionCreateParameters(
                    mode: .subscription,
                    customerEmail: "jenny+billing@example.com",
                    lineItems: [.init(price: "price_pro")],
                    successURL: "https://app.example.com/billing/success",
                    discounts: [DiscountParameters(promotionCode: "promo_123")]
                ),
                options: RequestOptions(idempotencyKey: "checkout-42")
            )
            #expect(created.status == .open)
            _ = try await stripe.checkoutSessions.list(
                CheckoutSessionListParameters(customer: "cus_123", status: .complete, limit: 5)
            )
            _ = try await stripe.checkoutSessions.retrieve("cs_test_123", expand: ["customer"])
            _ = try await stripe.checkoutSessions.expire("cs_test_123")
        }
        let requests = await script.requests
        #expect(requests.map(\.method) == ["POST", "GET", "GET", "POST"])
        #expect(
            requests.map(\.path) == [
                "/v1/checkout/sessions", "/v1/checkout/sessions", "/v1/checkout/sessions/cs_test_123",
                "/v1/checkout/sessions/cs_test_123/expire",
            ]
        )
        let create = try SDKEncodingCase.named("checkout_session.create.discount")
        #expect(SDKEncodingCase.pairs(requests[0].body) == SDKEncodingCase.pairs(create.body))
        #expect(requests[0].header("Idempotency-Key") == "checkout-42")
        let listed = try SDKEncodingCase.named("checkout_session.list")
        #expect(SDKEncodingCase.pairs(requests[1].query) == SDKEncodingCase.pairs(listed.query))
        #expect(requests[2].query == "expand[0]=customer" || requests[2].query == "expand[]=customer")
        let expire = try SDKEncodingCase.named("checkout_session.expire")
        #expect(requests[3].body == expire.body)
    }

    @Test func promotionCodesAreCreatedUpdatedAndListedOnTheirPaths() async throws {
        let list = #"{"object":"list","url":"/v1/promotion_codes","has_more":false,"data":[]}"#
        let script = RequestScript([
            try fixture("promotion_code"), try fixture("promotion_code"), .json(status: 200, body: list),
            try fixture("promotion_code"),
        ])
        try await withScriptedStripe(script) { stripe in
            let created = try await stripe.promotionCodes.create(
                PromotionCodeCreateParameters(
                    coupon: "SAVE20",
                    code: "LAUNCH20",
                    expiresAt: Date(timeIntervalSince1970: 1_790_086_400),
                    maxRedemptions: 100,
                    metadata: ["campaign": "launch"]
                )
            )
            #expect(created.code == "LAUNCH20")
            _ = try await stripe.promotionCodes.update(
                "promo_123",
                PromotionCodeUpdateParameters(active: false, metadata: ["campaign": ""])
            )
            _ = try await stripe.promotionCodes.list(
                PromotionCodeListParameters(active: true, code: "launch20", coupon: "SAVE20")
            )
            _ = try await stripe.promotionCodes.retrieve("promo_123")
        }
        let requests = await script.requests
        #expect(requests.map(\.method) == ["POST", "POST", "GET", "GET"])
        #expect(
            requests.map(\.path) == [
                "/v1/promotion_codes", "/v1/promotion_codes/promo_123", "/v1/promotion_codes",
                "/v1/promotion_codes/promo_123",
            ]
        )
        for (index, name) in [(0, "promotion_code.create"), (1, "promotion_code.update")] {
            let sdk = try SDKEncodingCase.named(name)
            #expect(SDKEncodingCase.pairs(requests[index].body) == SDKEncodingCase.pairs(sdk.body))
        }
        let listed = try SDKEncodingCase.named("promotion_code.list")
        #expect(SDKEncodingCase.pairs(requests[2].query) == SDKEncodingCase.pairs(listed.query))
    }
}

@Suite struct CheckoutDecodingTests {
    @Test func completedSessionCarriesItsSubscriptionInvoiceAndExpandedCustomer() throws {
        let session = try decodeFixture("checkout.session", as: CheckoutSession.self)

        #expect(session.id == "cs_test_a1QjennyProTrial2026xYz")
        #expect(session.mode == .subscription)
        #expect(session.status == .complete)
        #expect(session.paymentStatus == .noPaymentRequired)
        #expect(session.url == nil)
        #expect(session.customer?.object?.email == "jenny+billing@example.com")
        #expect(session.customer?.id == "cus_RqJenny")
        #expect(session.customerDetailsEmail == "jenny+billing@example.com")
        #expect(session.subscription == .id("sub_1QjennyPro"))
        #expect(session.invoice?.id == "in_1QjennyTrialStart")
        #expect(session.clientReferenceID == "account-42")
        #expect(session.allowPromotionCodes)
        #expect(session.successURL == "https://app.example.com/account/billing/success?session={CHECKOUT_SESSION_ID}")
        #expect(session.expiresAt == Date(timeIntervalSince1970: 1_788_307_200))
        #expect(session.metadata == ["plan": "pro"])
    }

    @Test func openSessionHasAURLThatItsDescriptionLeavesOut() throws {
        let session = try decodeFixture("checkout.session.open", as: CheckoutSession.self)

        #expect(session.status == .open)
        #expect(session.paymentStatus == .unpaid)
        #expect(session.customer == nil)
        #expect(session.amountTotal == 3000)
        let url = try #require(session.url)
        #expect(url.absoluteString.hasPrefix("https://checkout.stripe.com/c/pay/cs_test_"))
        #expect(!session.description.contains("checkout.stripe.com"))
        #expect(!String(reflecting: session).contains("checkout.stripe.com"))
    }

    @Test func unknownSessionValuesKeepTheirRawValues() throws {
        var json = String(decoding: try fixtureData("checkout.session.open.json"), as: UTF8.self)
        json = json.replacingOccurrences(of: #""mode": "subscription""#, with: #""mode": "future_mode""#)
            .replacingOccurrences(of: #""payment_status": "unpaid""#, with: #""payment_status": "pending""#)
        let session = try StripeJSON.decoder.decode(CheckoutSession.self, from: Data(json.utf8))

        #expect(session.mode.rawValue == "future_mode")
        #expect(session.paymentStatus == "pending")
    }

    @Test func promotionCodeReadsItsCouponFromThePromotionHash() throws {
        let promotionCode = try decodeFixture("promotion_code", as: PromotionCode.self)

        #expect(promotionCode.id == "promo_1QlaunchTwenty")
        #expect(promotionCode.code == "LAUNCH20")
        #expect(promotionCode.active)
        #expect(promotionCode.promotionType == "coupon")
        #expect(promotionCode.coupon.id == "SAVE20")
        #expect(promotionCode.coupon.object?.percentOff == 20)
        #expect(promotionCode.maxRedemptions == 100)
        #expect(promotionCode.timesRedeemed == 7)
        #expect(promotionCode.expiresAt == Date(timeIntervalSince1970: 1_790_899_200))
        #expect(promotionCode.customer == nil)
        #expect(promotionCode.metadata == ["campaign": "launch"])
    }

    @Test func promotionCodeFromAnOlderVersionReadsTheTopLevelCoupon() throws {
        let json = #"""
            {"id":"promo_old","object":"promotion_code","active":false,"code":"OLD10","coupon":"TEN",
             "customer":"cus_1","expires_at":null,"max_redemptions":null,"metadata":{},"times_redeemed":0}
            """#
        let promotionCode = try StripeJSON.decoder.decode(PromotionCode.self, from: Data(json.utf8))

        #expect(promotionCode.coupon == .id("TEN"))
        #expect(!promotionCode.active)
        #expect(promotionCode.customer == "cus_1")
    }
}
