public import BillingCore
import Foundation
import HTTPTypes
public import Hummingbird
import Logging

/// Lets a request through only when the signed-in account's billing meets a ``BillingCore/BillingRequirement``,
/// the way Cashier's `subscribed` middleware does; handlers behind it read the answer from `context.billing`.
///
/// ```swift
/// router.group("pro")
///     .add(middleware: sessions)
///     .add(middleware: RequireBilling(.plans(lookupKeys: ["pro_monthly", "pro_yearly"]), billing: billing))
///     .get { _, context in "Renews: \(!context.billing.onGracePeriod)" }
/// ```
///
/// It answers from the projection (no Stripe call) and, when the request is refused:
/// - an anonymous visitor: a page request gets a 303 to the login page with `next` set to the requested path, an
///   API request (``BillingCore/Billing/prefersJSON(accept:)``) a 401 `authentication_required`;
/// - an account without the requirement: a page request gets a 303 to the billing page, an API request a 402 with
///   ``BillingCore/AccessDenial/jsonBody(billingURL:)`` (`subscription_required`, `plan_not_included`,
///   `payment_required`, `subscription_paused`);
/// - an unreadable billing database: 503 (`billing_unavailable` for an API request); the error goes to the log
///   only.
///
/// Place it after the host's session middleware, which fills ``BillingRequestContext/billingAccount``.
public struct RequireBilling<Context: BillingAccessRequestContext>: RouterMiddleware {
    private let requirement: BillingRequirement
    private let billing: Billing
    private let billingURL: URL

    /// Creates the middleware.
    /// - Parameters:
    ///   - requirement: what the routes behind it need; any entitled subscription by default.
    ///   - billing: the facade whose projection and paths (`billingPath`, `loginPath`) it uses.
    public init(_ requirement: BillingRequirement = .subscribed, billing: Billing) {
        self.requirement = requirement
        self.billing = billing
        let configuration = billing.configuration
        self.billingURL =
            URL(string: configuration.absoluteURL(configuration.billingPath)) ?? configuration.publicURL
    }

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let wantsJSON = Billing.prefersJSON(accept: request.headers[.accept])
        guard let account = context.billingAccount else {
            return wantsJSON ? Self.unauthenticated : loginRedirect(request)
        }
        let answer: (access: BillingAccess, denial: AccessDenial?)
        do {
            answer = try await billing.check(requirement, for: account.id)
        } catch {
            context.logger.error("billing access check failed", metadata: ["error": "\(error)"])
            return wantsJSON ? Self.unavailableJSON : Self.unavailablePage
        }
        if let denial = answer.denial {
            context.logger.debug("billing access refused", metadata: ["billing.denial": "\(denial.code)"])
            guard wantsJSON else {
                return Response(
                    status: .seeOther,
                    headers: [.location: billing.configuration.billingPath, .cacheControl: "no-store"]
                )
            }
            return Self.json(
                HTTPResponse.Status(code: 402, reasonPhrase: "Payment Required"),
                body: denial.jsonBody(billingURL: billingURL)
            )
        }
        var context = context
        context.billingAccess = answer.access
        return try await next(request, context)
    }

    /// Sends an anonymous visitor to the login page with the requested page (path and query) to come back to.
    private func loginRedirect(_ request: Request) -> Response {
        let target = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        let next = target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return Response(
            status: .seeOther,
            headers: [.location: "\(billing.configuration.loginPath)?next=\(next)", .cacheControl: "no-store"]
        )
    }

    private static var unauthenticated: Response {
        json(
            .unauthorized,
            body: Data(#"{"error":{"code":"authentication_required","message":"Sign in to continue."}}"#.utf8)
        )
    }

    private static var unavailableJSON: Response {
        json(
            .serviceUnavailable,
            body: Data(#"{"error":{"code":"billing_unavailable","message":"Billing is unavailable. Try again."}}"#.utf8)
        )
    }

    private static var unavailablePage: Response {
        let html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Temporarily unavailable</title></head>
            <body><h1>Temporarily unavailable</h1><p>We couldn't check your subscription. Try again shortly.</p></body>
            </html>
            """
        return Response(
            status: .serviceUnavailable,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html))
        )
    }

    private static func json(_ status: HTTPResponse.Status, body: Data) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body))
        )
    }
}
