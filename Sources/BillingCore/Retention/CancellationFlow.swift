import BillingSupport
public import Foundation
import StripeAPI

/// The cancellation survey's decisions, framework-free: record an answer and choose what comes next (the portal's
/// cancel flow, with a retention coupon when the reason has one, or a save offer page), then act on the answer to
/// a save offer.
///
/// The subscription always comes from the projection, never from the form; a survey of another account is not
/// found.
public struct CancellationFlow: Sendable {
    /// What the browser sees next.
    public enum Step: Sendable, Equatable {
        /// Redirect (303) to this URL: a portal session, or the support link.
        case redirect(URL)
        /// Show the save offer of this survey.
        case offer(CancellationSurvey)
        /// The account has no subscription to cancel: back to the billing page.
        case nothingToCancel
    }

    private let store: CancellationSurveyStore
    private let portal: PortalSessions
    private let projection: ProjectionReader
    private let configuration: BillingConfiguration
    private let now: @Sendable () -> Date

    /// Creates the flow.
    public init(
        store: CancellationSurveyStore,
        portal: PortalSessions,
        projection: ProjectionReader,
        configuration: BillingConfiguration,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.portal = portal
        self.projection = projection
        self.configuration = configuration
        self.now = now
    }

    /// The policy's reasons, in order, for the survey page.
    public var reasons: [CancellationReason] { configuration.retention.reasons }

    /// Records the account's answer and returns the next step.
    /// - Throws: ``RetentionError/unknownReason`` for a reason outside the policy; ``StripeAPI/StripeError`` or a
    ///   database error otherwise.
    public func answer(account: BillingAccount, reason: String, comment: String?) async throws -> Step {
        guard let subscription = try await projection.accountBilling(of: account.id)?.subscription else {
            return .nothingToCancel
        }
        let survey = try await store.record(
            account: account.id,
            subscription: subscription,
            reason: reason,
            comment: comment,
            now: now().unixMilliseconds
        )
        switch survey.offer {
        case nil:
            BillingMetrics.surveyOutcome("cancel_flow")
            return .redirect(
                try await portal.openCancelFlow(account: account, subscription: subscription, retentionCoupon: nil)
            )
        case .coupon(let coupon):
            BillingMetrics.surveyOutcome("coupon_offered")
            return .redirect(
                try await portal.openCancelFlow(account: account, subscription: subscription, retentionCoupon: coupon)
            )
        case .planSwitch, .pause, .talkToUs:
            BillingMetrics.surveyOutcome("offer_shown")
            return .offer(survey)
        }
    }

    /// Records whether the account took the offer of survey `id` and returns where to go: the offer's portal
    /// flow or the support link when accepted, the portal's cancel flow when declined.
    /// - Throws: ``RetentionError/surveyNotFound`` when the survey is not the latest of the account's
    ///   subscription; ``StripeAPI/StripeError`` or a database error otherwise.
    public func decide(account: BillingAccount, survey id: String, accepted: Bool) async throws -> URL {
        guard let subscription = try await projection.accountBilling(of: account.id)?.subscription,
            let survey = try await store.latest(for: subscription), survey.id == id, survey.account == account.id
        else { throw RetentionError.surveyNotFound }
        try await store.resolve(
            id: id,
            account: account.id,
            outcome: accepted ? .accepted : .declined,
            now: now().unixMilliseconds
        )
        BillingMetrics.surveyOutcome(accepted ? "offer_accepted" : "offer_declined")
        guard accepted else {
            return try await portal.openCancelFlow(account: account, subscription: subscription, retentionCoupon: nil)
        }
        switch survey.offer {
        case .planSwitch:
            return try await portal.open(account: account, link: .subscriptionUpdate)
        case .pause:
            return try await portal.open(account: account, link: .home)
        default:
            guard let support = URL(string: configuration.supportURL) else {
                throw RetentionError.surveyNotFound
            }
            return support
        }
    }
}
