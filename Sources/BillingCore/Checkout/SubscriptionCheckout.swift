public import Foundation
public import StripeAPI

/// Starts subscriptions through Stripe Checkout: mapping → lazy customer → one open subscription per account →
/// a Checkout Session whose URLs are built server-side.
///
/// Only prices the catalog offers can be bought; an account with a live subscription changes plans in the portal
/// instead. The session carries the account as `client_reference_id`, and the return from Checkout is trusted only
/// after the session read back from Stripe names this account and its mapped customer.
public struct SubscriptionCheckout: Sendable {
    private let stripe: StripeClient
    private let customers: CustomerDirectory
    private let projection: ProjectionReader
    private let catalog: StripeCatalog
    private let reconciler: Reconciler
    private let configuration: BillingConfiguration
    private let now: @Sendable () -> Date

    /// Creates the flow.
    public init(
        stripe: StripeClient,
        customers: CustomerDirectory,
        projection: ProjectionReader,
        catalog: StripeCatalog,
        reconciler: Reconciler,
        configuration: BillingConfiguration,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.stripe = stripe
        self.customers = customers
        self.projection = projection
        self.catalog = catalog
        self.reconciler = reconciler
        self.configuration = configuration
        self.now = now
    }

    /// The query item on `success_url` that carries the session id (Stripe substitutes `{CHECKOUT_SESSION_ID}`).
    public static let sessionMarker = "checkout_session"
    /// The query item on `cancel_url`.
    public static let canceledMarker = "checkout_canceled"

    /// Creates a Checkout Session for `price` and returns its URL, to redirect to with 303.
    /// - Throws: ``CheckoutError/priceNotOffered`` for a price outside the catalog,
    ///   ``CheckoutError/subscriptionLive`` when the account already has a live subscription; a Stripe or database
    ///   error otherwise (nothing half-written: a retried click reuses the customer and the session).
    public func start(account: BillingAccount, price: PriceID) async throws -> URL {
        guard let plan = try await catalog.offeredPlansOrError().first(where: { $0.price == price }) else {
            throw CheckoutError.priceNotOffered
        }
        if try await projection.accountBilling(of: account.id)?.hasLiveSubscription == true {
            throw CheckoutError.subscriptionLive
        }
        let customer = try await customers.ensureCustomer(account: account.id, email: account.email, name: account.name)
        let billingPage = configuration.absoluteURL(configuration.billingPath)
        // Double clicks within a minute get the same session back instead of a second one.
        let minute = Int(now().timeIntervalSince1970 / 60)
        let session = try await stripe.checkoutSessions.create(
            CheckoutSessionCreateParameters(
                mode: .subscription,
                customer: customer,
                clientReferenceID: account.id.rawValue,
                lineItems: [.init(price: plan.price)],
                successURL: billingPage + "?\(Self.sessionMarker)={CHECKOUT_SESSION_ID}",
                cancelURL: billingPage + "?\(Self.canceledMarker)=1",
                allowPromotionCodes: true,
                subscriptionData: plan.trialDays.map { .init(trialPeriodDays: $0) },
                metadata: ["account_id": account.id.rawValue]
            ),
            options: RequestOptions(idempotencyKey: "checkout-\(account.id.rawValue)-\(plan.price.rawValue)-\(minute)")
        )
        guard let url = session.url else { throw CheckoutError.noSessionURL }
        return url
    }

    /// Completes the return from Checkout: reads the session from Stripe and, when it belongs to this account and
    /// its customer and is complete, refreshes the account's subscriptions so the page shows the new plan before
    /// any webhook arrives.
    /// - Returns: whether the account's state was refreshed.
    public func complete(account: BillingAccount, session id: String) async throws -> Bool {
        try await completedSession(account: account, session: id) != nil
    }

    /// Completes the return from Checkout like ``complete(account:session:)``.
    /// - Returns: the completed session when it belongs to this account and the subscriptions were refreshed,
    ///   else nil.
    public func completedSession(account: BillingAccount, session id: String) async throws -> CheckoutSession? {
        guard id.hasPrefix("cs_"), let customer = try await customers.customer(for: account.id) else { return nil }
        let session = try await stripe.checkoutSessions.retrieve(CheckoutSessionID(id))
        guard session.clientReferenceID == account.id.rawValue, session.customer?.id == customer,
            session.status == .complete
        else { return nil }
        try await reconciler.reconcile(customer: customer)
        return session
    }
}

/// Why a Checkout could not start.
public struct CheckoutError: Error, Equatable, CustomStringConvertible, Sendable {
    private enum Code: String, Sendable {
        case priceNotOffered = "the price is not one of the offered plans"
        case subscriptionLive = "the account already has a live subscription; change plans in the portal"
        case noSessionURL = "Stripe returned a Checkout Session without a URL"
    }

    private let code: Code
    private init(_ code: Code) { self.code = code }

    /// The price is not in the catalog.
    public static var priceNotOffered: Self { Self(.priceNotOffered) }
    /// The account already subscribes.
    public static var subscriptionLive: Self { Self(.subscriptionLive) }
    /// The session came back without a hosted URL.
    public static var noSessionURL: Self { Self(.noSessionURL) }

    public var description: String { code.rawValue }
}
