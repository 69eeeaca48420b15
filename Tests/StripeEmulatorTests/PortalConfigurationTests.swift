import BillingTestSupport
import Foundation
import StripeAPI
import StripeEmulator
import Testing

@Suite struct PortalConfigurationTests {
    /// A rejected configuration request: the form (with `{product}`, `{price}`, `{other_price}` filled in at run
    /// time), and the parameter Stripe blames.
    struct InvalidCase: Sendable, CustomTestStringConvertible {
        let name: String
        let form: Form
        let param: String
        var status = 400

        var testDescription: String { name }
    }

    static let invalidCases: [InvalidCase] = [
        InvalidCase(name: "features missing", form: ["name": "x"], param: "features"),
        InvalidCase(
            name: "block without enabled on create",
            form: ["features[subscription_cancel][mode]": "immediately"],
            param: "features[subscription_cancel][enabled]"
        ),
        InvalidCase(
            name: "create_prorations with at_period_end",
            form: [
                "features[subscription_cancel][enabled]": "true",
                "features[subscription_cancel][mode]": "at_period_end",
                "features[subscription_cancel][proration_behavior]": "create_prorations",
            ],
            param: "features[subscription_cancel][proration_behavior]"
        ),
        InvalidCase(
            name: "always_invoice on cancel",
            form: [
                "features[subscription_cancel][enabled]": "true", "features[subscription_cancel][mode]": "immediately",
                "features[subscription_cancel][proration_behavior]": "always_invoice",
            ],
            param: "features[subscription_cancel][proration_behavior]"
        ),
        InvalidCase(
            name: "unknown cancel mode",
            form: ["features[subscription_cancel][enabled]": "true", "features[subscription_cancel][mode]": "later"],
            param: "features[subscription_cancel][mode]"
        ),
        InvalidCase(
            name: "unknown cancellation reason option",
            form: [
                "features[subscription_cancel][enabled]": "true",
                "features[subscription_cancel][cancellation_reason][enabled]": "true",
                "features[subscription_cancel][cancellation_reason][options][0]": "bored",
            ],
            param: "features[subscription_cancel][cancellation_reason][options][0]"
        ),
        InvalidCase(
            name: "cancellation reason without options",
            form: [
                "features[subscription_cancel][enabled]": "true",
                "features[subscription_cancel][cancellation_reason][enabled]": "true",
            ],
            param: "features[subscription_cancel][cancellation_reason][options]"
        ),
        InvalidCase(
            name: "unknown allowed customer update",
            form: [
                "features[customer_update][enabled]": "true", "features[customer_update][allowed_updates][0]": "age",
            ],
            param: "features[customer_update][allowed_updates][0]"
        ),
        InvalidCase(
            name: "unknown product",
            form: [
                "features[subscription_update][enabled]": "true",
                "features[subscription_update][products][0][product]": "prod_missing",
                "features[subscription_update][products][0][prices][0]": "{price}",
            ],
            param: "features[subscription_update][products][0][product]",
            status: 404
        ),
        InvalidCase(
            name: "unknown price",
            form: [
                "features[subscription_update][enabled]": "true",
                "features[subscription_update][products][0][product]": "{product}",
                "features[subscription_update][products][0][prices][0]": "price_missing",
            ],
            param: "features[subscription_update][products][0][prices][0]",
            status: 404
        ),
        InvalidCase(
            name: "price of another product",
            form: [
                "features[subscription_update][enabled]": "true",
                "features[subscription_update][products][0][product]": "{product}",
                "features[subscription_update][products][0][prices][0]": "{other_price}",
            ],
            param: "features[subscription_update][products][0][prices][0]"
        ),
        InvalidCase(
            name: "unknown schedule condition",
            form: [
                "features[subscription_update][enabled]": "true",
                "features[subscription_update][schedule_at_period_end][conditions][0][type]": "sometimes",
            ],
            param: "features[subscription_update][schedule_at_period_end][conditions][0][type]"
        ),
        InvalidCase(
            name: "unknown proration behavior on update",
            form: [
                "features[subscription_update][enabled]": "true",
                "features[subscription_update][proration_behavior]": "maybe",
            ],
            param: "features[subscription_update][proration_behavior]"
        ),
        InvalidCase(
            name: "unknown feature",
            form: ["features[teleport][enabled]": "true"],
            param: "features[teleport]"
        ),
        InvalidCase(
            name: "relative return url",
            form: ["features[invoice_history][enabled]": "true", "default_return_url": "/billing"],
            param: "default_return_url"
        ),
        InvalidCase(
            name: "headline over 60 characters",
            form: [
                "features[invoice_history][enabled]": "true",
                "business_profile[headline]": String(repeating: "h", count: 61),
            ],
            param: "business_profile[headline]"
        ),
        InvalidCase(
            name: "unknown pause interval",
            form: [
                "features[subscription_pause][enabled]": "true",
                "features[subscription_pause][duration][type]": "interval_options",
                "features[subscription_pause][duration][interval_options][0][interval]": "decade",
            ],
            param: "features[subscription_pause][duration][interval_options][0][interval]"
        ),
    ]

    @Test func defaultConfigurationExistsFromStart() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let list = try await emulator.stripe.portalConfigurations.list(
                PortalConfigurationListParameters(isDefault: true)
            )
            let configuration = try #require(list.data.first)
            #expect(list.data.count == 1)
            #expect(configuration.isDefault && configuration.active)
            #expect(configuration.features.subscriptionCancel?.mode == .atPeriodEnd)
            #expect(configuration.features.subscriptionCancel?.cancellationReason?.enabled == true)
            #expect(configuration.features.invoiceHistory?.enabled == true)
        }
    }

    @Test func createKeepsEveryFeatureBlockAndEmitsCreated() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let (product, prices) = try await emulator.product(amounts: [1000, 3000])
            let created = try await emulator.stripe.portalConfigurations.create(
                Self.fullParameters(product: product, prices: prices)
            )
            #expect(created.id.rawValue.hasPrefix("bpc_") && !created.isDefault)
            #expect(created.businessProfile.headline == "Acme partners with Stripe")
            #expect(created.defaultReturnURL == "https://acme.example/billing")
            #expect(created.features.customerUpdate?.allowedUpdates == [.email, .name])
            #expect(created.features.paymentMethodUpdate?.enabled == true)
            let cancel = try #require(created.features.subscriptionCancel)
            #expect(cancel.mode == .immediately && cancel.prorationBehavior == .createProrations)
            #expect(cancel.cancellationReason?.options == [.tooExpensive, .other])
            let update = try #require(created.features.subscriptionUpdate)
            #expect(update.enabled && update.defaultAllowedUpdates == [.price, .quantity])
            #expect(update.products?.first?.prices == prices)
            #expect(update.prorationBehavior == .alwaysInvoice)
            #expect(update.scheduleAtPeriodEnd?.conditions.map(\.type) == [.decreasingItemAmount])
            #expect(created.features.subscriptionPause?.duration?.type == .intervalOptions)
            #expect(created.metadata["team"] == "billing")

            let fetched = try await emulator.stripe.portalConfigurations.retrieve(created.id)
            #expect(fetched == created)
            let types = try await emulator.eventTypes()
            #expect(types.contains("billing_portal.configuration.created"))
        }
    }

    @Test func updateMergesBlocksAndEmitsPreviousAttributes() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let (product, prices) = try await emulator.product(amounts: [1000])
            let created = try await emulator.stripe.portalConfigurations.create(
                Self.fullParameters(product: product, prices: prices)
            )
            let updated = try await emulator.stripe.portalConfigurations.update(
                created.id,
                PortalConfigurationParameters(
                    features: .init(
                        subscriptionCancel: .init(mode: .atPeriodEnd, prorationBehavior: ProrationBehavior.none)
                    ),
                    active: false
                )
            )
            #expect(updated.active == false)
            #expect(updated.features.subscriptionCancel?.mode == .atPeriodEnd)
            #expect(updated.features.subscriptionCancel?.cancellationReason?.options == [.tooExpensive, .other])
            #expect(updated.features.subscriptionUpdate == created.features.subscriptionUpdate)
            let events = try await emulator.call(.GET, "/v1/events", ["type": "billing_portal.configuration.updated"])
            let previous = try #require(events.at("data.0.data.previous_attributes"))
            #expect(previous["active"] == true)
            #expect(previous.at("features.subscription_cancel.mode") == "immediately")

            let inactive = await #expect(throws: StripeError.self) {
                _ = try await emulator.stripe.portalSessions.create(
                    PortalSessionCreateParameters(
                        customer: CustomerID(rawValue: try await emulator.customer()),
                        configuration: created.id
                    )
                )
            }
            #expect(inactive?.param == "configuration")
        }
    }

    @Test(arguments: invalidCases)
    func invalidConfigurationIsRefusedAndNothingIsCreated(_ invalid: InvalidCase) async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let (product, prices) = try await emulator.product(amounts: [1000])
            let (_, otherPrices) = try await emulator.product(amounts: [2000])
            var form: Form = [:]
            for (key, value) in invalid.form {
                form[key] =
                    value.replacingOccurrences(of: "{product}", with: product.rawValue)
                    .replacingOccurrences(of: "{other_price}", with: otherPrices[0].rawValue)
                    .replacingOccurrences(of: "{price}", with: prices[0].rawValue)
            }
            let error = await #expect(throws: StripeError.self) {
                _ = try await emulator.call(.POST, "/v1/billing_portal/configurations", form)
            }
            #expect(error?.param == invalid.param)
            #expect(error?.httpStatus == invalid.status)
            let all = try await emulator.stripe.portalConfigurations.list()
            #expect(all.data.count == 1)
        }
    }

    @Test func moreThanTenProductsAreRefused() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            var products: [PortalConfigurationParameters.SubscriptionUpdate.Product] = []
            for _ in 0..<11 {
                let (product, prices) = try await emulator.product(amounts: [500])
                products.append(.init(product: product, prices: prices))
            }
            let error = await #expect(throws: StripeError.self) {
                _ = try await emulator.stripe.portalConfigurations.create(
                    PortalConfigurationParameters(
                        features: .init(subscriptionUpdate: .init(enabled: true, products: .set(products)))
                    )
                )
            }
            #expect(error?.param == "features[subscription_update][products]")
        }
    }

    static func fullParameters(product: ProductID, prices: [PriceID]) -> PortalConfigurationParameters {
        PortalConfigurationParameters(
            features: .init(
                customerUpdate: .init(enabled: true, allowedUpdates: .set([.email, .name])),
                invoiceHistory: .init(enabled: true),
                paymentMethodUpdate: .init(enabled: true),
                subscriptionCancel: .init(
                    enabled: true,
                    mode: .immediately,
                    prorationBehavior: .createProrations,
                    cancellationReason: .init(enabled: true, options: .set([.tooExpensive, .other]))
                ),
                subscriptionPause: .init(
                    enabled: true,
                    duration: .init(
                        type: .intervalOptions,
                        intervalOptions: [.init(interval: .month, intervalCount: 2)]
                    )
                ),
                subscriptionUpdate: .init(
                    enabled: true,
                    defaultAllowedUpdates: .set([.price, .quantity]),
                    products: .set([.init(product: product, prices: prices)]),
                    prorationBehavior: .alwaysInvoice,
                    scheduleAtPeriodEnd: .init(conditions: .set([.init(type: .decreasingItemAmount)]))
                )
            ),
            businessProfile: .init(headline: .set("Acme partners with Stripe")),
            defaultReturnURL: .set("https://acme.example/billing"),
            metadata: ["team": "billing"]
        )
    }
}

extension RunningEmulator {
    /// Creates a product with one monthly price per amount.
    func product(amounts: [Int], name: String = "Plan") async throws -> (ProductID, [PriceID]) {
        let product = try await call(.POST, "/v1/products", ["name": name])
        let productID = try #require(product["id"]?.stringValue)
        var prices: [PriceID] = []
        for amount in amounts {
            let price = try await call(
                .POST,
                "/v1/prices",
                [
                    "product": productID, "currency": "usd", "unit_amount": String(amount),
                    "recurring[interval]": "month",
                ]
            )
            prices.append(PriceID(rawValue: try #require(price["id"]?.stringValue)))
        }
        return (ProductID(rawValue: productID), prices)
    }
}
