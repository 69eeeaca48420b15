public import Foundation
public import StripeAPI

/// Builds Stripe event bodies and signs them like Stripe does, for intake and processing tests.
public struct StripeEventFactory: Sendable {
    /// The signing secret events are signed with.
    public let secret: String
    /// The API version stamped on events.
    public var apiVersion = StripeConfiguration.pinnedAPIVersion

    /// Creates a factory.
    public init(secret: String = "whsec_test_secret") {
        self.secret = secret
    }

    /// An event body.
    /// - Parameters:
    ///   - id: the event id.
    ///   - type: the event type.
    ///   - created: the event's `created` (Unix seconds).
    ///   - object: `data.object`.
    ///   - livemode: the mode.
    public func body(id: String, type: String, created: Int, object: JSONValue, livemode: Bool = false) -> Data {
        let event: JSONValue = .object([
            "id": .string(id), "object": .string("event"), "type": .string(type),
            "created": .number(Double(created)), "livemode": .bool(livemode), "api_version": .string(apiVersion),
            "pending_webhooks": .number(1),
            "request": .object(["id": .null, "idempotency_key": .null]),
            "data": .object(["object": object]),
        ])
        // JSONValue always encodes.
        return try! StripeJSON.encoder.encode(event)
    }

    /// A `Stripe-Signature` header for a body at a time.
    public func signature(for body: Data, at date: Date) -> String {
        WebhookSigner(secret: secret).header(for: body, at: date)
    }

    /// A `customer.subscription.*` event body.
    public func subscriptionEvent(
        id: String,
        type: String = "customer.subscription.updated",
        created: Int,
        subscription: SubscriptionFixture
    ) -> Data {
        body(id: id, type: type, created: created, object: subscription.json, livemode: subscription.livemode)
    }
}
