public import Foundation
public import StripeAPI

/// What a gated route asks of an account's billing, checked against ``BillingAccess`` by the adapters' access
/// middleware (`RequireBilling` in BillingHummingbird and BillingVapor).
///
/// ```swift
/// .subscribed                                   // any entitled subscription
/// .plans(lookupKeys: ["pro_monthly", "pro_yearly"])  // one of these prices
/// .products([ProductID("prod_team")])            // any price of these products
/// ```
///
/// Entitlement follows the ``AccessPolicy`` the facade was built with: a canceling subscription keeps access until
/// its period ends, `past_due` keeps it while the policy says so, paused and canceled ones do not.
public struct BillingRequirement: Sendable, Equatable, Hashable {
    private enum Plans: Sendable, Equatable, Hashable {
        case any
        case lookupKeys(Set<String>)
        case products(Set<ProductID>)
        case prices(Set<PriceID>)
    }

    private let plans: Plans

    /// Any entitled subscription, whatever the plan.
    public static let subscribed = BillingRequirement(plans: .any)

    /// An entitled subscription on a price with one of these lookup keys (`pro_monthly`, `pro_yearly`).
    public static func plans(lookupKeys: some Sequence<String>) -> BillingRequirement {
        BillingRequirement(plans: .lookupKeys(Set(lookupKeys)))
    }

    /// An entitled subscription on any price of one of these products.
    public static func products(_ products: some Sequence<ProductID>) -> BillingRequirement {
        BillingRequirement(plans: .products(Set(products)))
    }

    /// An entitled subscription on one of these prices.
    public static func prices(_ prices: some Sequence<PriceID>) -> BillingRequirement {
        BillingRequirement(plans: .prices(Set(prices)))
    }

    /// Whether `access` meets the requirement; the reason when it does not.
    public func check(_ access: BillingAccess) -> AccessDenial? {
        guard access.isEntitled else {
            switch access.status {
            case .pastDue:
                return .paymentRequired
            case .paused:
                return .subscriptionPaused
            default:
                return .subscriptionRequired
            }
        }
        let plan = access.plan
        let included: Bool
        switch plans {
        case .any: included = true
        case .lookupKeys(let keys): included = plan?.lookupKey.map(keys.contains) ?? false
        case .products(let products): included = plan?.product.map(products.contains) ?? false
        case .prices(let prices): included = plan?.price.map(prices.contains) ?? false
        }
        return included ? nil : .planNotIncluded
    }
}

/// Why a gated request was refused: the code an API client branches on and the sentence a person reads.
///
/// Both adapters answer an API request (`Accept: application/json`) with status 402 and ``JSONBody`` and an HTML
/// request with a 303 to the billing page.
public struct AccessDenial: Sendable, Equatable, Hashable {
    /// A stable, machine-readable code: `subscription_required`, `plan_not_included`, `payment_required`,
    /// `subscription_paused`.
    public let code: String
    /// What to tell the person.
    public let message: String

    /// No entitled subscription (none, canceled, or ended).
    public static let subscriptionRequired = AccessDenial(
        code: "subscription_required",
        message: "This needs an active subscription."
    )
    /// Subscribed, but not to a plan that includes this.
    public static let planNotIncluded = AccessDenial(
        code: "plan_not_included",
        message: "Your plan does not include this. Upgrade to use it."
    )
    /// A payment failed and the policy does not keep access meanwhile.
    public static let paymentRequired = AccessDenial(
        code: "payment_required",
        message: "A payment failed. Update your payment method to continue."
    )
    /// The subscription is paused.
    public static let subscriptionPaused = AccessDenial(
        code: "subscription_paused",
        message: "Your subscription is paused. Resume it to continue."
    )

    /// The JSON body of a 402 answer: `{"error":{"billing_url":…,"code":…,"message":…}}`.
    public struct JSONBody: Codable, Sendable, Equatable {
        /// The error object.
        public struct Error: Codable, Sendable, Equatable {
            /// ``AccessDenial/code``.
            public var code: String
            /// ``AccessDenial/message``.
            public var message: String
            /// Where the person can subscribe or fix the payment (absolute).
            public var billingURL: String

            enum CodingKeys: String, CodingKey {
                case code, message
                case billingURL = "billing_url"
            }
        }

        /// The error.
        public var error: Error
    }

    /// The 402 body for this denial, pointing at `billingURL`.
    public func jsonBody(billingURL: URL) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = JSONBody(error: .init(code: code, message: message, billingURL: billingURL.absoluteString))
        // A struct of three strings always encodes.
        return (try? encoder.encode(body)) ?? Data()
    }
}

extension Billing {
    /// Checks `requirement` for `account` against the projection (no Stripe call).
    /// - Returns: the account's access and, when refused, why.
    /// - Throws: when the billing database cannot be read.
    public func check(
        _ requirement: BillingRequirement,
        for account: AccountID
    ) async throws -> (access: BillingAccess, denial: AccessDenial?) {
        let access = try await access(for: account)
        return (access, requirement.check(access))
    }

    /// Whether a request that accepts `accept` wants a JSON answer rather than a page: an `Accept` header that names
    /// `application/json` (or a `+json` type) before or without `text/html`.
    public static func prefersJSON(accept: String?) -> Bool {
        guard let accept = accept?.lowercased() else { return false }
        let types = accept.split(separator: ",").map {
            $0.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        }
        let json = types.firstIndex { $0 == "application/json" || $0.hasSuffix("+json") }
        let html = types.firstIndex { $0 == "text/html" }
        guard let json else { return false }
        return html.map { json < $0 } ?? true
    }
}
