public import BillingCore
public import BillingViews
public import Vapor

extension Billing {
    /// Mounts billing in a Vapor application.
    ///
    /// The billing page, the "Manage billing" and Checkout endpoints and the cancellation survey go in a group behind
    /// `sessions` (the host's session and auth middleware); the Stripe webhook goes straight on `routes`, outside it:
    /// deliveries carry no cookies and are authenticated by their signature. Keep the host's session middleware off
    /// `app.middleware` (group the host's own routes with it, too) so deliveries never pay for a session lookup.
    ///
    /// ```swift
    /// try await billing.register(
    ///     on: app.routes,
    ///     sessions: [app.sessions.middleware, User.sessionAuthenticator()],
    ///     account: { req in req.auth.get(User.self)?.billingAccount },
    ///     csrfToken: { req in req.session.data["csrf_token"] }
    /// )
    /// ```
    ///
    /// - Parameters:
    ///   - routes: where to mount, usually `app.routes`.
    ///   - sessions: the host's middleware that restores the session and logs the user in; none when `routes`
    ///     already runs it.
    ///   - account: the signed-in account of a request, from the host's auth; nil for an anonymous visitor.
    ///   - csrfToken: the CSRF token bound to the request's session; forms without it are refused with 403.
    ///   - views: the billing templates; when nil, the bundled ones with the host's ``BillingCore/Billing/templates``
    ///     overrides on top.
    ///   - layout: wraps billing pages in the host's chrome; the library's minimal page when nil.
    /// - Throws: when the templates cannot be loaded (a missing template directory, a template that does not parse).
    public func register(
        on routes: any RoutesBuilder,
        sessions: [any Middleware] = [],
        account: @escaping BillingAccountLookup,
        csrfToken: @escaping BillingCSRFTokenLookup,
        views: BillingViews? = nil,
        layout: BillingLayout? = nil
    ) async throws {
        let templates: BillingViews
        if let views { templates = views } else { templates = try await BillingViews(overrides: self.templates) }
        WebhookRoute(billing: self).register(on: routes)
        let visitor = BillingVisitorLookup(account: account, csrfToken: csrfToken)
        let pages = BillingPageResponder(views: templates, layout: layout)
        let group = routes.grouped(sessions)
        BillingRoutes(billing: self, visitor: visitor, pages: pages).register(on: group)
        CancellationSurveyRoutes(billing: self, visitor: visitor, pages: pages).register(on: group)
    }
}
