import HTTPTypes
public import Hummingbird

/// Adds the security headers every HTML response needs: a strict CSP (no inline script or style, no framing),
/// `X-Frame-Options`, `nosniff` and a `Referrer-Policy`.
public struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    private let contentSecurityPolicy: String

    /// Creates the middleware.
    /// - Parameter formActionOrigins: origins forms may submit to besides the app itself; the portal endpoint
    ///   answers with a redirect to Stripe's portal and browsers apply `form-action` to that redirect, so the
    ///   portal's origin (`https://billing.stripe.com`, or the emulator's) must be listed.
    public init(formActionOrigins: [String] = ["https://billing.stripe.com"]) {
        let formAction = (["'self'"] + formActionOrigins).joined(separator: " ")
        self.contentSecurityPolicy =
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "form-action \(formAction); frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    }

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.contentSecurityPolicy] = contentSecurityPolicy
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        return response
    }
}
