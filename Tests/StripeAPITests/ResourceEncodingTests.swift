import Foundation
import StripeAPI
import Testing

/// The unescaped `key=value` pairs a parameter value encodes to, in encoding order.
private func formPairs(_ value: some Encodable) throws -> [String] {
    try FormEncoder().pairs(value).map { "\($0.key)=\($0.value)" }
}

/// The escaped pairs, sorted, for comparison with a recorded SDK request.
private func sortedForm(_ value: some Encodable) throws -> [String] {
    SDKEncodingCase.pairs(try FormEncoder().encode(value))
}

@Suite struct ResourceEncodingTests {
    @Test func portalSessionWithARetentionOfferEncodesEveryFlowField() throws {
        let parameters = PortalSessionCreateParameters(
            customer: "cus_123",
            returnURL: "https://app.example.com/account/billing?tab=1",
            configuration: "bpc_123",
            locale: .enGB,
            flowData: .subscriptionCancel(
                "sub_123",
                retentionCoupon: "SAVE20",
                afterCompletion: .redirect(to: "https://app.example.com/account/billing?canceled=1")
            )
        )

        #expect(
            try formPairs(parameters) == [
                "customer=cus_123",
                "return_url=https://app.example.com/account/billing?tab=1",
                "configuration=bpc_123",
                "locale=en-GB",
                "flow_data[type]=subscription_cancel",
                "flow_data[after_completion][type]=redirect",
                "flow_data[after_completion][redirect][return_url]=https://app.example.com/account/billing?canceled=1",
                "flow_data[subscription_cancel][subscription]=sub_123",
                "flow_data[subscription_cancel][retention][type]=coupon_offer",
                "flow_data[subscription_cancel][retention][coupon_offer][coupon]=SAVE20",
            ]
        )
        let sdk = try SDKEncodingCase.named("portal_session.create.cancel_retention")
        #expect(try sortedForm(parameters) == SDKEncodingCase.pairs(sdk.body))
    }

    @Test func portalSessionConfirmingAPreparedChangeMatchesTheOfficialSDK() throws {
        let parameters = PortalSessionCreateParameters(
            customer: "cus_123",
            returnURL: "https://app.example.com/account/billing",
            flowData: .subscriptionUpdateConfirm(
                "sub_123",
                items: [.init(id: "si_123", price: "price_team", quantity: 3)],
                discounts: [.init(coupon: "SAVE20")],
                afterCompletion: .hostedConfirmation(customMessage: "Welcome to Team!")
            )
        )

        let sdk = try SDKEncodingCase.named("portal_session.create.update_confirm")
        #expect(try sortedForm(parameters) == SDKEncodingCase.pairs(sdk.body))
    }

    @Test func portalSessionFlowsWithoutExtraHashesSendOnlyTheirType() throws {
        let parameters = PortalSessionCreateParameters(
            customer: "cus_123",
            flowData: .paymentMethodUpdate(afterCompletion: .portalHomepage)
        )

        #expect(
            try formPairs(parameters) == [
                "customer=cus_123",
                "flow_data[type]=payment_method_update",
                "flow_data[after_completion][type]=portal_homepage",
            ]
        )
        #expect(
            try formPairs(PortalSessionCreateParameters(customer: "cus_1", flowData: .subscriptionPause("sub_1")))
                == [
                    "customer=cus_1", "flow_data[type]=subscription_pause",
                    "flow_data[subscription_pause][subscription]=sub_1",
                ]
        )
    }

    @Test func subscriptionPlanChangeEncodesItemsAndProration() throws {
        let parameters = SubscriptionUpdateParameters(
            items: [.init(id: "si_123", price: "price_team")],
            prorationBehavior: .alwaysInvoice,
            cancelAtPeriodEnd: false,
            cancelAt: .unset
        )

        #expect(
            try formPairs(parameters) == [
                "items[0][id]=si_123",
                "items[0][price]=price_team",
                "proration_behavior=always_invoice",
                "cancel_at_period_end=false",
                "cancel_at=",
            ]
        )
        let sdk = try SDKEncodingCase.named("subscription.update.plan")
        #expect(try sortedForm(parameters) == SDKEncodingCase.pairs(sdk.body))
    }

    @Test func subscriptionItemRemovalSendsDeleted() throws {
        let parameters = SubscriptionUpdateParameters(
            items: [.init(id: "si_old", deleted: true), .init(price: "price_addon", quantity: 2)]
        )

        #expect(
            try formPairs(parameters) == [
                "items[0][id]=si_old", "items[0][deleted]=true", "items[1][price]=price_addon", "items[1][quantity]=2",
            ]
        )
    }

    @Test(arguments: [
        (Unsettable<CancelAt>.unset, "cancel_at="),
        (.set(.timestamp(Date(timeIntervalSince1970: 1_790_985_600))), "cancel_at=1790985600"),
        (.set(.minPeriodEnd), "cancel_at=min_period_end"),
        (.set(.maxPeriodEnd), "cancel_at=max_period_end"),
    ])
    func cancelAtEncodesEachForm(cancelAt: Unsettable<CancelAt>, expected: String) throws {
        #expect(try formPairs(SubscriptionUpdateParameters(cancelAt: cancelAt)) == [expected])
    }

    @Test func subscriptionPeriodEndCancellationMatchesTheOfficialSDK() throws {
        let parameters = SubscriptionUpdateParameters(
            cancelAtPeriodEnd: true,
            cancellationDetails: CancellationDetailsParameters(
                comment: .set("Too pricey for us"),
                feedback: .set(.tooExpensive)
            )
        )

        let sdk = try SDKEncodingCase.named("subscription.update.cancel")
        #expect(try sortedForm(parameters) == SDKEncodingCase.pairs(sdk.body))
    }

    @Test func pauseCollectionAndDiscountsCanBeSetOrCleared() throws {
        let pause = SubscriptionUpdateParameters(
            pauseCollection: .set(.init(behavior: .void, resumesAt: Date(timeIntervalSince1970: 1_791_000_000))),
            discounts: .set([DiscountParameters(coupon: "SAVE20")])
        )
        let clear = SubscriptionUpdateParameters(
            pauseCollection: .unset,
            defaultPaymentMethod: .unset,
            discounts: .unset
        )

        #expect(
            try formPairs(pause) == [
                "pause_collection[behavior]=void", "pause_collection[resumes_at]=1791000000",
                "discounts[0][coupon]=SAVE20",
            ]
        )
        #expect(try formPairs(clear) == ["pause_collection=", "default_payment_method=", "discounts="])
    }

    @Test func subscriptionCancelAndResumeEncodeTheirOptions() throws {
        let cancel = SubscriptionCancelParameters(
            cancellationDetails: CancellationDetailsParameters(feedback: .set(.switchedService)),
            invoiceNow: true,
            prorate: false
        )
        let resume = SubscriptionResumeParameters(
            billingCycleAnchor: .now,
            prorationBehavior: ProrationBehavior.none,
            paymentBehavior: "resume_on_payment_success"
        )

        #expect(
            try formPairs(cancel) == [
                "cancellation_details[feedback]=switched_service", "invoice_now=true", "prorate=false",
            ]
        )
        #expect(
            try formPairs(resume) == [
                "billing_cycle_anchor[type]=now", "proration_behavior=none",
                "payment_behavior=resume_on_payment_success",
            ]
        )
    }

    @Test func subscriptionCreateWithTrialEndNowAndFilters() throws {
        let create = SubscriptionCreateParameters(
            customer: "cus_1",
            items: [.init(price: "price_1")],
            trialEnd: .now,
            defaultPaymentMethod: "pm_1"
        )
        let list = SubscriptionListParameters(customer: "cus_1", status: .all, price: "price_1", limit: 5)

        #expect(
            try formPairs(create) == [
                "customer=cus_1", "items[0][price]=price_1", "trial_end=now", "default_payment_method=pm_1",
            ]
        )
        #expect(try formPairs(list) == ["customer=cus_1", "status=all", "price=price_1", "limit=5"])
    }

    @Test func portalConfigurationEncodesProductsAndConditions() throws {
        let parameters = PortalConfigurationParameters(
            features: .init(
                customerUpdate: .init(enabled: true, allowedUpdates: .set([.email, .address])),
                invoiceHistory: .init(enabled: true),
                paymentMethodUpdate: .init(enabled: true),
                subscriptionCancel: .init(
                    enabled: true,
                    mode: .atPeriodEnd,
                    prorationBehavior: ProrationBehavior.none,
                    cancellationReason: .init(enabled: true, options: .set([.tooExpensive, .missingFeatures]))
                ),
                subscriptionUpdate: .init(
                    enabled: true,
                    defaultAllowedUpdates: .set([.price]),
                    products: .set([.init(product: "prod_pro", prices: ["price_pro_m", "price_pro_y"])]),
                    prorationBehavior: .createProrations,
                    scheduleAtPeriodEnd: .init(conditions: .set([.init(type: .decreasingItemAmount)]))
                )
            ),
            businessProfile: .init(headline: .set("Acme Notes billing")),
            defaultReturnURL: .set("https://app.example.com/account/billing"),
            metadata: ["managed_by": "swift-billing-portal"]
        )

        let pairs = try formPairs(parameters)
        #expect(pairs.contains("features[subscription_update][products][0][product]=prod_pro"))
        #expect(pairs.contains("features[subscription_update][products][0][prices][0]=price_pro_m"))
        #expect(pairs.contains("features[subscription_update][products][0][prices][1]=price_pro_y"))
        #expect(
            pairs.contains(
                "features[subscription_update][schedule_at_period_end][conditions][0][type]=decreasing_item_amount"
            )
        )
        let sdk = try SDKEncodingCase.named("portal_configuration.create")
        #expect(try sortedForm(parameters) == SDKEncodingCase.pairs(sdk.body))
    }

    @Test func portalConfigurationUpdateClearsListsWithEmptyStrings() throws {
        let parameters = PortalConfigurationParameters(
            features: .init(
                customerUpdate: .init(allowedUpdates: .unset),
                subscriptionCancel: .init(cancellationReason: .init(enabled: false, options: .unset)),
                subscriptionPause: .init(
                    enabled: true,
                    duration: .init(
                        type: .intervalOptions,
                        intervalOptions: [.init(interval: .month, intervalCount: 2)]
                    )
                ),
                subscriptionUpdate: .init(products: .unset, scheduleAtPeriodEnd: .init(conditions: .unset))
            ),
            name: .unset,
            active: false
        )

        #expect(
            try formPairs(parameters) == [
                "features[customer_update][allowed_updates]=",
                "features[subscription_cancel][cancellation_reason][enabled]=false",
                "features[subscription_cancel][cancellation_reason][options]=",
                "features[subscription_pause][enabled]=true",
                "features[subscription_pause][duration][type]=interval_options",
                "features[subscription_pause][duration][interval_options][0][interval]=month",
                "features[subscription_pause][duration][interval_options][0][interval_count]=2",
                "features[subscription_update][products]=",
                "features[subscription_update][schedule_at_period_end][conditions]=",
                "name=",
                "active=false",
            ]
        )
    }

    @Test func priceAndWebhookEndpointCreationMatchTheOfficialSDK() throws {
        let price = PriceCreateParameters(
            currency: "usd",
            product: "prod_pro",
            unitAmount: 1500,
            recurring: .init(interval: .month),
            lookupKey: "pro_monthly",
            nickname: "Pro monthly"
        )
        let endpoint = WebhookEndpointCreateParameters(
            url: "https://app.example.com/webhooks/stripe",
            enabledEvents: [.customerSubscriptionUpdated, .customerSubscriptionDeleted],
            apiVersion: "2026-10-28.endive",
            description: "billing"
        )

        #expect(try sortedForm(price) == SDKEncodingCase.pairs(SDKEncodingCase.named("price.create").body))
        #expect(
            try sortedForm(endpoint) == SDKEncodingCase.pairs(SDKEncodingCase.named("webhook_endpoint.create").body)
        )
    }

    @Test func listFiltersEncodeArraysAndDateRanges() throws {
        let prices = PriceListParameters(active: true, product: "prod_pro", lookupKeys: ["pro_monthly", "pro_yearly"])
        let events = EventListParameters(
            types: [.invoicePaid, .customerSubscriptionDeleted],
            created: .between(
                Date(timeIntervalSince1970: 1_790_000_000),
                and: Date(timeIntervalSince1970: 1_790_086_400)
            ),
            deliverySuccess: false
        )
        let exact = EventListParameters(
            type: "customer.subscription.*",
            created: .exactly(Date(timeIntervalSince1970: 7))
        )

        #expect(
            try formPairs(prices) == [
                "active=true", "product=prod_pro", "lookup_keys[0]=pro_monthly", "lookup_keys[1]=pro_yearly",
            ]
        )
        #expect(
            try formPairs(events) == [
                "types[0]=invoice.paid", "types[1]=customer.subscription.deleted", "created[gte]=1790000000",
                "created[lt]=1790086400", "delivery_success=false",
            ]
        )
        #expect(try formPairs(exact) == ["type=customer.subscription.*", "created=7"])
    }
}

/// Requests as they leave the client: method, path, and where the parameters go.
@Suite struct ResourceRequestTests {
    private func fixture(_ name: String) throws -> ScriptedResponse {
        .json(status: 200, body: String(decoding: try fixtureData("\(name).json"), as: UTF8.self))
    }

    @Test func subscriptionCreateMatchesTheOfficialSDKIncludingExpand() async throws {
        let sdk = try SDKEncodingCase.named("subscription.create")
        let script = RequestScript([try fixture("subscription")])
        try await withScriptedStripe(script) { stripe in
            let subscription = try await stripe.subscriptions.create(
                SubscriptionCreateParameters(
                    customer: "cus_123",
                    items: [.init(price: "price_pro", quantity: 2)],
                    trialPeriodDays: 14,
                    discounts: [DiscountParameters(coupon: "SAVE20")],
                    metadata: ["account_id": "42"],
                    paymentBehavior: .allowIncomplete
                ),
                options: RequestOptions(idempotencyKey: "signup-42", expand: ["latest_invoice"])
            )
            #expect(subscription.id == "sub_1QjennyPro")
        }
        let request = try #require(await script.requests.first)
        #expect(request.method == sdk.method)
        #expect(request.path == sdk.path)
        #expect(SDKEncodingCase.pairs(request.body) == SDKEncodingCase.pairs(sdk.body))
        #expect(request.header("Idempotency-Key") == "signup-42")
    }

    @Test func subscriptionCancelIsADeleteWithParametersInTheQuery() async throws {
        let script = RequestScript([try fixture("subscription"), try fixture("subscription")])
        try await withScriptedStripe(script) { stripe in
            _ = try await stripe.subscriptions.cancel("sub_123", SubscriptionCancelParameters(prorate: true))
            _ = try await stripe.subscriptions.resume("sub_123")
        }
        let requests = await script.requests
        #expect(requests.map(\.method) == ["DELETE", "POST"])
        #expect(requests.map(\.path) == ["/v1/subscriptions/sub_123", "/v1/subscriptions/sub_123/resume"])
        #expect(requests[0].query == "prorate=true")
        #expect(requests[0].body.isEmpty)
    }

    @Test func paymentMethodAttachAndDetachUseTheirActionPaths() async throws {
        let script = RequestScript([try fixture("payment_method"), try fixture("payment_method")])
        try await withScriptedStripe(script) { stripe in
            let attached = try await stripe.paymentMethods.attach("pm_1QjennyVisa", to: "cus_RqJenny")
            #expect(attached.customer?.id == "cus_RqJenny")
            _ = try await stripe.paymentMethods.detach("pm_1QjennyVisa")
        }
        let requests = await script.requests
        #expect(
            requests.map(\.path) == [
                "/v1/payment_methods/pm_1QjennyVisa/attach", "/v1/payment_methods/pm_1QjennyVisa/detach",
            ]
        )
        #expect(requests.map(\.body) == ["customer=cus_RqJenny", ""])
    }

    @Test func testClockAdvanceMatchesTheOfficialSDK() async throws {
        let sdk = try SDKEncodingCase.named("test_clock.advance")
        let script = RequestScript([try fixture("test_helpers.test_clock")])
        try await withScriptedStripe(script) { stripe in
            let clock = try await stripe.testClocks.advance("clock_123", to: Date(timeIntervalSince1970: 1_790_000_000))
            #expect(clock.status == .advancing)
        }
        let request = try #require(await script.requests.first)
        #expect(request.path == sdk.path)
        #expect(request.body == sdk.body)
    }

    @Test func portalSessionAndConfigurationListUseBillingPortalPaths() async throws {
        let list = #"{"object":"list","url":"/v1/billing_portal/configurations","has_more":false,"data":[]}"#
        let script = RequestScript([try fixture("billing_portal.session"), .json(status: 200, body: list)])
        try await withScriptedStripe(script) { stripe in
            let session = try await stripe.portalSessions.create(PortalSessionCreateParameters(customer: "cus_RqJenny"))
            #expect(session.customer == "cus_RqJenny")
            let page = try await stripe.portalConfigurations.list(.init(active: true, isDefault: false))
            #expect(page.data.isEmpty)
        }
        let requests = await script.requests
        #expect(requests.map(\.path) == ["/v1/billing_portal/sessions", "/v1/billing_portal/configurations"])
        #expect(requests[1].method == "GET")
        #expect(SDKEncodingCase.pairs(requests[1].query) == ["active=true", "is_default=false"])
    }
}
