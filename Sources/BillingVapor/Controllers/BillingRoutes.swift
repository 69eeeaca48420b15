import BillingCore
import BillingSupport
import BillingViews
import Foundation
import StripeAPI
import Vapor

/// The billing page and the "Manage billing" and Checkout endpoints: parse, check, one facade call, respond.
struct BillingRoutes: Sendable {
    let billing: Billing
    let visitor: BillingVisitorLookup
    let pages: BillingPageResponder

    private var configuration: BillingConfiguration { billing.configuration }
    private var views: BillingViews { pages.views }

    /// Billing's forms are a token and a field or two; anything larger is not one of them.
    static let maxFormBytes = ByteCount(value: 16 * 1024)

    func register(on routes: any RoutesBuilder) {
        routes.get(configuration.billingPath.pathComponents) { request async throws -> Response in
            try await billingPage(request)
        }
        routes.on(.POST, configuration.portalPath.pathComponents, body: .collect(maxSize: Self.maxFormBytes)) {
            request async throws -> Response in
            try await openPortal(request)
        }
        routes.on(.POST, configuration.checkoutPath.pathComponents, body: .collect(maxSize: Self.maxFormBytes)) {
            request async throws -> Response in
            try await startCheckout(request)
        }
        // The endpoints only accept POST; say so instead of answering 404.
        for path in [configuration.portalPath, configuration.checkoutPath] {
            routes.get(path.pathComponents) { _ async -> Response in
                Response(status: .methodNotAllowed, headers: ["Allow": "POST"])
            }
        }
    }

    // MARK: Billing page

    private func billingPage(_ request: Request) async throws -> Response {
        let visitor = try await visitor(request)
        guard let account = visitor.account else { return configuration.loginRedirect() }
        let state = try await billing.billingPage(
            for: account,
            returningFromPortal: request.query[String.self, at: BillingConfiguration.returnMarker] != nil,
            checkoutSession: request.query[String.self, at: SubscriptionCheckout.sessionMarker]
        )
        return try await pages.respond(
            try views.billingPage(state, configuration: configuration, csrfToken: visitor.csrfToken),
            request
        )
    }

    // MARK: Portal endpoint

    private struct BillingForm: Decodable {
        var csrfToken: String?
        var flow: String?
        var price: String?

        enum CodingKeys: String, CodingKey {
            case csrfToken = "csrf_token"
            case flow, price
        }
    }

    /// The posted form when it carries the session's CSRF token; nil (and nothing done) otherwise.
    private func verifiedForm(_ request: Request, visitor: BillingVisitor) -> BillingForm? {
        let form = try? request.content.decode(BillingForm.self, as: .urlEncodedForm)
        guard let expected = visitor.csrfToken, let sent = form?.csrfToken, constantTimeEquals(sent, expected) else {
            request.logger.notice("billing request refused: missing or invalid CSRF token")
            return nil
        }
        return form
    }

    private func openPortal(_ request: Request) async throws -> Response {
        let visitor = try await visitor(request)
        guard let account = visitor.account else { return configuration.loginRedirect() }
        guard let form = verifiedForm(request, visitor: visitor) else {
            return try await pages.respond(
                views.forbiddenPage(configuration: configuration),
                request,
                status: .forbidden
            )
        }
        guard let link = PortalDeepLink(formValue: form.flow) else {
            throw Abort(.badRequest, reason: "Unknown portal flow.")
        }
        do {
            let url = try await billing.openPortal(account: account, link: link)
            request.logger.info("opened billing portal session", metadata: ["flow": "\(link.rawValue)"])
            return .seeOther(url)
        } catch {
            request.logger.error("could not open the billing portal", metadata: ["error": "\(error)"])
            return try await stripeFailure(
                error,
                heading: "We couldn't open the billing portal",
                retry: (configuration.portalPath, ["flow": link.rawValue]),
                request,
                visitor: visitor
            )
        }
    }

    // MARK: Checkout

    private func startCheckout(_ request: Request) async throws -> Response {
        let visitor = try await visitor(request)
        guard let account = visitor.account else { return configuration.loginRedirect() }
        guard let form = verifiedForm(request, visitor: visitor) else {
            return try await pages.respond(
                views.forbiddenPage(configuration: configuration),
                request,
                status: .forbidden
            )
        }
        guard let price = form.price, price.hasPrefix("price_") else {
            throw Abort(.badRequest, reason: "Choose one of the listed plans.")
        }
        do {
            let url = try await billing.startCheckout(account: account, price: PriceID(price))
            request.logger.info("opened a Checkout session", metadata: ["stripe.price": "\(price)"])
            return .seeOther(url)
        } catch let error as CheckoutError where error == .priceNotOffered {
            throw Abort(.badRequest, reason: "Choose one of the listed plans.")
        } catch let error as CheckoutError where error == .subscriptionLive {
            // Subscribers change plans in the portal, never through a second Checkout.
            return try await openPortalPlanChange(account, request, visitor: visitor)
        } catch {
            request.logger.error("could not start Checkout", metadata: ["error": "\(error)"])
            return try await stripeFailure(
                error,
                heading: "We couldn't start the checkout",
                retry: (configuration.checkoutPath, ["price": price]),
                request,
                visitor: visitor
            )
        }
    }

    private func openPortalPlanChange(_ account: BillingAccount, _ request: Request, visitor: BillingVisitor)
        async throws -> Response
    {
        do {
            return .seeOther(try await billing.openPortal(account: account, link: .subscriptionUpdate))
        } catch {
            request.logger.error("could not open the billing portal", metadata: ["error": "\(error)"])
            return try await stripeFailure(
                error,
                heading: "We couldn't open the billing portal",
                retry: (configuration.portalPath, ["flow": PortalDeepLink.subscriptionUpdate.rawValue]),
                request,
                visitor: visitor
            )
        }
    }

    /// A friendly page for a failed Stripe call, with a retry form; 503 when Stripe is unreachable, else 502.
    private func stripeFailure(
        _ error: any Error,
        heading: String,
        retry: (path: String, fields: [String: String]),
        _ request: Request,
        visitor: BillingVisitor
    ) async throws -> Response {
        let page = try views.stripeFailurePage(
            error,
            heading: heading,
            retryPath: retry.path,
            fields: retry.fields,
            csrfToken: visitor.csrfToken,
            configuration: configuration
        )
        let status: HTTPResponseStatus = BillingViews.stripeIsUnavailable(error) ? .serviceUnavailable : .badGateway
        return try await pages.respond(page, request, status: status)
    }
}
