import BillingTestSupport
import Foundation
import HTTPTypes
import StripeAPI
import StripeEmulator
import Testing

/// A customer with a monthly subscription, a second customer, a coupon and a configuration allowing everything.
struct PortalWorld: Sendable {
    let customer: CustomerID
    let otherCustomer: CustomerID
    let subscription: SubscriptionID
    let item: SubscriptionItemID
    let product: ProductID
    let prices: [PriceID]
    /// A recurring price the configuration does not offer.
    let outsidePrice: PriceID
    let coupon: CouponID
    let configuration: PortalConfigurationID

    static func make(_ emulator: RunningEmulator, cancelMode: String = "at_period_end") async throws -> PortalWorld {
        let (product, prices) = try await emulator.product(amounts: [2000, 1000, 4000])
        let (_, outside) = try await emulator.product(amounts: [700])
        let customer = try await emulator.customer()
        let other = try await emulator.customer()
        let subscription = try await emulator.call(
            .POST,
            "/v1/subscriptions",
            ["customer": customer, "items[0][price]": prices[0].rawValue]
        )
        let coupon = try await emulator.call(
            .POST,
            "/v1/coupons",
            ["percent_off": "30", "duration": "once", "name": "Stay"]
        )
        let configuration = try await emulator.call(
            .POST,
            "/v1/billing_portal/configurations",
            [
                "features[customer_update][enabled]": "true",
                "features[customer_update][allowed_updates][0]": "email",
                "features[invoice_history][enabled]": "true",
                "features[payment_method_update][enabled]": "true",
                "features[subscription_cancel][enabled]": "true",
                "features[subscription_cancel][mode]": cancelMode,
                "features[subscription_cancel][cancellation_reason][enabled]": "true",
                "features[subscription_cancel][cancellation_reason][options][0]": "too_expensive",
                "features[subscription_cancel][cancellation_reason][options][1]": "other",
                "features[subscription_pause][enabled]": "true",
                "features[subscription_update][enabled]": "true",
                "features[subscription_update][default_allowed_updates][0]": "price",
                "features[subscription_update][proration_behavior]": "always_invoice",
                "features[subscription_update][products][0][product]": product.rawValue,
                "features[subscription_update][products][0][prices][0]": prices[0].rawValue,
                "features[subscription_update][products][0][prices][1]": prices[1].rawValue,
                "features[subscription_update][products][0][prices][2]": prices[2].rawValue,
                "features[subscription_update][schedule_at_period_end][conditions][0][type]":
                    "decreasing_item_amount",
                "business_profile[headline]": "Acme <Billing> & Co",
            ]
        )
        return PortalWorld(
            customer: CustomerID(rawValue: customer),
            otherCustomer: CustomerID(rawValue: other),
            subscription: SubscriptionID(rawValue: try #require(subscription["id"]?.stringValue)),
            item: SubscriptionItemID(rawValue: try #require(subscription.at("items.data.0.id")?.stringValue)),
            product: product,
            prices: prices,
            outsidePrice: outside[0],
            coupon: CouponID(rawValue: try #require(coupon["id"]?.stringValue)),
            configuration: PortalConfigurationID(rawValue: try #require(configuration["id"]?.stringValue))
        )
    }

    func session(_ emulator: RunningEmulator, flow: PortalFlow? = nil) async throws -> PortalSession {
        try await emulator.stripe.portalSessions.create(
            PortalSessionCreateParameters(
                customer: customer,
                returnURL: "https://app.example/billing",
                configuration: configuration,
                flowData: flow
            )
        )
    }
}

@Suite struct PortalSessionTests {
    @Test func sessionWithDefaultConfigurationOpensThePortal() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let customer = CustomerID(rawValue: try await emulator.customer())
            let session = try await emulator.stripe.portalSessions.create(
                PortalSessionCreateParameters(customer: customer, returnURL: "https://app.example/billing", locale: .fr)
            )
            #expect(session.id.rawValue.hasPrefix("bps_"))
            #expect(session.url.absoluteString.hasPrefix(emulator.baseURL.absoluteString + "/p/session/test_"))
            #expect(session.returnURL == "https://app.example/billing" && session.locale == .fr && session.flow == nil)
            #expect(!String(describing: session).contains(session.url.absoluteString))
            let page = try await emulator.raw(.get, emulator.path(of: session.url))
            #expect(page.status == 200)
            #expect(page.text.contains("Retour à app.example"))
            #expect(page.headers[.init("Referrer-Policy")!] == "no-referrer")
            #expect(try await emulator.eventTypes().last == "billing_portal.session.created")
        }
    }

    @Test func returnURLComesFromTheConfigurationOrIsRequired() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let customer = CustomerID(rawValue: try await emulator.customer())
            let missing = await #expect(throws: StripeError.self) {
                _ = try await emulator.stripe.portalSessions.create(PortalSessionCreateParameters(customer: customer))
            }
            #expect(missing?.param == "return_url")
            let configuration = try await emulator.stripe.portalConfigurations.create(
                PortalConfigurationParameters(
                    features: .init(invoiceHistory: .init(enabled: true)),
                    defaultReturnURL: .set("https://app.example/account")
                )
            )
            let session = try await emulator.stripe.portalSessions.create(
                PortalSessionCreateParameters(customer: customer, configuration: configuration.id)
            )
            #expect(session.returnURL == "https://app.example/account")
            #expect(session.configuration.id == configuration.id)
        }
    }

    @Test func everyFlowTypeIsEchoed() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let world = try await PortalWorld.make(emulator)
            let flows: [PortalFlow] = [
                .paymentMethodUpdate(afterCompletion: .redirect(to: "https://app.example/done")),
                .subscriptionCancel(
                    world.subscription,
                    retentionCoupon: world.coupon,
                    afterCompletion: .hostedConfirmation(customMessage: "See you soon")
                ),
                .subscriptionUpdate(world.subscription, afterCompletion: .portalHomepage),
                .subscriptionUpdateConfirm(
                    world.subscription,
                    items: [.init(id: world.item, price: world.prices[2], quantity: 1)],
                    discounts: [.init(coupon: world.coupon)]
                ),
                .subscriptionPause(world.subscription),
                .customerUpdate(),
            ]
            for flow in flows {
                let session = try await world.session(emulator, flow: flow)
                var expected = flow
                if expected.afterCompletion == nil { expected.afterCompletion = .portalHomepage }
                #expect(session.flow == expected, "\(flow.type.rawValue)")
                let page = try await emulator.raw(.get, emulator.path(of: session.url))
                #expect(page.status == 200, "\(flow.type.rawValue)")
            }
        }
    }

    struct FlowError: Sendable, CustomTestStringConvertible {
        let name: String
        let status: Int
        let param: String
        let flow: @Sendable (PortalWorld) -> PortalFlow
        var customer: (@Sendable (PortalWorld) -> CustomerID)?
        var useDefaultConfiguration = false

        var testDescription: String { name }
    }

    static let flowErrors: [FlowError] = [
        FlowError(
            name: "feature disabled in configuration",
            status: 400,
            param: "flow_data[type]",
            flow: {
                .subscriptionUpdate($0.subscription)
            },
            useDefaultConfiguration: true
        ),
        FlowError(
            name: "another customer's subscription",
            status: 400,
            param: "flow_data[subscription_cancel][subscription]",
            flow: {
                .subscriptionCancel($0.subscription)
            },
            customer: { $0.otherCustomer }
        ),
        FlowError(
            name: "unknown subscription",
            status: 404,
            param: "flow_data[subscription_pause][subscription]",
            flow: { _ in
                .subscriptionPause("sub_missing")
            }
        ),
        FlowError(
            name: "unknown coupon",
            status: 404,
            param: "flow_data[subscription_cancel][retention][coupon_offer][coupon]",
            flow: {
                .subscriptionCancel($0.subscription, retentionCoupon: "SAVE_NOTHING")
            }
        ),
        FlowError(
            name: "price not allowed by configuration",
            status: 400,
            param: "flow_data[subscription_update_confirm][items][0][price]",
            flow: { world in
                .subscriptionUpdateConfirm(
                    world.subscription,
                    items: [.init(id: world.item, price: world.outsidePrice)]
                )
            }
        ),
        FlowError(
            name: "item not on the subscription",
            status: 404,
            param: "flow_data[subscription_update_confirm][items][0][id]",
            flow: { world in
                .subscriptionUpdateConfirm(world.subscription, items: [.init(id: "si_missing", price: world.prices[1])])
            }
        ),
        FlowError(
            name: "two items to confirm",
            status: 400,
            param: "flow_data[subscription_update_confirm][items]",
            flow: { world in
                .subscriptionUpdateConfirm(world.subscription, items: [.init(id: world.item), .init(id: world.item)])
            }
        ),
    ]

    @Test(arguments: flowErrors)
    func invalidFlowIsRefused(_ invalid: FlowError) async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let world = try await PortalWorld.make(emulator)
            let error = await #expect(throws: StripeError.self) {
                _ = try await emulator.stripe.portalSessions.create(
                    PortalSessionCreateParameters(
                        customer: invalid.customer?(world) ?? world.customer,
                        returnURL: "https://app.example/billing",
                        configuration: invalid.useDefaultConfiguration ? nil : world.configuration,
                        flowData: invalid.flow(world)
                    )
                )
            }
            #expect(error?.httpStatus == invalid.status)
            #expect(error?.param == invalid.param)
            let sessions = try await emulator.call(.GET, "/v1/events", ["type": "billing_portal.session.created"])
            #expect(sessions["data"]?.elements?.isEmpty == true)
        }
    }

    @Test func canceledSubscriptionCannotBeDeepLinked() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let world = try await PortalWorld.make(emulator)
            _ = try await emulator.call(.DELETE, "/v1/subscriptions/\(world.subscription)")
            let error = await #expect(throws: StripeError.self) {
                _ = try await world.session(emulator, flow: .subscriptionCancel(world.subscription))
            }
            #expect(error?.param == "flow_data[subscription_cancel][subscription]")
            #expect(error?.message?.contains("canceled") == true)
        }
    }

    @Test func unvisitedSessionExpiresAndVisitedOneLastsBoundedTime() async throws {
        let clock = ManualEmulatorClock(start: 1_800_000_000)
        var configuration = EmulatorHarness.testConfiguration(clock: .manual(clock))
        configuration.portalSessionUnvisitedLifetime = .seconds(300)
        configuration.portalSessionVisitedLifetime = .seconds(3600)
        try await EmulatorHarness.withEmulator(configuration: configuration) { emulator in
            let customer = CustomerID(rawValue: try await emulator.customer())
            let parameters = PortalSessionCreateParameters(customer: customer, returnURL: "https://app.example/b")
            let unvisited = try await emulator.stripe.portalSessions.create(parameters)
            let visited = try await emulator.stripe.portalSessions.create(parameters)
            #expect(try await emulator.raw(.get, emulator.path(of: visited.url)).status == 200)
            clock.advance(by: 301)
            let expired = try await emulator.raw(.get, emulator.path(of: unvisited.url))
            #expect(expired.status == 404)
            #expect(expired.text.contains("This link is no longer valid"))
            #expect(try await emulator.raw(.get, emulator.path(of: visited.url)).status == 200)
            clock.advance(by: 3600)
            #expect(try await emulator.raw(.get, emulator.path(of: visited.url)).status == 404)
        }
    }
}

extension RunningEmulator {
    /// The path and query of an emulator URL, for ``raw(_:_:headers:body:authorized:)``.
    func path(of url: URL) -> String {
        String(url.absoluteString.dropFirst(baseURL.absoluteString.count))
    }
}
