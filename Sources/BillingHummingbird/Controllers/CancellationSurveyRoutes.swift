public import BillingCore
public import Foundation
import HTTPTypes
public import Hummingbird
import StripeAPI

/// The cancellation survey: reasons and a comment, then the save offer configured for the reason, then (if the
/// customer still wants to leave) the portal's cancel flow, which returns to the app when done.
///
/// A coupon offer goes to the portal's cancel flow as `retention.coupon_offer`, where the customer accepts or
/// declines it. Plan-switch, pause and "talk to us" offers are shown here first. Every answer is stored with the
/// account and subscription; reasons are checked against the policy, comments are stored as typed and escaped by
/// the templates.
public struct CancellationSurveyRoutes<Context: BillingRequestContext>: Sendable {
    private let configuration: BillingRoutesConfiguration
    private let policy: RetentionPolicy
    private let store: CancellationSurveyStore
    private let portal: BillingPortal
    private let access: AccessChecker
    private let views: BillingViews
    private let layout: BillingRoutes<Context>.Layout?
    private let now: @Sendable () -> Date

    /// Creates the routes; they are mounted at `configuration.surveyPath` (nothing is mounted when it is nil).
    public init(
        configuration: BillingRoutesConfiguration,
        policy: RetentionPolicy,
        store: CancellationSurveyStore,
        portal: BillingPortal,
        access: AccessChecker,
        views: BillingViews,
        layout: BillingRoutes<Context>.Layout? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.policy = policy
        self.store = store
        self.portal = portal
        self.access = access
        self.views = views
        self.layout = layout
        self.now = now
    }

    /// Adds `GET`/`POST` on the survey path and `POST` on `<survey path>/offer`.
    public func addRoutes(to router: Router<Context>) {
        guard let path = configuration.surveyPath else { return }
        router.get(RouterPath(path)) { request, context in try await surveyPage(request, context: context) }
        router.post(RouterPath(path)) { request, context in try await answer(request, context: context) }
        router.post(RouterPath(path + "/offer")) { request, context in try await decide(request, context: context) }
    }

    private struct Form: Decodable {
        var csrfToken: String?
        var reason: String?
        var comment: String?
        var survey: String?
        var decision: String?

        enum CodingKeys: String, CodingKey {
            case csrfToken = "csrf_token"
            case reason, comment, survey, decision
        }
    }

    private func surveyPage(_ request: Request, context: Context) async throws -> Response {
        guard context.billingAccount != nil else { return redirect(configuration.loginPath) }
        let html = try views.render(
            [
                "surveyPath": configuration.surveyPath ?? "", "csrfToken": context.csrfToken ?? "",
                "billingPath": configuration.billingPath, "maxCommentLength": policy.maxCommentLength,
                "reasons": policy.reasons.map { ["value": $0.value, "label": $0.label] },
            ],
            template: "cancel-survey"
        )
        return try await page("Cancel subscription", html, request, context)
    }

    private func answer(_ request: Request, context: Context) async throws -> Response {
        guard let account = context.billingAccount else { return redirect(configuration.loginPath) }
        let form = try await verifiedForm(request, context: context)
        let state = try await access.access(for: account.id, now: now())
        guard let subscription = state.subscriptionID else { return redirect(configuration.billingPath) }
        let survey: CancellationSurvey
        do {
            survey = try await store.record(
                account: account.id,
                subscription: subscription,
                reason: form.reason ?? "",
                comment: form.comment,
                now: Self.millis(now())
            )
        } catch let error as RetentionError where error == .unknownReason {
            throw HTTPError(.badRequest, message: "Choose one of the listed reasons.")
        }
        switch survey.offer {
        case nil:
            return redirect(
                try await portal.openCancelFlow(for: account, subscription: subscription, retentionCoupon: nil)
            )
        case .coupon(let coupon):
            return redirect(
                try await portal.openCancelFlow(for: account, subscription: subscription, retentionCoupon: coupon)
            )
        case .planSwitch, .pause, .talkToUs:
            return try await offerPage(survey, request, context)
        }
    }

    private func offerPage(_ survey: CancellationSurvey, _ request: Request, _ context: Context) async throws
        -> Response
    {
        let (heading, message, accept): (String, String, String)
        switch survey.offer {
        case .planSwitch:
            (heading, message, accept) = (
                "Switch plans instead?", "A different plan may fit you better.", "Change plan"
            )
        case .pause:
            (heading, message, accept) = ("Pause instead?", "Keep your data and pause billing for a while.", "Pause")
        default:
            (heading, message, accept) = ("Talk to us?", "We would like to help before you go.", "Contact support")
        }
        let html = try views.render(
            [
                "heading": heading, "message": message, "acceptLabel": accept, "surveyID": survey.id,
                "csrfToken": context.csrfToken ?? "", "offerPath": (configuration.surveyPath ?? "") + "/offer",
            ],
            template: "save-offer"
        )
        return try await page(heading, html, request, context)
    }

    private func decide(_ request: Request, context: Context) async throws -> Response {
        guard let account = context.billingAccount else { return redirect(configuration.loginPath) }
        let form = try await verifiedForm(request, context: context)
        let state = try await access.access(for: account.id, now: now())
        guard let subscription = state.subscriptionID, let id = form.survey,
            let survey = try await store.latest(for: subscription), survey.id == id, survey.account == account.id
        else { throw HTTPError(.notFound) }
        let accepted = form.decision == "accept"
        try await store.resolve(
            id: id,
            account: account.id,
            outcome: accepted ? .accepted : .declined,
            now: Self.millis(now())
        )
        guard accepted else {
            return redirect(
                try await portal.openCancelFlow(for: account, subscription: subscription, retentionCoupon: nil)
            )
        }
        switch survey.offer {
        case .planSwitch:
            return redirect(try await portal.open(for: account, link: .subscriptionUpdate, subscription: subscription))
        case .pause:
            return redirect(try await portal.open(for: account, link: .home, subscription: subscription))
        default:
            return Response(status: .seeOther, headers: [.location: configuration.supportURL])
        }
    }

    private func verifiedForm(_ request: Request, context: Context) async throws -> Form {
        var request = request
        let body = try await request.collectBody(upTo: 16 * 1024)
        let form = try? URLEncodedFormDecoder().decode(Form.self, from: String(buffer: body))
        guard let expected = context.csrfToken, let sent = form?.csrfToken,
            BillingRoutes<Context>.tokensMatch(sent, expected), let form
        else { throw HTTPError(.forbidden, message: "Invalid form token.") }
        return form
    }

    private func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    private func redirect(_ url: URL) -> Response {
        Response(status: .seeOther, headers: [.location: url.absoluteString, .cacheControl: "no-store"])
    }

    private func page(_ title: String, _ html: String, _ request: Request, _ context: Context) async throws -> Response
    {
        let content = BillingPageContent(title: title, html: html)
        let document = try await layout?(content, request, context) ?? views.standalonePage(content)
        return try HTML(document, status: .ok).response(from: request, context: context)
    }

    private static func millis(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970 * 1000) }
}
