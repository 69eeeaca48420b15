import Foundation
import Hummingbird

/// Sign-up, log-in and log-out. Every state change is a CSRF-checked POST answered with 303.
struct AuthController: Sendable {
    let store: AccountStore
    let views: AppViews
    let sessions: SessionMiddleware

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get("/signup") { _, context in try signupPage(context: context) }
        router.post("/signup") { request, context in try await signup(request, context: context) }
        router.get("/login") { request, context in
            try loginPage(context: context, next: request.uri.queryParameters.get("next") ?? "")
        }
        router.post("/login") { request, context in try await login(request, context: context) }
        router.post("/logout") { request, context in try await logout(request, context: context) }
    }

    private struct SignupForm: Decodable {
        var csrfToken: String?
        var name: String?
        var email: String?
        var password: String?
        enum CodingKeys: String, CodingKey {
            case csrfToken = "csrf_token"
            case name, email, password
        }
    }

    private struct LoginForm: Decodable {
        var csrfToken: String?
        var email: String?
        var password: String?
        var next: String?
        enum CodingKeys: String, CodingKey {
            case csrfToken = "csrf_token"
            case email, password, next
        }
    }

    private struct LogoutForm: Decodable {
        var csrfToken: String?
        enum CodingKeys: String, CodingKey { case csrfToken = "csrf_token" }
    }

    private func signupPage(context: AppRequestContext, error: String? = nil, name: String = "", email: String = "")
        throws -> Response
    {
        var object: [String: any Sendable] = ["csrfToken": context.csrfToken ?? "", "name": name, "email": email]
        if let error { object["error"] = error }
        return try views.page(
            title: "Sign up",
            content: try views.fragment("signup", object),
            context: context,
            status: error == nil ? .ok : .unprocessableContent
        )
    }

    private func loginPage(context: AppRequestContext, next: String, error: String? = nil, email: String = "")
        throws -> Response
    {
        var object: [String: any Sendable] = ["csrfToken": context.csrfToken ?? "", "next": next, "email": email]
        if let error { object["error"] = error }
        // Sent here from a page that needs an account: say why, rather than showing a bare form.
        if error == nil, !next.isEmpty { object["signInNeeded"] = true }
        return try views.page(
            title: "Log in",
            content: try views.fragment("login", object),
            context: context,
            status: error == nil ? .ok : .unauthorized
        )
    }

    private func signup(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormCSRF.decode(SignupForm.self, request)
        guard FormCSRF.isValid(form?.csrfToken, context: context) else { return try forbidden(context) }
        let name = (form?.name ?? "").trimmingCharacters(in: .whitespaces)
        let email = (form?.email ?? "").trimmingCharacters(in: .whitespaces)
        let password = form?.password ?? ""
        guard !name.isEmpty, name.count <= 100, email.contains("@"), email.count <= 200 else {
            return try signupPage(
                context: context,
                error: "Enter your name and a valid email.",
                name: name,
                email: email
            )
        }
        guard password.count >= 8, password.utf8.count <= 72 else {
            return try signupPage(
                context: context,
                error: "Use a password of 8 to 72 characters.",
                name: name,
                email: email
            )
        }
        guard let account = try await store.createAccount(email: email, name: name, password: password) else {
            return try signupPage(
                context: context,
                error: "An account with this email already exists.",
                name: name,
                email: email
            )
        }
        return try await signIn(account, redirectTo: "/dashboard")
    }

    private func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormCSRF.decode(LoginForm.self, request)
        guard FormCSRF.isValid(form?.csrfToken, context: context) else { return try forbidden(context) }
        let email = form?.email ?? ""
        guard let account = try await store.authenticate(email: email, password: form?.password ?? "") else {
            return try loginPage(
                context: context,
                next: form?.next ?? "",
                error: "Wrong email or password.",
                email: email
            )
        }
        return try await signIn(account, redirectTo: Self.safeNext(form?.next))
    }

    private func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormCSRF.decode(LogoutForm.self, request)
        guard FormCSRF.isValid(form?.csrfToken, context: context) else { return try forbidden(context) }
        if let token = context.sessionToken { try await store.endSession(token) }
        var response = Response.redirect(to: "/login", type: .normal)
        response.setCookie(sessions.cookie(SessionMiddleware.sessionCookie, "", maxAge: 0))
        return response
    }

    private func signIn(_ account: Account, redirectTo path: String) async throws -> Response {
        let session = try await store.startSession(for: account)
        var response = Response.redirect(to: path, type: .normal)
        response.setCookie(sessions.cookie(SessionMiddleware.sessionCookie, session.token, maxAge: 14 * 24 * 3600))
        return response
    }

    /// Only local paths, so a crafted link cannot send a fresh login to another site.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "/dashboard" }
        return next
    }

    func forbidden(_ context: AppRequestContext) throws -> Response {
        try views.page(
            title: "Forbidden",
            content: try views.fragment(
                "message",
                [
                    "heading": "This form has expired",
                    "message": "For your security the request was not accepted. Reload the page and try again.",
                    "link": "/", "linkLabel": "Home",
                ]
            ),
            context: context,
            status: .forbidden
        )
    }
}
