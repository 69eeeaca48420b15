public import BillingDatabase
import Foundation
import SQLKit
public import StripeAPI

/// One survey answer with its save offer and what the customer did with it.
public struct CancellationSurvey: Sendable, Equatable {
    /// What happened to the save offer.
    public enum Outcome: String, Sendable, Equatable {
        /// No offer was configured for the reason.
        case none
        /// The offer was shown; no decision yet.
        case offered
        /// The customer took the offer and stayed.
        case accepted
        /// The customer declined and went on to cancel.
        case declined
    }

    /// The survey id.
    public var id: String
    /// The account that answered.
    public var account: AccountID
    /// The subscription it is about.
    public var subscription: SubscriptionID
    /// The chosen reason value.
    public var reason: String
    /// The free-text comment, stored as typed (escape when showing it).
    public var comment: String?
    /// The offer shown, if any.
    public var offer: SaveOffer?
    /// What happened to the offer.
    public var outcome: Outcome
    /// When it was answered, Unix milliseconds.
    public var createdAt: Int64
}

/// The reason of a cancellation as the app knows it: the survey's answer merged with Stripe's
/// `cancellation_details` (the reason chosen in the portal).
public struct MergedCancellationReason: Sendable, Equatable {
    /// The reason: the survey's when there is one, else the portal's `feedback`.
    public var reason: String?
    /// The comment: the survey's when there is one, else the portal's `comment`.
    public var comment: String?
    /// Stripe's `cancellation_details.reason` (`cancellation_requested`, `payment_failed`, …).
    public var stripeReason: String?
    /// Stripe's `cancellation_details.feedback` as chosen in the portal.
    public var portalFeedback: String?
}

/// Stores cancellation surveys in `cancellation_surveys`.
public struct CancellationSurveyStore: Sendable {
    private let database: any BillingDatabase
    private let policy: RetentionPolicy

    /// Creates a store.
    public init(database: any BillingDatabase, policy: RetentionPolicy) {
        self.database = database
        self.policy = policy
    }

    /// Records an answer and returns it with the offer to show (``CancellationSurvey/Outcome/offered``) or none.
    /// - Throws: ``RetentionError/unknownReason`` when `reason` is not one of the policy's reasons.
    public func record(
        account: AccountID,
        subscription: SubscriptionID,
        reason value: String,
        comment: String?,
        now: Int64
    ) async throws -> CancellationSurvey {
        guard let reason = policy.reason(value) else { throw RetentionError.unknownReason }
        let trimmed = comment?.trimmingCharacters(in: .whitespacesAndNewlines)
        let kept = trimmed.flatMap { $0.isEmpty ? nil : String($0.prefix(policy.maxCommentLength)) }
        let offer = policy.offer(for: reason)
        let survey = CancellationSurvey(
            id: "srv_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))",
            account: account,
            subscription: subscription,
            reason: reason.value,
            comment: kept,
            offer: offer,
            outcome: offer == nil ? .none : .offered,
            createdAt: now
        )
        try await database.transaction { sql in
            try await sql.raw(
                """
                INSERT INTO cancellation_surveys (id, account_id, subscription_id, reason, comment, offer, outcome, \
                created_at, updated_at) VALUES (\(bind: survey.id), \(bind: account.rawValue), \
                \(bind: "\(subscription)"), \(bind: survey.reason), \(bind: survey.comment), \
                \(bind: offer?.storedValue), \(bind: survey.outcome.rawValue), \(bind: now), \(bind: now))
                """
            ).run()
        }
        return survey
    }

    /// Records what the account did with the offer of survey `id`; another account's survey is not found.
    /// - Throws: ``RetentionError/surveyNotFound``.
    public func resolve(id: String, account: AccountID, outcome: CancellationSurvey.Outcome, now: Int64)
        async throws
    {
        let updated = try await database.transaction { sql in
            let row = try await sql.raw(
                """
                SELECT id FROM cancellation_surveys WHERE id = \(bind: id) AND account_id = \(bind: account.rawValue)
                """
            ).first()
            guard row != nil else { return false }
            try await sql.raw(
                """
                UPDATE cancellation_surveys SET outcome = \(bind: outcome.rawValue), updated_at = \(bind: now) \
                WHERE id = \(bind: id)
                """
            ).run()
            return true
        }
        guard updated else { throw RetentionError.surveyNotFound }
    }

    /// The latest survey of `subscription`, if any.
    public func latest(for subscription: SubscriptionID) async throws -> CancellationSurvey? {
        try await database.read { sql in
            guard
                let row = try await sql.raw(
                    """
                    SELECT * FROM cancellation_surveys WHERE subscription_id = \(bind: "\(subscription)") \
                    ORDER BY created_at DESC, id DESC LIMIT 1
                    """
                ).first()
            else { return nil }
            return CancellationSurvey(
                id: try row.decode(column: "id", as: String.self),
                account: AccountID(rawValue: try row.decode(column: "account_id", as: String.self)),
                subscription: subscription,
                reason: try row.decode(column: "reason", as: String.self),
                comment: try row.decode(column: "comment", as: String?.self),
                offer: try row.decode(column: "offer", as: String?.self).flatMap(SaveOffer.init(storedValue:)),
                outcome: CancellationSurvey.Outcome(rawValue: try row.decode(column: "outcome", as: String.self))
                    ?? .none,
                createdAt: try row.decode(column: "created_at", as: Int64.self)
            )
        }
    }

    /// The survey's reason merged with the `cancellation_details` the projection holds for `subscription`.
    public func mergedReason(for subscription: SubscriptionID) async throws -> MergedCancellationReason {
        let survey = try await latest(for: subscription)
        let details = try await database.read { sql in
            try await sql.raw(
                """
                SELECT cancellation_reason, cancellation_feedback, cancellation_comment FROM billing_subscriptions \
                WHERE id = \(bind: "\(subscription)")
                """
            ).first().map {
                (
                    reason: try $0.decode(column: "cancellation_reason", as: String?.self),
                    feedback: try $0.decode(column: "cancellation_feedback", as: String?.self),
                    comment: try $0.decode(column: "cancellation_comment", as: String?.self)
                )
            }
        }
        return MergedCancellationReason(
            reason: survey?.reason ?? details?.feedback,
            comment: survey?.comment ?? details?.comment,
            stripeReason: details?.reason,
            portalFeedback: details?.feedback
        )
    }
}

/// A survey request the store refuses.
public struct RetentionError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: Sendable, Equatable {
        case unknownReason
        case surveyNotFound
    }

    private let code: Code

    /// The reason is not one of the configured reasons.
    public static let unknownReason = RetentionError(code: .unknownReason)
    /// No survey with that id belongs to the account.
    public static let surveyNotFound = RetentionError(code: .surveyNotFound)

    /// A short description.
    public var description: String {
        switch code {
        case .unknownReason: "unknown cancellation reason"
        case .surveyNotFound: "cancellation survey not found"
        }
    }
}
