import Foundation
public import Hummingbird

/// Resolves the session cookie to a signed-in account and provides the CSRF token for every form.
///
/// Signed-in visitors use the CSRF token stored with their server-side session; anonymous visitors (log-in and
/// sign-up forms) get a double-submit cookie. Cookies are HttpOnly, SameSite=Lax, and Secure behind https.
public struct SessionMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext

    /// The session cookie's name.
    public static let sessionCookie = "acme_session"
    /// The anonymous CSRF cookie's name.
    public static let csrfCookie = "acme_csrf"

    let store: AccountStore
    let secureCookies: Bool

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        if let token = request.cookies[Self.sessionCookie]?.value, let session = try await store.session(token) {
            context.account = session.account
            context.sessionToken = token
            context.csrfToken = session.csrfToken
        } else if let token = request.cookies[Self.csrfCookie]?.value, token.count >= 32 {
            context.csrfToken = token
        } else {
            let token = AccountStore.randomToken(bytes: 32)
            context.csrfToken = token
            context.newCSRFCookie = token
        }
        var response = try await next(request, context)
        if let token = context.newCSRFCookie {
            response.setCookie(cookie(Self.csrfCookie, token, maxAge: nil))
        }
        return response
    }

    func cookie(_ name: String, _ value: String, maxAge: Int?) -> Cookie {
        Cookie(
            name: name,
            value: value,
            maxAge: maxAge,
            path: "/",
            secure: secureCookies,
            httpOnly: true,
            sameSite: .lax
        )
    }
}
