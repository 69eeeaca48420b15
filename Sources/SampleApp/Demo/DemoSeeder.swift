public import BillingCore
import BillingDatabase
import Foundation
public import Logging
public import StripeAPI

/// Seeds a development Stripe (the emulator) and the app with a catalog and demo accounts, idempotently, so
/// `billing serve` shows every billing state right away and restarts keep the same data.
public struct DemoSeeder: Sendable {
    /// A demo login.
    public struct DemoLogin: Sendable {
        /// The email.
        public var email: String
        /// The password.
        public var password: String
        /// What state the account is in.
        public var state: String
    }

    /// The demo accounts `billing serve` creates.
    public static let logins: [DemoLogin] = [
        DemoLogin(email: "free@acme.test", password: demoPassword, state: "free plan, no Stripe customer yet"),
        DemoLogin(email: "pro@acme.test", password: demoPassword, state: "Pro monthly, active"),
        DemoLogin(email: "pastdue@acme.test", password: demoPassword, state: "Pro monthly, payment failed"),
        DemoLogin(email: "canceling@acme.test", password: demoPassword, state: "Team, cancels at period end"),
        DemoLogin(
            email: "trial@acme.test",
            password: demoPassword,
            state: "free plan, customer on its own test clock (start the Team trial, then advance the clock)"
        ),
    ]

    /// The password of every demo login, published above and in the README.
    static let demoPassword = "password123"

    /// bcrypt (cost 10) of ``demoPassword``, made once ahead of time: the demo accounts share it, so seeding hashes
    /// nothing at start-up (five cost-10 hashes were most of `billing serve`'s time to ready).
    static let demoPasswordHash = "$2b$10$ycBJgw/JUxRSAELXYtvw0OS/Tbz6V66Sk9KMHbjHVTrQF3WYgaSWa"

    private let stripe: StripeClient
    private let store: AccountStore
    private let customers: CustomerDirectory
    private let reconciler: Reconciler
    private let database: any BillingDatabase

    /// Creates a seeder.
    /// Creates a seeder that works through the billing facade's client, mapping and reconciler.
    public init(billing: Billing, store: AccountStore) {
        self.database = billing.database
        self.stripe = billing.stripe
        self.store = store
        self.customers = billing.customers
        self.reconciler = billing.reconciler
    }

    /// The coupon the demo's cancellation survey offers to customers who say it is too expensive.
    public static let retentionCoupon: CouponID = "ACME_STAY_20"

    /// Creates the retention coupon (20 % off for 3 months) unless it exists, so the survey's save offer works offline.
    public static func seedRetentionCoupon(stripe: StripeClient) async throws -> CouponID {
        do {
            return try await stripe.coupons.retrieve(retentionCoupon).id
        } catch let error as StripeError where error.isResourceMissing {
            return try await stripe.coupons.create(
                CouponCreateParameters(
                    id: retentionCoupon,
                    percentOff: 20,
                    duration: .repeating,
                    durationInMonths: 3,
                    name: "20% off for 3 months"
                )
            ).id
        }
    }

    /// The trial Team monthly starts with, in days.
    public static let teamTrialDays = 14

    /// The promotion code new customers can type in Checkout.
    public static let welcomeCode = "WELCOME20"

    /// Creates the `WELCOME20` promotion code (20 % off the first invoice) and its coupon unless they exist.
    /// - Returns: the promotion code's id.
    @discardableResult
    public static func seedPromotionCode(stripe: StripeClient) async throws -> PromotionCodeID {
        let existing = try await stripe.promotionCodes.list(PromotionCodeListParameters(code: welcomeCode)).data
        if let code = existing.first { return code.id }
        let couponID: CouponID = "ACME_WELCOME_20"
        let coupon: CouponID
        do {
            coupon = try await stripe.coupons.retrieve(couponID).id
        } catch let error as StripeError where error.isResourceMissing {
            coupon = try await stripe.coupons.create(
                CouponCreateParameters(
                    id: couponID,
                    percentOff: 20,
                    duration: .once,
                    name: "20% off your first invoice"
                )
            ).id
        }
        return try await stripe.promotionCodes.create(PromotionCodeCreateParameters(coupon: coupon, code: welcomeCode))
            .id
    }

    /// Creates the products and prices (Free, Pro monthly/yearly, Team with a trial) and a portal configuration
    /// offering them.
    /// - Parameters:
    ///   - stripe: the client (the emulator in development).
    ///   - inAppSurvey: whether the app's cancellation survey is on (`billing.survey.enabled`); the portal then
    ///     cancels without asking for a reason again. Otherwise the portal asks, as Stripe's default does.
    /// - Returns: the portal configuration id.
    public static func seedCatalog(stripe: StripeClient, inAppSurvey: Bool = true) async throws -> PortalConfigurationID
    {
        let reasons = PortalConfigurationParameters.SubscriptionCancel.CancellationReason(
            enabled: !inAppSurvey,
            options: inAppSurvey ? .unset : .set([.tooExpensive, .missingFeatures, .switchedService, .unused, .other])
        )
        typealias Seed = (key: String, amount: Int, interval: Price.Interval, trialDays: Int?)
        // Team monthly carries a 14-day trial on the price, so Checkout for it starts with a trial (and the trial
        // reminder mail can be seen in `/dev/mail`).
        let catalog: [(product: String, name: String, prices: [Seed])] = [
            ("prod_acme_free", "Free", [("free_monthly", 0, .month, nil)]),
            ("prod_acme_pro", "Pro", [("pro_monthly", 1200, .month, nil), ("pro_yearly", 12000, .year, nil)]),
            ("prod_acme_team", "Team", [("team_monthly", 4900, .month, teamTrialDays)]),
        ]
        // Products are independent of each other: seeded side by side, each with its prices in order.
        async let existingConfigurations = stripe.portalConfigurations.list(
            PortalConfigurationListParameters(limit: 100)
        ).data
        let seeded = try await withThrowingTaskGroup(of: (Int, ProductID, [PriceID]).self) { group in
            for (index, entry) in catalog.enumerated() {
                group.addTask {
                    let product = ProductID(entry.product)
                    do {
                        _ = try await stripe.products.retrieve(product)
                    } catch let error as StripeError where error.isResourceMissing {
                        _ = try await stripe.products.create(ProductCreateParameters(id: product, name: entry.name))
                    }
                    var priceIDs: [PriceID] = []
                    for price in entry.prices {
                        let existing = try await stripe.prices.list(PriceListParameters(lookupKeys: [price.key]))
                            .data.first
                        if let existing {
                            priceIDs.append(existing.id)
                        } else {
                            let created = try await stripe.prices.create(
                                PriceCreateParameters(
                                    currency: "usd",
                                    product: product,
                                    unitAmount: price.amount,
                                    recurring: Price.Recurring(
                                        interval: price.interval,
                                        trialPeriodDays: price.trialDays
                                    ),
                                    lookupKey: price.key
                                )
                            )
                            priceIDs.append(created.id)
                        }
                    }
                    return (index, product, priceIDs)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }.sorted { $0.0 < $1.0 }
        }
        let offered: [PortalConfigurationParameters.SubscriptionUpdate.Product] =
            seeded
            .filter { $0.1.rawValue != "prod_acme_free" }
            .map { .init(product: $0.1, prices: $0.2) }
        if let configuration = try await existingConfigurations.first(where: { $0.metadata["seed"] == "acme-notes" }) {
            if configuration.features.subscriptionCancel?.cancellationReason?.enabled != reasons.enabled {
                _ = try await stripe.portalConfigurations.update(
                    configuration.id,
                    PortalConfigurationParameters(
                        features: PortalConfigurationParameters.Features(
                            subscriptionCancel: .init(cancellationReason: reasons)
                        )
                    )
                )
            }
            return configuration.id
        }
        let created = try await stripe.portalConfigurations.create(
            PortalConfigurationParameters(
                features: PortalConfigurationParameters.Features(
                    invoiceHistory: .init(enabled: true),
                    paymentMethodUpdate: .init(enabled: true),
                    subscriptionCancel: .init(enabled: true, mode: .atPeriodEnd, cancellationReason: reasons),
                    subscriptionUpdate: .init(
                        enabled: true,
                        defaultAllowedUpdates: .set([.price]),
                        products: .set(offered)
                    )
                ),
                // The emulator's portal names the business after the configuration when no branding is set.
                businessProfile: .init(headline: .set("Manage your Acme Notes plan, cards and invoices")),
                metadata: ["seed": "acme-notes"],
                name: .set("Acme Notes")
            )
        )
        return created.id
    }

    /// Creates the demo accounts with their Stripe state (skipping accounts that exist), then refreshes their
    /// subscriptions into the projection so the billing page is right before webhooks arrive.
    public func seedAccounts(logger: Logger) async throws {
        let prices = try await stripe.prices.list(PriceListParameters(lookupKeys: ["pro_monthly", "team_monthly"])).data
        guard let pro = prices.first(where: { $0.lookupKey == "pro_monthly" })?.id,
            let team = prices.first(where: { $0.lookupKey == "team_monthly" })?.id
        else {
            logger.warning("demo catalog missing; skipping demo accounts")
            return
        }
        // The accounts are independent of each other (own customer, own test clock): seeded side by side, so
        // their Stripe round trips overlap.
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await seed(email: "free@acme.test", name: "Frida Free", logger: logger) { _ in }
            }
            group.addTask {
                try await seed(email: "pro@acme.test", name: "Pat Pro", logger: logger) { customer in
                    try await subscribe(customer, to: pro, card: "pm_card_visa")
                }
            }
            group.addTask {
                try await seed(email: "canceling@acme.test", name: "Cam Canceling", logger: logger) { customer in
                    let subscription = try await subscribe(customer, to: team, card: "pm_card_mastercard")
                    _ = try await stripe.subscriptions.update(
                        subscription,
                        SubscriptionUpdateParameters(cancelAtPeriodEnd: true)
                    )
                }
            }
            group.addTask { try await seedPastDueAccount(pro: pro, logger: logger) }
            group.addTask { try await seedTrialAccount(logger: logger) }
            try await group.waitForAll()
        }
    }

    /// A failed renewal makes a subscription `past_due` (a failed first invoice only makes it `incomplete`): the
    /// customer lives on a test clock started a month ago, and advancing the clock to now renews once, on a card
    /// that declines.
    private func seedPastDueAccount(pro: PriceID, logger: Logger) async throws {
        let email = "pastdue@acme.test"
        guard try await store.account(email: email) == nil else { return }
        let start = Date().addingTimeInterval(-32 * 86_400)
        let clock = try await stripe.testClocks.create(frozenTime: start, name: "demo past due")
        let clocked = CustomerDirectory(
            database: database,
            creator: ClockedCustomerCreator(stripe: stripe, clock: clock.id),
            logger: logger
        )
        try await seed(email: email, name: "Pia Pastdue", directory: clocked, logger: logger) {
            customer in
            let subscription = try await subscribe(customer, to: pro, card: "pm_card_visa")
            let failing = try await stripe.paymentMethods.attach("pm_card_chargeCustomerFail", to: customer)
            _ = try await stripe.customers.update(
                customer,
                CustomerUpdateParameters(
                    invoiceSettings: InvoiceSettingsParameters(defaultPaymentMethod: .set(failing.id))
                )
            )
            _ = subscription
            _ = try await stripe.testClocks.advance(clock.id, to: Date())
        }
    }

    /// A free account whose customer already exists on its own test clock, as Stripe suggests for testing trials:
    /// Checkout for Team starts the trial on that clock, and advancing the clock runs the reminder three days
    /// before the end, the first charge and the move to active, without waiting two weeks.
    private func seedTrialAccount(logger: Logger) async throws {
        let email = "trial@acme.test"
        guard try await store.account(email: email) == nil else { return }
        let clock = try await stripe.testClocks.create(frozenTime: Date(), name: "demo trial")
        let clocked = CustomerDirectory(
            database: database,
            creator: ClockedCustomerCreator(stripe: stripe, clock: clock.id),
            logger: logger
        )
        try await seed(email: email, name: "Tess Trial", directory: clocked, logger: logger) { _ in }
    }

    @discardableResult
    private func subscribe(_ customer: CustomerID, to price: PriceID, card: String) async throws -> SubscriptionID {
        let method = try await stripe.paymentMethods.attach(PaymentMethodID(card), to: customer)
        _ = try await stripe.customers.update(
            customer,
            CustomerUpdateParameters(invoiceSettings: InvoiceSettingsParameters(defaultPaymentMethod: .set(method.id)))
        )
        let subscription = try await stripe.subscriptions.create(
            SubscriptionCreateParameters(customer: customer, items: [.init(price: price)])
        )
        return subscription.id
    }

    private func seed(
        email: String,
        name: String,
        directory: CustomerDirectory? = nil,
        logger: Logger,
        _ billing: (CustomerID) async throws -> Void
    ) async throws {
        guard try await store.account(email: email) == nil else { return }
        guard let account = try await store.createAccount(email: email, name: name, passwordHash: Self.demoPasswordHash)
        else { return }
        if email == "free@acme.test" { return }
        let customer = try await (directory ?? customers).ensureCustomer(
            account: AccountID(account.id),
            email: email,
            name: name
        )
        try await billing(customer)
        try await reconciler.reconcile(customer: customer)
        logger.info("seeded demo account", metadata: ["email": "\(email)"])
    }
}

/// Creates demo customers on a test clock, so time can be advanced for them alone.
private struct ClockedCustomerCreator: StripeCustomerCreator {
    let stripe: StripeClient
    let clock: TestClockID

    func createCustomer(for account: AccountID, email: String?, name: String?, idempotencyKey: String) async throws
        -> CreatedCustomer
    {
        let customer = try await stripe.customers.create(
            CustomerCreateParameters(
                email: email,
                name: name,
                metadata: ["account_id": account.rawValue],
                testClock: clock
            ),
            options: RequestOptions(idempotencyKey: idempotencyKey)
        )
        return CreatedCustomer(id: customer.id, livemode: customer.livemode)
    }
}
