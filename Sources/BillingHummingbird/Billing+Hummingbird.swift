public import BillingCore
public import BillingViews
public import Hummingbird

extension Billing {
    /// Mounts billing in a Hummingbird application.
    ///
    /// The billing page, the "Manage billing" endpoint and the cancellation survey go in a group behind
    /// `sessions` (the host's session and CSRF middleware, which fills ``BillingRequestContext``); the Stripe
    /// webhook goes straight on the router, outside that middleware: deliveries carry no cookies and are
    /// authenticated by their signature. Keep the host's session middleware off the router itself (put the
    /// host's own routes in a group with it, too) so deliveries never pay for a session lookup.
    ///
    /// ```swift
    /// try await billing.addRoutes(to: router, sessions: SessionMiddleware(…))
    /// ```
    ///
    /// - Parameters:
    ///   - router: the host's router.
    ///   - sessions: the host's middleware that resolves the signed-in account and CSRF token; nil when the host
    ///     already runs it for every route.
    ///   - views: the billing templates; when nil, the bundled ones with the host's ``BillingCore/Billing/templates``
    ///     overrides on top.
    ///   - layout: wraps billing pages in the host's chrome; the library's minimal page when nil.
    /// - Throws: when the templates cannot be loaded (a missing template directory, a template that does not parse).
    public func addRoutes<Context: BillingRequestContext>(
        to router: Router<Context>,
        sessions: (any MiddlewareProtocol<Request, Response, Context>)? = nil,
        views: BillingViews? = nil,
        layout: BillingLayout<Context>? = nil
    ) async throws {
        let templates: BillingViews
        if let views { templates = views } else { templates = try await BillingViews(overrides: self.templates) }
        WebhookRoute<Context>(billing: self).addRoutes(to: router)
        let pages = router.group()
        if let sessions { pages.add(middleware: sessions) }
        BillingRoutes(billing: self, views: templates, layout: layout).addRoutes(to: pages)
        CancellationSurveyRoutes(billing: self, views: templates, layout: layout).addRoutes(to: pages)
    }
}
