public import Foundation

extension StripeClient {
    /// Checkout Session endpoints (`/v1/checkout/sessions`).
    public var checkoutSessions: CheckoutSessions { CheckoutSessions(client: self) }
}

/// Checkout Session endpoints (`/v1/checkout/sessions`): create, retrieve, list and expire.
public struct CheckoutSessions: Sendable {
    let client: StripeClient

    /// Creates a session (`POST /v1/checkout/sessions`); redirect the customer to its `url`.
    /// - Parameters:
    ///   - parameters: the mode, line items, return URLs, trial and discounts.
    ///   - options: an idempotency key makes a retried click reuse the same session.
    public func create(
        _ parameters: CheckoutSessionCreateParameters,
        options: RequestOptions = RequestOptions()
    ) async throws -> CheckoutSession {
        try await client.send(.POST, "/v1/checkout/sessions", parameters: parameters, options: options)
    }

    /// Retrieves a session (`GET /v1/checkout/sessions/{id}`), for example on the success page.
    /// - Throws: ``StripeError`` with `code == "resource_missing"` for an unknown id.
    public func retrieve(_ id: CheckoutSessionID, expand: [String] = []) async throws -> CheckoutSession {
        try await client.send(.GET, "/v1/checkout/sessions/\(id)", options: RequestOptions(expand: expand))
    }

    /// Lists one page of sessions, newest first (`GET /v1/checkout/sessions`).
    public func list(
        _ parameters: CheckoutSessionListParameters = CheckoutSessionListParameters(),
        expand: [String] = []
    ) async throws -> StripeList<CheckoutSession> {
        try await client.send(
            .GET,
            "/v1/checkout/sessions",
            parameters: parameters,
            options: RequestOptions(expand: expand)
        )
    }

    /// Expires an open session so it can no longer be paid (`POST /v1/checkout/sessions/{id}/expire`).
    /// - Throws: ``StripeError`` when the session is not `open`.
    public func expire(_ id: CheckoutSessionID, options: RequestOptions = RequestOptions()) async throws
        -> CheckoutSession
    {
        try await client.send(.POST, "/v1/checkout/sessions/\(id)/expire", options: options)
    }
}

/// Parameters for `POST /v1/checkout/sessions`.
public struct CheckoutSessionCreateParameters: Encodable, Sendable {
    /// `subscription` to start a subscription, `payment` for a one-time purchase, `setup` to save a card.
    public var mode: CheckoutSession.Mode
    /// An existing customer; when nil, Checkout creates one from the email the customer enters.
    public var customer: CustomerID?
    /// Prefills the email when there is no ``customer``.
    public var customerEmail: String?
    /// Your own reference, such as the account id, echoed on the session and its events.
    public var clientReferenceID: String?
    /// What is bought; required in `subscription` and `payment` mode.
    public var lineItems: [LineItem]?
    /// Where the customer goes after paying; `{CHECKOUT_SESSION_ID}` is replaced with the session id.
    public var successURL: String?
    /// Where the page's back link goes.
    public var cancelURL: String?
    /// Shows a promotion-code field; cannot be combined with ``discounts``.
    public var allowPromotionCodes: Bool?
    /// A coupon or promotion code applied up front (at most one).
    public var discounts: [DiscountParameters]?
    /// Trial, description and metadata of the subscription the session starts.
    public var subscriptionData: SubscriptionData?
    /// When the session expires: 30 minutes to 24 hours from now (24 hours when nil).
    public var expiresAt: Date?
    /// The page language, such as `auto` or `fr`.
    public var locale: String?
    /// Your key/value data on the session (not copied to the subscription).
    public var metadata: Metadata?

    /// Creates parameters.
    public init(
        mode: CheckoutSession.Mode,
        customer: CustomerID? = nil,
        customerEmail: String? = nil,
        clientReferenceID: String? = nil,
        lineItems: [LineItem]? = nil,
        successURL: String? = nil,
        cancelURL: String? = nil,
        allowPromotionCodes: Bool? = nil,
        discounts: [DiscountParameters]? = nil,
        subscriptionData: SubscriptionData? = nil,
        expiresAt: Date? = nil,
        locale: String? = nil,
        metadata: Metadata? = nil
    ) {
        self.mode = mode
        self.customer = customer
        self.customerEmail = customerEmail
        self.clientReferenceID = clientReferenceID
        self.lineItems = lineItems
        self.successURL = successURL
        self.cancelURL = cancelURL
        self.allowPromotionCodes = allowPromotionCodes
        self.discounts = discounts
        self.subscriptionData = subscriptionData
        self.expiresAt = expiresAt
        self.locale = locale
        self.metadata = metadata
    }

    /// One `line_items[N]`: a price and its quantity.
    public struct LineItem: Encodable, Sendable, Equatable {
        /// The price; recurring prices start the subscription, one-time prices join its first invoice.
        public var price: PriceID
        /// How many, at least 1.
        public var quantity: Int

        /// Creates a line item.
        public init(price: PriceID, quantity: Int = 1) {
            self.price = price
            self.quantity = quantity
        }
    }

    /// `subscription_data`: how the subscription a `subscription`-mode session starts is set up.
    public struct SubscriptionData: Encodable, Sendable, Equatable {
        /// A free trial of this many days (at least 1).
        public var trialPeriodDays: Int?
        /// A trial that ends at a fixed time (at least 48 hours away).
        public var trialEnd: Date?
        /// The subscription's description.
        public var description: String?
        /// Metadata copied onto the subscription.
        public var metadata: Metadata?

        /// Creates subscription settings.
        public init(
            trialPeriodDays: Int? = nil,
            trialEnd: Date? = nil,
            description: String? = nil,
            metadata: Metadata? = nil
        ) {
            self.trialPeriodDays = trialPeriodDays
            self.trialEnd = trialEnd
            self.description = description
            self.metadata = metadata
        }

        enum CodingKeys: String, CodingKey {
            case description, metadata
            case trialPeriodDays = "trial_period_days"
            case trialEnd = "trial_end"
        }
    }

    enum CodingKeys: String, CodingKey {
        case mode, customer, discounts, locale, metadata
        case customerEmail = "customer_email"
        case clientReferenceID = "client_reference_id"
        case lineItems = "line_items"
        case successURL = "success_url"
        case cancelURL = "cancel_url"
        case allowPromotionCodes = "allow_promotion_codes"
        case subscriptionData = "subscription_data"
        case expiresAt = "expires_at"
    }
}

/// Filters for `GET /v1/checkout/sessions`.
public struct CheckoutSessionListParameters: Encodable, Sendable {
    /// Only the customer's sessions.
    public var customer: CustomerID?
    /// Only sessions in this status.
    public var status: CheckoutSession.Status?
    /// Only the session that started this subscription.
    public var subscription: SubscriptionID?
    /// Only sessions created in this range.
    public var created: DateFilter?
    /// Page size, 1–100 (10 when nil).
    public var limit: Int?
    /// The cursor for the next page: the last id of the previous one.
    public var startingAfter: String?
    /// The cursor for the previous page: the first id of the current one.
    public var endingBefore: String?

    /// Creates filters.
    public init(
        customer: CustomerID? = nil,
        status: CheckoutSession.Status? = nil,
        subscription: SubscriptionID? = nil,
        created: DateFilter? = nil,
        limit: Int? = nil,
        startingAfter: String? = nil,
        endingBefore: String? = nil
    ) {
        self.customer = customer
        self.status = status
        self.subscription = subscription
        self.created = created
        self.limit = limit
        self.startingAfter = startingAfter
        self.endingBefore = endingBefore
    }

    enum CodingKeys: String, CodingKey {
        case customer, status, subscription, created, limit
        case startingAfter = "starting_after"
        case endingBefore = "ending_before"
    }
}
