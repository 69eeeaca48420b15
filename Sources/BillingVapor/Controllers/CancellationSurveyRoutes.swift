import BillingCore
import BillingSupport
import BillingViews
import Foundation
import Vapor

/// The cancellation survey: reasons and a comment, then the save offer configured for the reason, then (if the
/// customer still wants to leave) the portal's cancel flow, which returns to the app when done.
///
/// The decisions live in ``BillingCore/CancellationFlow``; this type parses forms, checks the CSRF token and turns
/// the flow's answer into a redirect or a page.
struct CancellationSurveyRoutes: Sendable {
    let billing: Billing
    let visitor: BillingVisitorLookup
    let pages: BillingPageResponder

    private var configuration: BillingConfiguration { billing.configuration }

    /// Adds `GET`/`POST` on the survey path and `POST` on `<survey path>/offer`; nothing when the survey is off.
    func register(on routes: any RoutesBuilder) {
        guard let path = configuration.surveyPath else { return }
        let maxSize = BillingRoutes.maxFormBytes
        routes.get(path.pathComponents) { request async throws -> Response in try await surveyPage(request) }
        routes.on(.POST, path.pathComponents, body: .collect(maxSize: maxSize)) { request async throws -> Response in
            try await answer(request)
        }
        routes.on(.POST, (path + "/offer").pathComponents, body: .collect(maxSize: maxSize)) {
            request async throws -> Response in
            try await decide(request)
        }
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

    private func surveyPage(_ request: Request) async throws -> Response {
        let visitor = try await visitor(request)
        guard visitor.account != nil else { return configuration.loginRedirect() }
        return try await pages.respond(
            try pages.views.surveyPage(csrfToken: visitor.csrfToken, configuration: configuration),
            request
        )
    }

    private func answer(_ request: Request) async throws -> Response {
        let visitor = try await visitor(request)
        guard let account = visitor.account else { return configuration.loginRedirect() }
        let form = try verifiedForm(request, visitor: visitor)
        let step: CancellationFlow.Step
        do {
            step = try await billing.cancellation.answer(
                account: account,
                reason: form.reason ?? "",
                comment: form.comment
            )
        } catch let error as RetentionError where error == .unknownReason {
            throw Abort(.badRequest, reason: "Choose one of the listed reasons.")
        }
        switch step {
        case .redirect(let url): return .seeOther(url)
        case .offer(let survey):
            let offer = try pages.views.saveOfferPage(
                survey,
                csrfToken: visitor.csrfToken,
                configuration: configuration
            )
            return try await pages.respond(offer, request)
        case .nothingToCancel: return request.redirect(to: configuration.billingPath, redirectType: .normal)
        }
    }

    private func decide(_ request: Request) async throws -> Response {
        let visitor = try await visitor(request)
        guard let account = visitor.account else { return configuration.loginRedirect() }
        let form = try verifiedForm(request, visitor: visitor)
        guard let id = form.survey else { throw Abort(.notFound) }
        do {
            let url = try await billing.cancellation.decide(
                account: account,
                survey: id,
                accepted: form.decision == "accept"
            )
            return .seeOther(url)
        } catch let error as RetentionError where error == .surveyNotFound {
            throw Abort(.notFound)
        }
    }

    private func verifiedForm(_ request: Request, visitor: BillingVisitor) throws -> Form {
        let form = try? request.content.decode(Form.self, as: .urlEncodedForm)
        guard let expected = visitor.csrfToken, let sent = form?.csrfToken, constantTimeEquals(sent, expected),
            let form
        else { throw Abort(.forbidden, reason: "Invalid form token.") }
        return form
    }
}
