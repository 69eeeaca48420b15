public import BillingCore
public import Foundation
import HTTPTypes
public import Hummingbird
public import Logging
import StripeAPI

/// The billing routes a Hummingbird app mounts: the billing page, the "Manage billing" endpoint and the Stripe
/// webhook endpoint.
///
/// The host supplies the signed-in account and its CSRF token through ``BillingRequestContext`` and, optionally,
/// a layout that places the billing fragment inside its own page chrome.
public struct BillingRoutes<Context: BillingRequestContext>: Sendable {
    /// Wraps a rendered billing fragment in the host's layout.
    public typealias Layout = @Sendable (BillingPageContent, Request, Context) async throws -> String

    private let configuration: BillingRoutesConfiguration
    private let portal: BillingPortal
    private let access: AccessChecker
    private let reconciler: Reconciler
    private let customers: CustomerDirectory
    private let intake: WebhookIntake
    private let reader: BillingProjectionReader
    private let catalog: StripeCatalog
    private let views: BillingViews
    private let layout: Layout?
    private let now: @Sendable () -> Date

    /// Creates the routes.
    /// - Parameters:
    ///   - configuration: paths, public URL and portal configuration.
    ///   - portal: opens portal sessions.
    ///   - access: answers the account's billing state from the projection.
    ///   - reconciler: refreshes a customer's subscriptions from Stripe on return from the portal.
    ///   - customers: the account-to-customer mapping.
    ///   - intake: stores webhook deliveries.
    ///   - reader: reads renewal dates and invoices from the projection.
    ///   - catalog: plan names and portal features.
    ///   - views: the billing templates.
    ///   - layout: the host's page layout; the library's minimal page when nil.
    ///   - now: the clock.
    public init(
        configuration: BillingRoutesConfiguration,
        portal: BillingPortal,
        access: AccessChecker,
        reconciler: Reconciler,
        customers: CustomerDirectory,
        intake: WebhookIntake,
        reader: BillingProjectionReader,
        catalog: StripeCatalog,
        views: BillingViews,
        layout: Layout? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.portal = portal
        self.access = access
        self.reconciler = reconciler
        self.customers = customers
        self.intake = intake
        self.reader = reader
        self.catalog = catalog
        self.views = views
        self.layout = layout
        self.now = now
    }

    /// Adds the billing page, the portal endpoint and the webhook endpoint to the router.
    public func addRoutes(to router: Router<Context>) {
        router.get(RouterPath(configuration.billingPath)) { request, context in
            try await billingPage(request, context: context)
        }
        router.post(RouterPath(configuration.portalPath)) { request, context in
            try await openPortal(request, context: context)
        }
        // The endpoint only accepts POST; say so instead of answering 404.
        router.get(RouterPath(configuration.portalPath)) { _, _ in
            Response(status: .methodNotAllowed, headers: [.allow: "POST"])
        }
        router.post(RouterPath(configuration.webhookPath)) { request, context in
            try await receiveWebhook(request, context: context)
        }
    }

    // MARK: Billing page

    private func billingPage(_ request: Request, context: Context) async throws -> Response {
        guard let account = context.billingAccount else { return loginRedirect() }
        let returning = request.uri.queryParameters.get(BillingRoutesConfiguration.returnMarker) != nil
        var refreshed = false
        if returning, let customer = try await customers.customer(for: account.id) {
            // The portal's return link carries no result: read the truth from Stripe before webhooks arrive.
            do {
                try await reconciler.reconcile(customer: customer)
                refreshed = true
            } catch {
                context.logger.warning(
                    "could not refresh subscriptions on return from the portal",
                    metadata: ["error": "\(error)"]
                )
            }
        }
        let state = try await access.access(for: account.id, now: now())
        var plan: StripeCatalog.PlanDisplay?
        if let price = state.plan?.price { plan = await catalog.plan(for: price) }
        let features = await catalog.portalFeatures()
        var periodEnd: Date?
        if let subscription = state.subscriptionID {
            periodEnd = try await reader.currentPeriodEnd(of: subscription.rawValue)
        }
        let invoices = try await reader.recentInvoices(of: account.id, limit: configuration.invoiceCount)
        let model = BillingPageModel(
            BillingPageModel.Inputs(
                account: account,
                access: state,
                plan: plan,
                features: features,
                currentPeriodEnd: periodEnd,
                invoices: invoices,
                configuration: configuration,
                csrfToken: context.csrfToken ?? "",
                refreshed: refreshed
            )
        )
        let html = try views.render(model, template: "billing")
        return try await page(BillingPageContent(title: "Billing", html: html), request, context, status: .ok)
    }

    // MARK: Portal endpoint

    private struct PortalForm: Decodable {
        var csrfToken: String?
        var flow: String?

        enum CodingKeys: String, CodingKey {
            case csrfToken = "csrf_token"
            case flow
        }
    }

    private func openPortal(_ request: Request, context: Context) async throws -> Response {
        guard let account = context.billingAccount else { return loginRedirect() }
        var request = request
        let body = try await request.collectBody(upTo: 16 * 1024)
        let form = (try? URLEncodedFormDecoder().decode(PortalForm.self, from: String(buffer: body)))
        guard let expected = context.csrfToken, let sent = form?.csrfToken, Self.tokensMatch(sent, expected) else {
            context.logger.notice("portal request refused: missing or invalid CSRF token")
            let html = try views.render(["billingPath": configuration.billingPath], template: "forbidden")
            return try await page(
                BillingPageContent(title: "Forbidden", html: html),
                request,
                context,
                status: .forbidden
            )
        }
        guard let link = PortalDeepLink(formValue: form?.flow) else {
            throw HTTPError(.badRequest, message: "Unknown portal flow.")
        }
        do {
            let state = try await access.access(for: account.id, now: now())
            let url = try await portal.open(for: account, link: link, subscription: state.subscriptionID)
            context.logger.info("opened billing portal session", metadata: ["flow": "\(link.rawValue)"])
            return Response(status: .seeOther, headers: [.location: url.absoluteString, .cacheControl: "no-store"])
        } catch {
            context.logger.error("could not open the billing portal", metadata: ["error": "\(error)"])
            let unavailable = (error as? StripeError).map { $0 == .network || $0 == .rateLimited } ?? false
            let html = try views.render(
                [
                    "message": unavailable
                        ? "Our payment provider is not reachable right now."
                        : "Something went wrong while contacting our payment provider.",
                    "csrfToken": expected, "flow": link.rawValue, "portalPath": configuration.portalPath,
                    "billingPath": configuration.billingPath,
                ],
                template: "portal-error"
            )
            return try await page(
                BillingPageContent(title: "Billing unavailable", html: html),
                request,
                context,
                status: unavailable ? .serviceUnavailable : .badGateway
            )
        }
    }

    // MARK: Webhooks

    private func receiveWebhook(_ request: Request, context: Context) async throws -> Response {
        var request = request
        // One byte over the cap is enough to know the body is too large; the intake answers 413.
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: intake.maxBodyBytes + 1)
        } catch {
            return Response(status: .contentTooLarge)
        }
        let signature = request.headers[HTTPField.Name("Stripe-Signature")!]
        let outcome = await intake.receive(body: body.readableBytesView, signature: signature, now: now())
        return Response(status: HTTPResponse.Status(code: outcome.httpStatus))
    }

    // MARK: Helpers

    private func loginRedirect() -> Response {
        let next = configuration.billingPath.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return Response(status: .seeOther, headers: [.location: "\(configuration.loginPath)?next=\(next)"])
    }

    private func page(
        _ content: BillingPageContent,
        _ request: Request,
        _ context: Context,
        status: HTTPResponse.Status
    ) async throws -> Response {
        let document = try await layout?(content, request, context) ?? views.standalonePage(content)
        return try HTML(document, status: status).response(from: request, context: context)
    }

    /// Compares tokens without an early exit, so timing does not reveal how much of a guess was right.
    static func tokensMatch(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count, !left.isEmpty else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
