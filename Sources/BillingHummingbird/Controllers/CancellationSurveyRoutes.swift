import BillingCore
import BillingSupport
import BillingViews
import Foundation
import Hummingbird

/// The cancellation survey: reasons and a comment, then the save offer configured for the reason, then (if the
/// customer still wants to leave) the portal's cancel flow, which returns to the app when done.
///
/// The decisions live in ``BillingCore/CancellationFlow``; this type parses forms, checks the CSRF token and turns
/// the flow's answer into a redirect or a page. Comments are stored as typed and escaped by the templates.
struct CancellationSurveyRoutes<Context: BillingRequestContext>: Sendable {
    let billing: Billing
    let views: BillingViews
    let layout: BillingLayout<Context>?

    private var configuration: BillingConfiguration { billing.configuration }

    /// Adds `GET`/`POST` on the survey path and `POST` on `<survey path>/offer`; nothing when the survey is off.
    func addRoutes(to router: some RouterMethods<Context>) {
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
        guard context.billingAccount != nil else { return loginRedirect(configuration) }
        return try await page(
            try views.surveyPage(csrfToken: context.csrfToken, configuration: configuration),
            request,
            context
        )
    }

    private func answer(_ request: Request, context: Context) async throws -> Response {
        guard let account = context.billingAccount else { return loginRedirect(configuration) }
        let form = try await verifiedForm(request, context: context)
        let step: CancellationFlow.Step
        do {
            step = try await billing.cancellation.answer(
                account: account,
                reason: form.reason ?? "",
                comment: form.comment
            )
        } catch let error as RetentionError where error == .unknownReason {
            throw HTTPError(.badRequest, message: "Choose one of the listed reasons.")
        }
        switch step {
        case .redirect(let url): return redirect(url)
        case .offer(let survey):
            let offer = try views.saveOfferPage(survey, csrfToken: context.csrfToken, configuration: configuration)
            return try await page(offer, request, context)
        case .nothingToCancel: return redirect(configuration.billingPath)
        }
    }

    private func decide(_ request: Request, context: Context) async throws -> Response {
        guard let account = context.billingAccount else { return loginRedirect(configuration) }
        let form = try await verifiedForm(request, context: context)
        guard let id = form.survey else { throw HTTPError(.notFound) }
        do {
            let url = try await billing.cancellation.decide(
                account: account,
                survey: id,
                accepted: form.decision == "accept"
            )
            return redirect(url)
        } catch let error as RetentionError where error == .surveyNotFound {
            throw HTTPError(.notFound)
        }
    }

    private func verifiedForm(_ request: Request, context: Context) async throws -> Form {
        var request = request
        let body = try await request.collectBody(upTo: 16 * 1024)
        let form = try? URLEncodedFormDecoder().decode(Form.self, from: String(buffer: body))
        guard let expected = context.csrfToken, let sent = form?.csrfToken, constantTimeEquals(sent, expected),
            let form
        else { throw HTTPError(.forbidden, message: "Invalid form token.") }
        return form
    }

    private func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    private func redirect(_ url: URL) -> Response {
        Response(status: .seeOther, headers: [.location: url.absoluteString, .cacheControl: "no-store"])
    }

    private func page(_ content: BillingPageContent, _ request: Request, _ context: Context) async throws
        -> Response
    {
        try await views.page(content, request, context, layout: layout, status: .ok)
    }
}
