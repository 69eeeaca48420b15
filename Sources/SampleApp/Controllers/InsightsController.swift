import BillingCore
import BillingDatabase
import BillingSupport
import Foundation
import Hummingbird
import StripeAPI

/// `/admin/insights`: cancellations by reason, save rate, win-back results and failed webhook events with a retry
/// button. Only accounts whose e-mail is listed in `app.adminEmails` see it; everyone else gets 404.
struct InsightsController: Sendable {
    let database: any BillingDatabase
    let views: AppViews
    let adminEmails: Set<String>
    /// The configured survey reasons, whose labels the chart shows instead of the stored values.
    let reasons: [CancellationReason]
    /// The configured locale, for the week labels when the admin picked none.
    let formatting: BillingFormatter

    private struct RetryForm: Decodable {
        var csrfToken: String?

        enum CodingKeys: String, CodingKey { case csrfToken = "csrf_token" }
    }

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get("/admin/insights") { _, context in try await page(context: context) }
        router.post("/admin/insights/events/:id/retry") { request, context in
            try await retry(request, context: context)
        }
    }

    private func requireAdmin(_ context: AppRequestContext) throws {
        guard let account = context.account, adminEmails.contains(account.email.lowercased()) else {
            throw HTTPError(.notFound)
        }
    }

    private func page(context: AppRequestContext) async throws -> Response {
        try requireAdmin(context)
        let now = Date().unixMilliseconds
        let insights = try await RetentionInsights.load(database: database, now: now)
        let week: Int64 = 7 * 86_400
        let monday: Int64 = 4 * 86_400
        let current = (now / 1000 - monday) / week * week + monday
        let weeks = (0..<8).map { current - Int64(7 - $0) * week }
        let failed: [[String: any Sendable]] = insights.failedEvents.map {
            [
                "id": $0.id, "type": $0.type, "attempts": $0.attempts, "lastError": $0.lastError ?? "",
                "csrfToken": context.csrfToken ?? "",
            ]
        }
        let content = try views.fragment(
            "insights",
            [
                "saveRate": insights.saveRate.map { "\(Int(($0 * 100).rounded())) %" } ?? "–",
                "offersShown": insights.offersShown, "offersAccepted": insights.offersAccepted,
                "winBackSent": insights.winBackSent, "reactivated": insights.reactivatedAfterWinBack,
                "chart": InsightsChart(
                    cancellations: insights.cancellations,
                    offers: insights.offersByWeek,
                    weeks: weeks,
                    reasons: reasons,
                    formatter: context.billingAccount.map(formatting.resolved(for:)) ?? formatting
                ).html,
                "failedEvents": failed,
                "comments": insights.recentComments.map { comment in
                    [
                        "reason": reasons.first { $0.value == comment.reason }?.label ?? comment.reason,
                        "comment": comment.comment,
                    ]
                },
            ]
        )
        return try views.page(title: "Insights", content: content, context: context)
    }

    private func retry(_ request: Request, context: AppRequestContext) async throws -> Response {
        try requireAdmin(context)
        let form = try await FormCSRF.decode(RetryForm.self, request)
        guard FormCSRF.isValid(form?.csrfToken, context: context) else { throw HTTPError(.forbidden) }
        guard let id = context.parameters.get("id") else { throw HTTPError(.notFound) }
        _ = try await EventLog(database: database).retry(EventID(id))
        return Response.redirect(to: "/admin/insights", type: .normal)
    }
}
