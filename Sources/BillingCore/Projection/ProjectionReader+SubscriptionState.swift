import Foundation
import SQLKit
import StripeAPI

/// What the mail sender needs to know about a subscription, read from the projection.
struct SubscriptionState: Sendable {
    var ended: Bool
    var customerCameBack: Bool
    var email: String?
    /// Whether the subscription is trialing now.
    var trialing: Bool
    /// The end of its trial (Unix seconds), if it has one.
    var trialEnd: Int64?
    /// When it ended or is set to end (Unix seconds): `ended_at`, else `cancel_at`, else the period end.
    var endsAt: Int64?
    /// The locale and time zone the customer's account last read its billing page in (identifiers), if recorded.
    var formatting: StoredFormatting

    private static let liveStatuses = ["active", "trialing", "past_due"]

    /// Reads the state inside the sender's transaction; the projection's reads live with ``ProjectionReader``, this
    /// one takes the caller's connection because the mailer reads it between its claim and its send.
    static func load(_ subscriptionID: String, on sql: any SQLDatabase) async throws -> SubscriptionState? {
        guard
            let row = try await sql.raw(
                """
                SELECT s.status, s.trial_end, s.deleted, s.cancel_at_period_end, s.cancel_at, s.ended_at, \
                s.current_period_end, s.stripe_customer_id, c.email, m.locale, m.time_zone \
                FROM billing_subscriptions s LEFT JOIN billing_stripe_customers c ON c.id = s.stripe_customer_id \
                LEFT JOIN billing_customers m ON m.stripe_customer_id = s.stripe_customer_id \
                WHERE s.id = \(bind: subscriptionID)
                """
            ).first()
        else { return nil }
        let status = try row.decode(column: "status", as: String.self)
        let deleted = try row.decode(column: "deleted", as: Bool.self)
        let scheduled =
            try row.decode(column: "cancel_at_period_end", as: Bool.self)
            || row.decode(column: "cancel_at", as: Int64?.self) != nil
        let customer = try row.decode(column: "stripe_customer_id", as: String.self)
        let renewed = !deleted && !scheduled && liveStatuses.contains(status)
        // A new subscription of the same customer that is live and not itself canceling means they came back.
        let live = SQLBind.group(liveStatuses.map { $0 as any Encodable & Sendable })
        let other = try await sql.raw(
            """
            SELECT 1 AS present FROM billing_subscriptions WHERE stripe_customer_id = \(bind: customer) \
            AND id <> \(bind: subscriptionID) AND deleted = \(bind: false) AND status IN \(live) \
            AND cancel_at_period_end = \(bind: false) AND cancel_at IS NULL
            """
        ).first()
        return SubscriptionState(
            ended: deleted || Subscription.Status(rawValue: status).isTerminal,
            customerCameBack: renewed || other != nil,
            email: try row.decode(column: "email", as: String?.self),
            trialing: !deleted && status == "trialing",
            trialEnd: try row.decode(column: "trial_end", as: Int64?.self),
            endsAt: try row.decode(column: "ended_at", as: Int64?.self)
                ?? row.decode(column: "cancel_at", as: Int64?.self)
                ?? row.decode(column: "current_period_end", as: Int64?.self),
            formatting: StoredFormatting(
                locale: try row.decode(column: "locale", as: String?.self),
                timeZone: try row.decode(column: "time_zone", as: String?.self)
            )
        )
    }
}

/// A customer's recorded locale and time zone identifiers (``CustomerDirectory/recordFormatting(of:)``).
struct StoredFormatting: Sendable, Equatable {
    var locale: String?
    var timeZone: String?

    /// The mails' formatter for this customer: the recorded values over the configured ones. An identifier the
    /// system no longer knows (a time zone renamed since it was recorded) falls back to the configured value.
    func applied(to configured: BillingFormatter) -> BillingFormatter {
        configured.resolved(
            locale: locale.map(Locale.init(identifier:)),
            timeZone: timeZone.flatMap(TimeZone.init(identifier:))
        )
    }
}
