import BillingCore
import BillingSupport
import BillingViews
import Foundation
import Hummingbird
import Logging
import StripeAPI

/// The billing page and the "Manage billing" endpoint: parse, check, one facade call, respond.
struct BillingRoutes<Context: BillingRequestContext>: Sendable {
    let billing: Billing
    let views: BillingViews
    let layout: BillingLayout<Context>?

    private var configuration: BillingConfiguration { billing.configuration }

    func addRoutes(to router: some RouterMethods<Context>) {
        router.get(RouterPath(configuration.billingPath)) { request, context in
            try await billingPage(request, context: context)
        }
        router.post(RouterPath(configuration.portalPath)) { request, context in
            try await openPortal(request, context: context)
        }
        router.post(RouterPath(configuration.checkoutPath)) { request, context in
            try await startCheckout(request, context: context)
        }
        // The endpoints only accept POST; say so instead of answering 404.
        for path in [configuration.portalPath, configuration.checkoutPath] {
            router.get(RouterPath(path)) { _, _ in
                Response(status: .methodNotAllowed, headers: [.allow: "POST"])
            }
        }
    }

    // MARK: Billing page

    private func billingPage(_ request: Request, context: Context) async throws -> Response {
        guard let account = context.billingAccount else { return loginRedirect(configuration) }
        let query = request.uri.queryParameters
        let state = try await billing.billingPage(
            for: account,
            returningFromPortal: query.get(BillingConfiguration.returnMarker) != nil,
            checkoutSession: query.get(SubscriptionCheckout.sessionMarker)
        )
        return try await views.page(
            try views.billingPage(state, configuration: configuration, csrfToken: context.csrfToken),
            request,
            context,
            layout: layout,
            status: .ok
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
    private func verifiedForm(_ request: Request, context: Context) async throws -> BillingForm? {
        var request = request
        let body = try await request.collectBody(upTo: 16 * 1024)
        let form = (try? URLEncodedFormDecoder().decode(BillingForm.self, from: String(buffer: body)))
        guard let expected = context.csrfToken, let sent = form?.csrfToken, constantTimeEquals(sent, expected) else {
            context.logger.notice("billing request refused: missing or invalid CSRF token")
            return nil
        }
        return form
    }

    private func forbidden(_ request: Request, context: Context) async throws -> Response {
        return try await views.page(
            try views.forbiddenPage(configuration: configuration),
            request,
            context,
            layout: layout,
            status: .forbidden
        )
    }

    private func openPortal(_ request: Request, context: Context) async throws -> Response {
        guard let account = context.billingAccount else { return loginRedirect(configuration) }
        guard let form = try await verifiedForm(request, context: context) else {
            return try await forbidden(request, context: context)
        }
        guard let link = PortalDeepLink(formValue: form.flow) else {
            throw HTTPError(.badRequest, message: "Unknown portal flow.")
        }
        do {
            let url = try await billing.openPortal(account: account, link: link)
            context.logger.info("opened billing portal session", metadata: ["flow": "\(link.rawValue)"])
            return seeOther(url)
        } catch {
            context.logger.error("could not open the billing portal", metadata: ["error": "\(error)"])
            return try await stripeFailure(
                error,
                heading: "We couldn't open the billing portal",
                retry: (configuration.portalPath, ["flow": link.rawValue]),
                request,
                context: context
            )
        }
    }

    // MARK: Checkout

    private func startCheckout(_ request: Request, context: Context) async throws -> Response {
        guard let account = context.billingAccount else { return loginRedirect(configuration) }
        guard let form = try await verifiedForm(request, context: context) else {
            return try await forbidden(request, context: context)
        }
        guard let price = form.price, price.hasPrefix("price_") else {
            throw HTTPError(.badRequest, message: "Choose one of the listed plans.")
        }
        do {
            let url = try await billing.startCheckout(account: account, price: PriceID(price))
            context.logger.info("opened a Checkout session", metadata: ["stripe.price": "\(price)"])
            return seeOther(url)
        } catch let error as CheckoutError where error == .priceNotOffered {
            throw HTTPError(.badRequest, message: "Choose one of the listed plans.")
        } catch let error as CheckoutError where error == .subscriptionLive {
            // Subscribers change plans in the portal, never through a second Checkout.
            return try await openPortalPlanChange(account, request, context: context)
        } catch {
            context.logger.error("could not start Checkout", metadata: ["error": "\(error)"])
            return try await stripeFailure(
                error,
                heading: "We couldn't start the checkout",
                retry: (configuration.checkoutPath, ["price": price]),
                request,
                context: context
            )
        }
    }

    private func openPortalPlanChange(_ account: BillingAccount, _ request: Request, context: Context) async throws
        -> Response
    {
        do {
            return seeOther(try await billing.openPortal(account: account, link: .subscriptionUpdate))
        } catch {
            context.logger.error("could not open the billing portal", metadata: ["error": "\(error)"])
            return try await stripeFailure(
                error,
                heading: "We couldn't open the billing portal",
                retry: (configuration.portalPath, ["flow": PortalDeepLink.subscriptionUpdate.rawValue]),
                request,
                context: context
            )
        }
    }

    /// A friendly page for a failed Stripe call, with a retry form; 503 when Stripe is unreachable, else 502.
    private func stripeFailure(
        _ error: any Error,
        heading: String,
        retry: (path: String, fields: [String: String]),
        _ request: Request,
        context: Context
    ) async throws -> Response {
        let page = try views.stripeFailurePage(
            error,
            heading: heading,
            retryPath: retry.path,
            fields: retry.fields,
            csrfToken: context.csrfToken,
            configuration: configuration
        )
        return try await views.page(
            page,
            request,
            context,
            layout: layout,
            status: BillingViews.stripeIsUnavailable(error) ? .serviceUnavailable : .badGateway
        )
    }

    private func seeOther(_ url: URL) -> Response {
        Response(status: .seeOther, headers: [.location: url.absoluteString, .cacheControl: "no-store"])
    }
}

/// Sends an anonymous visitor to the host's login page, with the billing page to come back to.
func loginRedirect(_ configuration: BillingConfiguration) -> Response {
    let next = configuration.billingPath.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    return Response(status: .seeOther, headers: [.location: "\(configuration.loginPath)?next=\(next)"])
}
