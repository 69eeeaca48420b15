import Foundation
import StripeAPI
import Testing

/// Decodes a fixture from the test bundle's `Fixtures` folder the way the client decodes responses.
private func decodeFixture<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
    let url = try #require(
        Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"),
        "missing fixture \(name).json"
    )
    return try StripeJSON.decoder.decode(T.self, from: Data(contentsOf: url))
}

private func date(_ seconds: TimeInterval) -> Date {
    Date(timeIntervalSince1970: seconds)
}

@Suite struct ModelDecodingTests {
    @Test func productKeepsItsDefaultPriceAsAnID() throws {
        let product = try decodeFixture("product", as: Product.self)

        #expect(product.id == "prod_RqPro2026")
        #expect(product.name == "Acme Notes Pro")
        #expect(product.active)
        #expect(product.defaultPrice == .id("price_1QproMonthly"))
        #expect(product.metadata == ["tier": "pro"])
        #expect(product.created == date(1_788_220_800))
        #expect(product.updated == date(1_788_307_200))
    }

    @Test func priceDecodesItsRecurringScheduleAndExpandedProduct() throws {
        let price = try decodeFixture("price", as: Price.self)

        #expect(price.unitAmount == 1500)
        #expect(price.currency == "usd")
        #expect(price.lookupKey == "pro_monthly")
        #expect(price.type == .recurring)
        #expect(
            price.recurring
                == Price.Recurring(interval: .month, intervalCount: 1, trialPeriodDays: 14, usageType: .licensed)
        )
        let product = try #require(price.product.object, "product was expanded in the fixture")
        #expect(product.name == "Acme Notes Pro")
        #expect(product.defaultPrice?.id == price.id)
        #expect(price.product.id == "prod_RqPro2026")
    }

    @Test func subscriptionTakesItsPeriodFromTheFirstItem() throws {
        let subscription = try decodeFixture("subscription", as: Subscription.self)

        #expect(subscription.status == .active)
        #expect(subscription.items.data.count == 1)
        let item = try #require(subscription.items.data.first)
        #expect(item.id == "si_RqJennyPro")
        #expect(item.quantity == 2)
        #expect(item.price.id == "price_1QproMonthly")
        #expect(item.price.product == .id("prod_RqPro2026"))
        #expect(subscription.currentPeriodStart == date(1_788_307_200))
        #expect(subscription.currentPeriodEnd == date(1_790_985_600))
    }

    @Test func subscriptionDecodesAPendingPeriodEndCancellation() throws {
        let subscription = try decodeFixture("subscription", as: Subscription.self)

        #expect(subscription.cancelAtPeriodEnd)
        #expect(subscription.cancelAt == date(1_790_985_600))
        #expect(subscription.canceledAt == date(1_789_430_400))
        #expect(subscription.endedAt == nil)
        #expect(subscription.cancellationDetails?.reason == .cancellationRequested)
        #expect(subscription.cancellationDetails?.feedback == .tooExpensive)
        #expect(subscription.cancellationDetails?.comment == "Too pricey for us right now")
    }

    @Test func subscriptionDistinguishesExpandedFromUnexpandedFields() throws {
        let subscription = try decodeFixture("subscription", as: Subscription.self)

        #expect(subscription.customer == .id("cus_RqJenny"))
        #expect(subscription.latestInvoice == .id("in_1QjennySept"))
        #expect(subscription.discounts == [.id("di_1QretentionSave20")])
        let paymentMethod = try #require(subscription.defaultPaymentMethod?.object, "expanded in the fixture")
        #expect(paymentMethod.card?.last4 == "4242")
        #expect(paymentMethod.customer == .id("cus_RqJenny"))
        #expect(subscription.metadata == ["account_id": "42"])
        #expect(subscription.collectionMethod == .chargeAutomatically)
        #expect(subscription.testClock == nil)
        #expect(subscription.schedule == nil)
    }

    @Test func pausedSubscriptionDecodesStatusDetailsAndDefaultsMissingMetadata() throws {
        let subscription = try decodeFixture("subscription.paused", as: Subscription.self)

        #expect(subscription.status == .paused)
        #expect(subscription.statusDetails?.paused?.subscription?.type == "trial_end_without_payment_method")
        #expect(subscription.statusDetails?.paused?.transitionedAt == date(1_788_209_600))
        #expect(subscription.pauseCollection == Subscription.PauseCollection(behavior: .keepAsDraft))
        #expect(subscription.trialEnd == date(1_788_209_600))
        #expect(subscription.metadata == [:])
        #expect(subscription.customer.object?.email == "max@example.com")
        #expect(subscription.schedule == "sub_sched_1QmaxDowngrade")
        #expect(subscription.testClock?.id == "clock_1QrenewalSim")
        #expect(subscription.cancellationDetails?.reason == nil)
        #expect(subscription.currentPeriodEnd == date(1_789_678_400))
    }

    @Test func invoiceFindsItsSubscriptionUnderParent() throws {
        let invoice = try decodeFixture("invoice", as: Invoice.self)

        #expect(invoice.subscriptionID == "sub_1QjennyPro")
        #expect(invoice.parent?.type == "subscription_details")
        #expect(invoice.parent?.subscriptionDetails?.metadata == ["account_id": "42"])
        #expect(invoice.number == "ACME-0042-0001")
        #expect(invoice.status == .paid)
        #expect(invoice.amountDue == 3000)
        #expect(invoice.amountPaid == 3000)
        #expect(invoice.amountRemaining == 0)
        #expect(invoice.total == 3000)
        #expect(invoice.customer == .id("cus_RqJenny"))
        #expect(invoice.statusTransitions?.paidAt == date(1_788_307_207))
        #expect(invoice.statusTransitions?.voidedAt == nil)
        #expect(invoice.hostedInvoiceURL?.host == "invoice.stripe.com")
        #expect(invoice.invoicePDF?.path.hasSuffix("/pdf") == true)
        #expect(invoice.attemptCount == 1)
        #expect(invoice.nextPaymentAttempt == nil)
    }

    @Test func invoiceLinesCarryTheirPeriodAndPrice() throws {
        let invoice = try decodeFixture("invoice", as: Invoice.self)

        let line = try #require(invoice.lines.data.first)
        #expect(line.id == "il_1QjennySeptPro")
        #expect(line.amount == 3000)
        #expect(line.quantity == 2)
        #expect(line.description == "2 × Acme Notes Pro (at $15.00 / month)")
        #expect(line.period.start == date(1_788_307_200))
        #expect(line.period.end == date(1_790_985_600))
        #expect(line.price == .id("price_1QproMonthly"))
        #expect(line.pricing?.priceDetails?.product == "prod_RqPro2026")
    }

    @Test func unknownEnumValueKeepsItsRawValue() throws {
        let invoice = try decodeFixture("invoice", as: Invoice.self)

        let reason = try #require(invoice.billingReason)
        #expect(reason.rawValue == "subscription_billing_schedule")
        #expect(reason != .subscriptionCycle)
        #expect(reason != .subscription)
    }

    @Test func paymentMethodDecodesCardAndDefaultsMissingMetadata() throws {
        let paymentMethod = try decodeFixture("payment_method", as: PaymentMethod.self)

        #expect(paymentMethod.type == .card)
        #expect(paymentMethod.customer == .id("cus_RqJenny"))
        let card = try #require(paymentMethod.card)
        #expect(card.brand == "visa")
        #expect(card.last4 == "4242")
        #expect(card.expMonth == 12)
        #expect(card.expYear == 2034)
        #expect(card.funding == .credit)
        #expect(card.country == "US")
        #expect(paymentMethod.billingDetails.name == "Jenny Rosen")
        #expect(paymentMethod.billingDetails.address?.postalCode == "10119")
        #expect(paymentMethod.metadata == [:])
    }

    @Test func couponAndDiscountDecode() throws {
        let coupon = try decodeFixture("coupon", as: Coupon.self)
        let discount = try decodeFixture("discount", as: Discount.self)

        #expect(coupon.id == "SAVE20")
        #expect(coupon.percentOff == 20)
        #expect(coupon.amountOff == nil)
        #expect(coupon.duration == .repeating)
        #expect(coupon.durationInMonths == 3)
        #expect(coupon.valid)
        #expect(discount.coupon == .id(coupon.id))
        #expect(discount.subscription == "sub_1QjennyPro")
        #expect(discount.customer == .id("cus_RqJenny"))
        #expect(discount.start == date(1_788_307_200))
        #expect(discount.end == date(1_796_083_200))
    }

    @Test func discountFromAnOlderVersionReadsTheTopLevelCoupon() throws {
        let json =
            #"{"id":"di_old","object":"discount","coupon":{"id":"OLD10","duration":"once","percent_off":10},"start":1}"#
        let discount = try StripeJSON.decoder.decode(Discount.self, from: Data(json.utf8))

        #expect(discount.coupon?.object?.percentOff == 10)
        #expect(discount.coupon?.id == "OLD10")
    }
}

@Suite struct PortalModelDecodingTests {
    @Test func portalConfigurationDecodesEveryFeatureBlock() throws {
        let configuration = try decodeFixture("billing_portal.configuration", as: PortalConfiguration.self)
        let features = configuration.features

        #expect(configuration.id == "bpc_1QacmeNotes")
        #expect(configuration.active)
        #expect(!configuration.isDefault)
        #expect(configuration.defaultReturnURL == "https://app.example.com/account/billing")
        #expect(configuration.businessProfile.headline == "Acme Notes billing")
        #expect(configuration.businessProfile.termsOfServiceURL == nil)
        #expect(!configuration.loginPage.enabled)
        #expect(configuration.loginPage.url == nil)
        #expect(features.customerUpdate?.allowedUpdates == [.email, .address, .taxID])
        #expect(features.invoiceHistory?.enabled == true)
        #expect(features.paymentMethodUpdate?.paymentMethodConfiguration == nil)
        #expect(features.subscriptionCancel?.mode == .atPeriodEnd)
        #expect(features.subscriptionCancel?.prorationBehavior == ProrationBehavior.none)
        #expect(features.subscriptionCancel?.cancellationReason?.options.first == .tooExpensive)
        #expect(features.subscriptionCancel?.cancellationReason?.options.count == 5)
        #expect(features.subscriptionPause?.enabled == false)
        #expect(features.subscriptionPause?.duration?.type == .intervalOptions)
        #expect(features.subscriptionPause?.duration?.intervalOptions?.last?.intervalCount == 3)
        #expect(configuration.metadata == ["managed_by": "swift-billing-portal"])
    }

    @Test func portalConfigurationDecodesSubscriptionUpdateProducts() throws {
        let configuration = try decodeFixture("billing_portal.configuration", as: PortalConfiguration.self)
        let update = try #require(configuration.features.subscriptionUpdate)

        #expect(update.enabled)
        #expect(update.defaultAllowedUpdates == [.price, .quantity])
        #expect(update.prorationBehavior == .createProrations)
        #expect(update.trialUpdateBehavior == .endTrial)
        #expect(update.billingCycleAnchor == .unchanged)
        #expect(update.scheduleAtPeriodEnd?.conditions.map(\.type) == [.decreasingItemAmount])
        let product = try #require(update.products?.first)
        #expect(product.product == "prod_RqPro2026")
        #expect(product.prices == ["price_1QproMonthly", "price_1QproYearly"])
        #expect(product.adjustableQuantity?.maximum == 25)
    }

    @Test func portalSessionEchoesItsFlow() throws {
        let session = try decodeFixture("billing_portal.session", as: PortalSession.self)

        #expect(session.id == "bps_1QjennyCancel")
        #expect(session.url.host == "billing.stripe.com")
        #expect(session.returnURL == "https://app.example.com/account/billing")
        #expect(session.configuration == .id("bpc_1QacmeNotes"))
        #expect(session.customer == "cus_RqJenny")
        #expect(session.locale == .enGB)
        #expect(
            session.flow
                == .subscriptionCancel(
                    "sub_1QjennyPro",
                    retentionCoupon: "SAVE20",
                    afterCompletion: .redirect(to: "https://app.example.com/account/billing?canceled=1")
                )
        )
    }

    @Test func portalSessionDescriptionRedactsTheURL() throws {
        let session = try decodeFixture("billing_portal.session", as: PortalSession.self)

        #expect(!String(describing: session).contains("billing.stripe.com"))
        #expect(!String(reflecting: session).contains(session.url.absoluteString))
        #expect(String(describing: session).contains("bps_1QjennyCancel"))
    }

    @Test func eventDecodesItsObjectAndPreviousAttributes() throws {
        let event = try decodeFixture("event.customer.subscription.updated", as: Event.self)

        #expect(event.id == "evt_1QjennyCancelRequested")
        #expect(event.type == .customerSubscriptionUpdated)
        #expect(event.type.isSubscriptionEvent)
        #expect(event.apiVersion == "2026-10-28.endive")
        #expect(event.pendingWebhooks == 1)
        #expect(event.request?.id == "req_8QzYwXvU3tSrqP")
        #expect(event.request?.idempotencyKey == "6f1c2e0a-7f55-4c41-9b9e-2c1f7b0d2a11")
        let subscription = try event.object(as: Subscription.self)
        #expect(subscription.id == "sub_1QjennyPro")
        #expect(subscription.cancelAtPeriodEnd)
        #expect(subscription.currentPeriodEnd == Date(timeIntervalSince1970: 1_790_985_600))
        #expect(event.data.previousAttributes?["cancel_at_period_end"] == .bool(false))
        #expect(event.data.previousAttributes?["cancel_at"] == .null)
    }

    @Test func eventWithAnUnknownTypeStillDecodes() throws {
        let json = #"""
            {"id":"evt_new","object":"event","created":1790000000,"livemode":false,"pending_webhooks":0,
             "request":{"id":null,"idempotency_key":null},"type":"billing.alert.triggered","data":{"object":{}}}
            """#
        let event = try StripeJSON.decoder.decode(Event.self, from: Data(json.utf8))

        #expect(event.type.rawValue == "billing.alert.triggered")
        #expect(!event.type.isSubscriptionEvent)
        #expect(event.request?.id == nil)
        #expect(event.data.previousAttributes == nil)
        #expect(throws: DecodingError.self) { try event.object(as: Subscription.self) }
    }

    @Test func webhookEndpointKeepsItsSecretOutOfItsDescription() throws {
        let endpoint = try decodeFixture("webhook_endpoint", as: WebhookEndpoint.self)

        #expect(endpoint.url == "https://app.example.com/webhooks/stripe")
        #expect(endpoint.enabledEvents == [.customerSubscriptionUpdated, .customerSubscriptionDeleted, .invoicePaid])
        #expect(endpoint.status == .enabled)
        #expect(endpoint.apiVersion == "2026-10-28.endive")
        #expect(endpoint.endpointDescription == "billing")
        #expect(endpoint.secret == "whsec_test_4eC39HqLyjWDarjtT1zdp7dc")
        #expect(!String(describing: endpoint).contains("whsec_"))
    }

    @Test func testClockDecodesAnAdvanceInProgress() throws {
        let clock = try decodeFixture("test_helpers.test_clock", as: TestClock.self)

        #expect(clock.id == "clock_1QrenewalSim")
        #expect(clock.status == .advancing)
        #expect(clock.frozenTime == Date(timeIntervalSince1970: 1_788_000_000))
        #expect(clock.statusDetails?.advancing?.targetFrozenTime == Date(timeIntervalSince1970: 1_790_678_400))
        #expect(clock.deletesAfter == Date(timeIntervalSince1970: 1_788_604_800))
        #expect(clock.name == "renewal simulation")
    }
}
