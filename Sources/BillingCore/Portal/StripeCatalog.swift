import Foundation
public import Logging
public import StripeAPI

/// Plan names, prices and the portal's enabled features, read from Stripe and cached for a while.
///
/// The billing page shows them on every view; they change rarely, so one API call per item per
/// ``timeToLive`` is enough. When Stripe is unreachable the page still renders, with the lookup key as the plan
/// name and every portal feature assumed enabled.
public actor StripeCatalog {
    /// A plan as the billing page shows it.
    public struct PlanDisplay: Sendable, Equatable {
        /// The product name, such as "Pro".
        public var name: String
        /// The price in words in US English, such as "$12.00 / month"; pages use ``price(in:)``.
        public var price: String?
        /// What the price charges, for formatting in the reader's locale; nil when it has no fixed amount.
        public var terms: PriceTerms?

        /// The price in words for a reader, such as "12,00 € / month"; nil when it has no fixed amount.
        /// - Parameter formatter: the reader's formatter.
        /// - Returns: the formatted price.
        public func price(in formatter: BillingFormatter) -> String? { terms?.formatted(by: formatter) }
    }

    /// A price's amount and period, kept as numbers so each reader sees them in their own locale.
    public struct PriceTerms: Sendable, Equatable {
        /// The amount in the currency's minor unit.
        public var unitAmount: Int64
        /// The ISO 4217 code (lowercase, as Stripe sends it).
        public var currency: String
        /// `month`, `year`, `week` or `day`; nil for a one-time price.
        public var interval: String?
        /// How many intervals one period spans.
        public var intervalCount: Int

        /// The price in words, such as "$12.00 / month".
        /// - Parameter formatter: the reader's formatter.
        /// - Returns: the formatted price.
        public func formatted(by formatter: BillingFormatter) -> String {
            formatter.price(amount: unitAmount, currency: currency, interval: interval, intervalCount: intervalCount)
        }
    }

    /// A price a free, canceled or expired account can subscribe to through Checkout.
    public struct PlanOption: Sendable, Equatable {
        /// The price to subscribe to.
        public var price: PriceID
        /// The product it belongs to.
        public var product: ProductID
        /// The product name, such as "Pro".
        public var name: String
        /// The price in words in US English, such as "$12.00 / month"; pages use ``terms``.
        public var amount: String
        /// What the price charges, for formatting in the reader's locale.
        public var terms: PriceTerms
        /// `month` or `year` (or another interval); nil for a one-time price.
        public var interval: String?
        /// The price's lookup key, such as `pro_yearly`.
        public var lookupKey: String?
        /// Free trial days that come with the price, if any.
        public var trialDays: Int?
    }

    /// Which portal features the configuration enables.
    public struct PortalFeatures: Sendable, Equatable {
        /// Customers may change plans in the portal.
        public var subscriptionUpdate: Bool
        /// Customers may cancel in the portal.
        public var subscriptionCancel: Bool
        /// Customers may update their payment method in the portal.
        public var paymentMethodUpdate: Bool

        /// Everything enabled: the assumption when the configuration cannot be read.
        public static let all = PortalFeatures(
            subscriptionUpdate: true,
            subscriptionCancel: true,
            paymentMethodUpdate: true
        )
    }

    /// A discount as the customer knows it: the code they typed and what it gives.
    public struct DiscountTerms: Sendable, Equatable {
        /// The promotion code redeemed, such as `WELCOME20`; nil for a coupon applied without one.
        public var code: String?
        /// The coupon's name, such as "20% off your first invoice".
        public var name: String?
        /// What the coupon takes off, such as "20% off" or "$5.00 off".
        public var terms: String?
    }

    private let stripe: StripeClient
    private let portalConfiguration: PortalConfigurationID?
    private let timeToLive: Duration
    private let logger: Logger
    private var plans: [PriceID: (value: PlanDisplay, fetchedAt: ContinuousClock.Instant)] = [:]
    private var features: (value: PortalFeatures, fetchedAt: ContinuousClock.Instant)?
    private var offered: (value: [PlanOption], fetchedAt: ContinuousClock.Instant)?
    private var discounts: [InvoiceID: (value: DiscountTerms?, fetchedAt: ContinuousClock.Instant)] = [:]
    /// Invoice ids grow with the customers, so the discount cache is swept past this size.
    private static let discountCacheLimit = 1_000

    /// Creates a catalog.
    /// - Parameters:
    ///   - stripe: the Stripe client.
    ///   - portalConfiguration: the configuration whose features are read; the default one when nil.
    ///   - timeToLive: how long a fetched value is reused.
    ///   - logger: receives fetch failures.
    public init(
        stripe: StripeClient,
        portalConfiguration: PortalConfigurationID?,
        timeToLive: Duration = .seconds(60),
        logger: Logger
    ) {
        self.stripe = stripe
        self.portalConfiguration = portalConfiguration
        self.timeToLive = timeToLive
        self.logger = logger
    }

    /// The display of a price, or nil when it cannot be read (the page falls back to the lookup key).
    public func plan(for price: PriceID) async -> PlanDisplay? {
        let now = ContinuousClock.now
        if let cached = plans[price], now - cached.fetchedAt < timeToLive { return cached.value }
        do {
            let fetched = try await stripe.prices.retrieve(price, expand: ["product"])
            let display = PlanDisplay(
                name: fetched.product.object?.name ?? fetched.nickname ?? fetched.lookupKey ?? price.rawValue,
                price: Self.describe(fetched),
                terms: Self.terms(of: fetched)
            )
            plans[price] = (display, now)
            return display
        } catch {
            logger.warning("could not read price", metadata: ["stripe.price": "\(price)", "error": "\(error)"])
            return plans[price]?.value
        }
    }

    /// The terms of the first discount on an invoice, or nil when it has none or Stripe cannot be read (the page
    /// then shows only the amount the projection knows).
    ///
    /// Webhook payloads carry discounts as ids; the code and the coupon are read here, expanded, like a price's
    /// display.
    public func discountTerms(onInvoice invoice: InvoiceID) async -> DiscountTerms? {
        let now = ContinuousClock.now
        if let cached = discounts[invoice], now - cached.fetchedAt < timeToLive { return cached.value }
        do {
            let fetched = try await stripe.invoices.retrieve(invoice, expand: ["discounts", "discounts.source.coupon"])
            var terms: DiscountTerms?
            if let discount = fetched.discounts.first?.object {
                let coupon = discount.coupon?.object
                var code: String?
                if let promotion = discount.promotionCode {
                    code = try await stripe.promotionCodes.retrieve(PromotionCodeID(promotion)).code
                }
                terms = DiscountTerms(code: code, name: coupon?.name, terms: coupon.flatMap(Self.describe))
            }
            if discounts.count >= Self.discountCacheLimit {
                discounts = discounts.filter { now - $0.value.fetchedAt < timeToLive }
                if discounts.count >= Self.discountCacheLimit { discounts.removeAll() }
            }
            discounts[invoice] = (terms, now)
            return terms
        } catch {
            logger.warning(
                "could not read an invoice's discount",
                metadata: ["stripe.invoice": "\(invoice)", "error": "\(error)"]
            )
            return discounts[invoice]?.value
        }
    }

    /// The portal configuration's features (everything enabled when they cannot be read).
    public func portalFeatures() async -> PortalFeatures {
        let now = ContinuousClock.now
        if let features, now - features.fetchedAt < timeToLive { return features.value }
        do {
            let value =
                try await configuration().map {
                    PortalFeatures(
                        subscriptionUpdate: $0.features.subscriptionUpdate?.enabled ?? false,
                        subscriptionCancel: $0.features.subscriptionCancel?.enabled ?? false,
                        paymentMethodUpdate: $0.features.paymentMethodUpdate?.enabled ?? false
                    )
                } ?? .all
            features = (value, now)
            return value
        } catch {
            logger.warning("could not read the portal configuration", metadata: ["error": "\(error)"])
            return features?.value ?? .all
        }
    }

    /// The plans a new subscriber can choose: the recurring prices the portal configuration offers for plan
    /// changes, in its order. Empty when the configuration offers none or cannot be read (then nobody can be sent
    /// to Checkout for a price the app does not sell).
    public func offeredPlans() async -> [PlanOption] {
        do {
            return try await loadOfferedPlans()
        } catch {
            logger.warning("could not read the offered plans", metadata: ["error": "\(error)"])
            return offered?.value ?? []
        }
    }

    /// The offered plans as ``offeredPlans()`` reads them, but throwing when Stripe cannot be read and no earlier
    /// read is cached, so Checkout can tell "Stripe is down" (try again later) from "not a plan we sell".
    /// - Throws: the Stripe error.
    public func offeredPlansOrError() async throws -> [PlanOption] {
        do {
            return try await loadOfferedPlans()
        } catch {
            if let offered { return offered.value }
            throw error
        }
    }

    private func loadOfferedPlans() async throws -> [PlanOption] {
        let now = ContinuousClock.now
        if let offered, now - offered.fetchedAt < timeToLive { return offered.value }
        var options: [PlanOption] = []
        for product in try await configuration()?.features.subscriptionUpdate?.products ?? [] {
            for priceID in product.prices {
                let price = try await stripe.prices.retrieve(priceID, expand: ["product"])
                guard price.active, let recurring = price.recurring, let amount = Self.describe(price),
                    let terms = Self.terms(of: price)
                else {
                    continue
                }
                options.append(
                    PlanOption(
                        price: price.id,
                        product: product.product,
                        name: price.product.object?.name ?? price.nickname ?? price.lookupKey ?? price.id.rawValue,
                        amount: amount,
                        terms: terms,
                        interval: recurring.interval.rawValue,
                        lookupKey: price.lookupKey,
                        trialDays: recurring.trialPeriodDays.flatMap { $0 > 0 ? $0 : nil }
                    )
                )
            }
        }
        offered = (options, now)
        return options
    }

    private func configuration() async throws -> PortalConfiguration? {
        if let portalConfiguration {
            return try await stripe.portalConfigurations.retrieve(portalConfiguration)
        }
        return try await stripe.portalConfigurations.list(
            PortalConfigurationListParameters(isDefault: true, limit: 1)
        ).data.first
    }

    static func describe(_ coupon: Coupon) -> String? {
        if let percent = coupon.percentOff {
            return
                "\(percent.formatted(.number.precision(.fractionLength(0...2)).locale(Locale(identifier: "en_US"))))% off"
        }
        if let amount = coupon.amountOff {
            return "\(MoneyFormat.string(amount: amount, currency: coupon.currency ?? "usd")) off"
        }
        return nil
    }

    static func describe(_ price: Price) -> String? {
        terms(of: price)?.formatted(by: .standard)
    }

    static func terms(of price: Price) -> PriceTerms? {
        guard let amount = price.unitAmount else { return nil }
        return PriceTerms(
            unitAmount: Int64(amount),
            currency: price.currency,
            interval: price.recurring?.interval.rawValue,
            intervalCount: price.recurring?.intervalCount ?? 1
        )
    }
}
