public import BillingCore
import Foundation
public import StripeAPI

/// A ``BillingCore/SubscriptionLister`` over a fixed set of subscriptions, paged like Stripe (by id cursor); it
/// records each request.
public actor StubSubscriptionLister: SubscriptionLister {
    private let subscriptions: [SubscriptionSnapshot]
    /// The `(customer, startingAfter)` of every request, in order.
    public private(set) var requests: [(customer: CustomerID?, startingAfter: SubscriptionID?)] = []

    /// Creates a lister that serves `subscriptions` in the given order.
    public init(_ subscriptions: [SubscriptionSnapshot]) {
        self.subscriptions = subscriptions
    }

    public func listSubscriptions(
        customer: CustomerID?,
        startingAfter: SubscriptionID?,
        limit: Int
    ) async throws -> SubscriptionPage {
        requests.append((customer, startingAfter))
        let matching = subscriptions.filter { customer == nil || $0.customerID == customer }
        var start = 0
        if let startingAfter {
            guard let index = matching.firstIndex(where: { $0.id == startingAfter }) else {
                throw UnstubbedCall(description: "listSubscriptions(startingAfter: \(startingAfter)) unknown cursor")
            }
            start = index + 1
        }
        let page = Array(matching[start..<min(start + limit, matching.count)])
        return SubscriptionPage(subscriptions: page, hasMore: start + limit < matching.count)
    }
}

extension SubscriptionFixture {
    /// The fixture decoded as the snapshot the core reads from Stripe.
    public func snapshot() throws -> SubscriptionSnapshot {
        try StripeJSON.decoder.decode(SubscriptionSnapshot.self, from: StripeJSON.encoder.encode(json))
    }
}
