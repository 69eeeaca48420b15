public import BillingCore
import Foundation
public import Vapor

/// Lets a request through only when the signed-in account's billing meets a ``BillingRequirement``, and leaves the
/// account's ``BillingCore/BillingAccess`` on the request (``BillingRequestInfo/access``) for the handler.
///
/// ```swift
/// let pro = app.grouped(app.sessions.middleware, User.sessionAuthenticator())
///     .grouped(RequireBilling(.subscribed, billing: billing) { req in req.auth.get(User.self)?.billingAccount })
/// pro.get("reports") { req in req.billing.onGracePeriod ? "Your plan ends soon." : "Reports" }
/// ```
///
/// Refusals, decided from the projection (no Stripe call):
/// - a page request (a browser's `Accept`) is redirected with 303 to the billing page, or, when nobody is signed in,
///   to the login page with the requested path as `next`;
/// - an API request (`Accept: application/json`, see ``BillingCore/Billing/prefersJSON(accept:)``) gets 402 with
///   ``BillingCore/AccessDenial/jsonBody(billingURL:)``, or 401 when nobody is signed in.
public struct RequireBilling: AsyncMiddleware {
    private let requirement: BillingRequirement
    private let billing: Billing
    private let account: BillingAccountLookup

    /// Creates the middleware.
    /// - Parameters:
    ///   - requirement: what the routes behind it need; any entitled subscription by default.
    ///   - billing: the facade whose projection answers.
    ///   - account: the signed-in account of a request, from the host's auth (run the host's authenticators
    ///     before this middleware); nil for an anonymous visitor.
    public init(
        _ requirement: BillingRequirement = .subscribed,
        billing: Billing,
        account: @escaping BillingAccountLookup
    ) {
        self.requirement = requirement
        self.billing = billing
        self.account = account
    }

    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let wantsJSON = Billing.prefersJSON(accept: request.headers.first(name: .accept))
        guard let account = try await account(request) else {
            if wantsJSON { return Self.json(status: .unauthorized, Self.signInBody) }
            return billing.configuration.loginRedirect(next: request.url.path)
        }
        let (access, denial) = try await billing.check(requirement, for: account.id)
        request.billing.access = access
        guard let denial else { return try await next.respond(to: request) }
        request.logger.info("billing requirement not met", metadata: ["billing.denial": "\(denial.code)"])
        guard wantsJSON else {
            return request.redirect(to: billing.configuration.billingPath, redirectType: .normal)
        }
        let billingURL =
            URL(string: billing.configuration.absoluteURL(billing.configuration.billingPath))
            ?? billing.configuration.publicURL
        return Self.json(status: .paymentRequired, denial.jsonBody(billingURL: billingURL))
    }

    /// The 401 body, shaped like a denial's so API clients read one format.
    private static let signInBody = Data(
        #"{"error":{"code":"authentication_required","message":"Sign in to continue."}}"#.utf8
    )

    private static func json(status: HTTPResponseStatus, _ body: Data) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: status, headers: headers, body: .init(data: body))
    }
}
