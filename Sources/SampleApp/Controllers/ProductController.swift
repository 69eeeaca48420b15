import BillingCore
import BillingHummingbird
import Foundation
import Hummingbird

/// The product pages: home, the dashboard with its paid feature, and the profile settings.
struct ProductController: Sendable {
    let store: AccountStore
    let views: AppViews
    let billing: Billing
    let auth: AuthController

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get("/") { _, context in
            Response.redirect(to: context.account == nil ? "/login" : "/dashboard", type: .normal)
        }
        router.get("/health") { _, _ in "ok" }
        router.get("/dashboard") { _, context in try await dashboard(context: context) }
        // The paid feature: free accounts are sent to the billing page (API clients get 402).
        router.group("/history").add(middleware: RequireBilling(billing: billing)).get { _, context in
            try history(context: context)
        }
        router.get("/settings") { _, _ in Response.redirect(to: "/settings/profile", type: .normal) }
        router.get("/settings/profile") { request, context in
            try profile(context: context, saved: request.uri.queryParameters.get("saved") != nil)
        }
        router.post("/settings/profile") { request, context in try await saveProfile(request, context: context) }
    }

    private func dashboard(context: AppRequestContext) async throws -> Response {
        guard let account = context.account else { return Response.redirect(to: "/login?next=%2Fdashboard") }
        let state = try await billing.access(for: AccountID(account.id))
        let plan = state.plan?.lookupKey?.split(separator: "_").first.map { $0.capitalized } ?? "paid"
        return try views.page(
            title: "Dashboard",
            content: try views.fragment(
                "dashboard",
                ["name": account.name, "entitled": state.isEntitled, "plan": plan]
            ),
            context: context
        )
    }

    private func history(context: AppRequestContext) throws -> Response {
        let plan = context.billing.plan?.lookupKey?.split(separator: "_").first.map { $0.capitalized } ?? "paid"
        let content = try views.fragment(
            "message",
            [
                "heading": "Version history",
                "message": "Earlier versions of your notes appear here. Included in your \(plan) plan.",
                "link": "/dashboard", "linkLabel": "Back to the dashboard",
            ]
        )
        return try views.page(title: "Version history", content: content, context: context)
    }

    private func profile(context: AppRequestContext, saved: Bool) throws -> Response {
        guard let account = context.account else { return Response.redirect(to: "/login?next=%2Fsettings%2Fprofile") }
        let locales: [[String: any Sendable]] =
            [["value": "", "label": "Default", "selected": account.locale == nil]]
            + Self.locales.map { identifier in
                [
                    "value": identifier,
                    "label": Locale(identifier: identifier).localizedString(forIdentifier: identifier) ?? identifier,
                    "selected": account.locale == identifier,
                ]
            }
        let timeZones: [[String: any Sendable]] =
            [["value": "", "label": "Default", "selected": account.timeZone == nil]]
            + TimeZone.knownTimeZoneIdentifiers.sorted().map {
                ["value": $0, "label": $0.replacingOccurrences(of: "_", with: " "), "selected": account.timeZone == $0]
            }
        let form = try views.fragment(
            "profile",
            [
                "name": account.name, "email": account.email, "csrfToken": context.csrfToken ?? "", "saved": saved,
                "locales": locales, "timeZones": timeZones,
            ]
        )
        return try views.page(
            title: "Profile",
            content: try views.settings(tab: "profile", content: form),
            context: context
        )
    }

    /// The locales the profile page offers, each written in its own language in the menu.
    static let locales = [
        "en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pt_BR", "ja_JP", "ko_KR",
    ]

    private struct ProfileForm: Decodable {
        var csrfToken: String?
        var name: String?
        var locale: String?
        var timeZone: String?
        enum CodingKeys: String, CodingKey {
            case csrfToken = "csrf_token"
            case name, locale
            case timeZone = "time_zone"
        }
    }

    private func saveProfile(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let account = context.account else { return Response.redirect(to: "/login", type: .normal) }
        let form = try await FormCSRF.decode(ProfileForm.self, request)
        guard FormCSRF.isValid(form?.csrfToken, context: context) else { return try auth.forbidden(context) }
        let name = (form?.name ?? "").trimmingCharacters(in: .whitespaces)
        if !name.isEmpty, name.count <= 100 { try await store.rename(account.id, to: name) }
        // Only values the formatter knows are stored; anything else falls back to the default.
        let locale = form?.locale.flatMap { BillingFormatter.locale(identifier: $0)?.identifier }
        let timeZone = form?.timeZone.flatMap { BillingFormatter.timeZone(identifier: $0)?.identifier }
        try await store.setRegion(account.id, locale: locale, timeZone: timeZone)
        return Response.redirect(to: "/settings/profile?saved=1", type: .normal)
    }
}
