public import StripeAPI

/// One page of subscriptions from Stripe's list endpoint.
public struct SubscriptionPage: Sendable {
    /// The subscriptions on this page.
    public var subscriptions: [SubscriptionSnapshot]
    /// Whether more pages follow.
    public var hasMore: Bool

    /// Creates a page.
    public init(subscriptions: [SubscriptionSnapshot], hasMore: Bool) {
        self.subscriptions = subscriptions
        self.hasMore = hasMore
    }
}

/// Lists Stripe's current subscriptions page by page; ``StripeClient`` is the live implementation.
public protocol SubscriptionLister: Sendable {
    /// One page of subscriptions in every status, optionally for one customer.
    /// - Parameters:
    ///   - customer: only this customer's subscriptions, or all when nil.
    ///   - startingAfter: the last id of the previous page.
    ///   - limit: the page size (1–100).
    func listSubscriptions(customer: CustomerID?, startingAfter: SubscriptionID?, limit: Int) async throws
        -> SubscriptionPage
}

extension StripeClient: SubscriptionLister {
    private struct ListQuery: Encodable {
        var customer: String?
        var status = "all"
        var limit: Int
        var startingAfter: String?

        enum CodingKeys: String, CodingKey {
            case customer, status, limit
            case startingAfter = "starting_after"
        }
    }

    private struct Page: Decodable {
        var data: [SubscriptionSnapshot]
        var hasMore: Bool
        enum CodingKeys: String, CodingKey {
            case data
            case hasMore = "has_more"
        }
    }

    /// `GET /v1/subscriptions?status=all` (canceled ones included, so ended subscriptions reconcile too).
    public func listSubscriptions(
        customer: CustomerID?,
        startingAfter: SubscriptionID?,
        limit: Int
    ) async throws -> SubscriptionPage {
        let page = try await send(
            .GET,
            "/v1/subscriptions",
            parameters: ListQuery(customer: customer?.rawValue, limit: limit, startingAfter: startingAfter?.rawValue),
            as: Page.self
        )
        return SubscriptionPage(subscriptions: page.data, hasMore: page.hasMore)
    }
}
