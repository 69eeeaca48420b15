import BillingSupport
import HTTPTypes
import Hummingbird
import NIOCore
import StripeAPI

/// The hosted customer portal under `/p/session/test_<token>`: GET pages and CSRF-protected POST actions.
///
/// The token in the path is a bearer credential, so nothing here logs paths, and responses carry
/// `Referrer-Policy: no-referrer` and `Cache-Control: no-store`.
struct PortalRoutes: Sendable {
    /// One parsed portal request.
    struct PortalRequest: Sendable {
        let token: String
        let base: String
        let path: [String: String]
        let query: [String: String]
        let form: [String: FormNode]
        /// The browser's `Accept-Language`, which a session with locale `auto` (or none) follows.
        var acceptLanguage: String? = nil

        func field(_ name: String) -> String? {
            if case .string(let value)? = form[name] { return value }
            return nil
        }
    }

    typealias Render = @Sendable (PortalView, PortalRequest) throws(PortalError) -> String
    typealias Action =
        @Sendable (inout EmulatorState, PortalLink, PortalRequest) throws(PortalError) -> EmulatorState.PortalOutcome
    typealias ErrorPage = @Sendable (PortalView, PortalRequest, String) -> String

    let store: EmulatorStore
    static let prefix = "/p/session/:token"

    func add(to router: Router<EmulatorRequestContext>) {
        get(router, "") { view, request throws(PortalError) in try view.entryPage(request) }
        get(router, "/done") { view, _ in view.confirmationPage() }
        get(router, "/subscriptions/:sub/cancel") { view, request throws(PortalError) in
            let subscription = try view.state.portalSubscription(view.link, request.path["sub"] ?? "")
            guard EmulatorState.isCancellable(subscription) else {
                return view.home(error: "This subscription is already canceled or set to cancel.")
            }
            return view.cancelPage(subscription)
        }
        get(router, "/subscriptions/:sub/cancel/reason") { view, request throws(PortalError) in
            view.reasonPage(try view.state.portalSubscription(view.link, request.path["sub"] ?? ""))
        }
        get(router, "/subscriptions/:sub/update") { view, request throws(PortalError) in
            view.updatePage(try view.state.portalSubscription(view.link, request.path["sub"] ?? ""))
        }
        get(router, "/subscriptions/:sub/update/confirm") { view, request throws(PortalError) in
            let subscription = try view.state.portalSubscription(view.link, request.path["sub"] ?? "")
            do throws(PortalError) {
                let preview = try view.state.portalPlanPreview(
                    view.link,
                    subscription: request.path["sub"] ?? "",
                    price: request.query["price"] ?? "",
                    quantity: request.query["quantity"].flatMap { Int($0) }
                )
                return view.confirmPage(subscription, preview: preview)
            } catch {
                return view.updatePage(subscription, error: view.t(error.message))
            }
        }
        get(router, "/subscriptions/:sub/pause") { view, request throws(PortalError) in
            view.pausePage(try view.state.portalSubscription(view.link, request.path["sub"] ?? ""))
        }
        get(router, "/payment-methods") { view, request in
            view.paymentMethodsPage(notice: view.notice(request.query["notice"], subscription: nil))
        }
        get(router, "/customer") { view, _ in view.customerPage() }
        addActions(to: router)
    }

    private func addActions(to router: Router<EmulatorRequestContext>) {
        let subscriptionError: ErrorPage = { view, request, message in
            guard let subscription = try? view.state.portalSubscription(view.link, request.path["sub"] ?? "") else {
                return view.home(error: message)
            }
            return view.cancelPage(subscription, error: message)
        }
        let homeError: ErrorPage = { view, _, message in view.home(error: message) }
        post(router, "/subscriptions/:sub/cancel", onError: subscriptionError) {
            state,
            link,
            request throws(PortalError) in
            try state.portalCancel(link, token: request.token, subscription: request.path["sub"] ?? "")
        }
        post(router, "/subscriptions/:sub/cancel/reason", onError: homeError) {
            state,
            link,
            request throws(PortalError) in
            try state.portalCancellationReason(
                link,
                token: request.token,
                subscription: request.path["sub"] ?? "",
                feedback: request.field("action") == "skip" ? nil : request.field("feedback") ?? "",
                comment: request.field("comment")
            )
        }
        post(router, "/subscriptions/:sub/retention", onError: subscriptionError) {
            state,
            link,
            request throws(PortalError) in
            try state.portalAcceptRetention(link, token: request.token, subscription: request.path["sub"] ?? "")
        }
        post(router, "/subscriptions/:sub/renew", notice: "renewed", onError: homeError) {
            state,
            link,
            request throws(PortalError) in
            try state.portalRenew(link, subscription: request.path["sub"] ?? "")
        }
        post(router, "/subscriptions/:sub/update", notice: "plan_changed", onError: planError) {
            state,
            link,
            request throws(PortalError) in
            try state.portalChangePlan(
                link,
                token: request.token,
                subscription: request.path["sub"] ?? "",
                price: request.field("price") ?? "",
                quantity: request.field("quantity").flatMap { Int($0) }
            )
        }
        post(router, "/subscriptions/:sub/pause", notice: "paused", onError: homeError) {
            state,
            link,
            request throws(PortalError) in
            try state.portalPause(link, token: request.token, subscription: request.path["sub"] ?? "", resume: false)
        }
        post(router, "/subscriptions/:sub/resume", notice: "resumed", onError: homeError) {
            state,
            link,
            request throws(PortalError) in
            try state.portalPause(link, token: request.token, subscription: request.path["sub"] ?? "", resume: true)
        }
        let cardError: ErrorPage = { view, _, message in view.paymentMethodsPage(error: message) }
        post(router, "/payment-methods", notice: "payment_method_added", onError: cardError) {
            state,
            link,
            request throws(PortalError) in
            try state.portalAddCard(
                link,
                token: request.token,
                entry: EmulatorState.PortalCardEntry(
                    number: request.field("number"),
                    expiry: request.field("expiry"),
                    cvc: request.field("cvc"),
                    testToken: request.field("token")
                )
            )
        }
        post(router, "/payment-methods/:pm/default", notice: "default_payment_method", onError: cardError) {
            state,
            link,
            request throws(PortalError) in
            try state.portalSetDefaultCard(link, method: request.path["pm"] ?? "")
        }
        post(router, "/payment-methods/:pm/remove", notice: "payment_method_removed", onError: cardError) {
            state,
            link,
            request throws(PortalError) in
            try state.portalRemoveCard(link, method: request.path["pm"] ?? "")
        }
        post(
            router,
            "/customer",
            notice: "customer_updated",
            onError: { view, _, message in view.customerPage(error: message) }
        ) {
            state,
            link,
            request throws(PortalError) in
            try state.portalUpdateCustomer(link, token: request.token, fields: request.form)
        }
    }

    private var planError: ErrorPage {
        { view, request, message in
            guard let subscription = try? view.state.portalSubscription(view.link, request.path["sub"] ?? "") else {
                return view.home(error: message)
            }
            return view.updatePage(subscription, error: message)
        }
    }

    // MARK: plumbing

    private static func names(in path: String) -> [String] {
        path.split(separator: "/").compactMap { $0.hasPrefix(":") ? String($0.dropFirst()) : nil }
    }

    private static func request(
        _ request: Request,
        _ context: EmulatorRequestContext,
        names: [String],
        form: [String: FormNode] = [:]
    ) -> PortalRequest? {
        guard let raw = context.parameters.get("token"), raw.hasPrefix("test_") else { return nil }
        var path: [String: String] = [:]
        for name in names { path[name] = context.parameters.get(name) }
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        return PortalRequest(
            token: String(raw.dropFirst(5)),
            base: "/p/session/\(raw)",
            path: path,
            query: query,
            form: form,
            acceptLanguage: request.headers[.acceptLanguage]
        )
    }

    /// The view of a session in the language its `locale` (or, for `auto`, the customer or browser) asks for.
    static func view(_ state: EmulatorState, _ link: PortalLink, _ portal: PortalRequest) -> PortalView {
        let session = state.objects[link.sessionID]
        let preferred = state.objects[link.customer]?["preferred_locales"]?.arrayValue?.compactMap(\.stringValue)
        let locale = PortalLocale.resolve(
            session: session?.string("locale"),
            preferred: preferred ?? [],
            acceptLanguage: portal.acceptLanguage
        )
        return PortalView(state: state, link: link, base: portal.base, locale: locale)
    }

    /// The language for pages without a session (expired links): the browser's.
    static func browserLocale(_ request: Request) -> PortalLocale {
        PortalLocale.resolve(session: nil, preferred: [], acceptLanguage: request.headers[.acceptLanguage])
    }

    private func get(_ router: Router<EmulatorRequestContext>, _ path: String, _ render: @escaping Render) {
        let names = Self.names(in: path)
        router.get(RouterPath(Self.prefix + path)) { request, context -> Response in
            let browserLocale = Self.browserLocale(request)
            guard let portal = Self.request(request, context, names: names) else {
                return Self.html(PortalView.expiredPage(.expired, locale: browserLocale), status: 404)
            }
            let (status, text) = try await store.perform { state in
                do throws(PortalError) {
                    let link = try state.visitPortal(portal.token)
                    let view = Self.view(state, link, portal)
                    do throws(PortalError) {
                        return (200, try render(view, portal))
                    } catch {
                        return (error.status, view.home(error: view.t(error.message)))
                    }
                } catch {
                    return (error.status, PortalView.expiredPage(error, locale: browserLocale))
                }
            }
            return Self.html(text, status: status)
        }
    }

    /// Registers a form action; `notice` names the confirmation shown when it lands back on a portal page.
    private func post(
        _ router: Router<EmulatorRequestContext>,
        _ path: String,
        notice: String? = nil,
        onError: @escaping ErrorPage,
        _ action: @escaping Action
    ) {
        let names = Self.names(in: path)
        router.post(RouterPath(Self.prefix + path)) { request, context -> Response in
            let body = try await request.body.collect(upTo: 64 * 1024)
            let form = (try? FormParser.parse(String(buffer: body))) ?? [:]
            let browserLocale = Self.browserLocale(request)
            guard let portal = Self.request(request, context, names: names, form: form) else {
                return Self.html(PortalView.expiredPage(.expired, locale: browserLocale), status: 404)
            }
            let requestID = "req_" + EmulatorState.randomToken(14)
            let result = try await store.mutate(requestID: requestID) { state -> Result<String, PortalFailure> in
                let link: PortalLink
                do throws(PortalError) { link = try state.visitPortal(portal.token) } catch {
                    return .failure(
                        PortalFailure(status: error.status, page: PortalView.expiredPage(error, locale: browserLocale))
                    )
                }
                guard Self.constantTimeEquals(portal.field("csrf") ?? "", link.csrf) else {
                    let view = Self.view(state, link, portal)
                    return .failure(
                        PortalFailure(status: 403, page: view.home(error: view.t(PortalError.forbidden.message)))
                    )
                }
                do throws(PortalError) {
                    switch try action(&state, link, portal) {
                    case .page(let next):
                        guard let notice else { return .success(portal.base + next) }
                        let subscription = portal.path["sub"].map { "&subscription=\($0)" } ?? ""
                        return .success(portal.base + next + "?notice=\(notice)" + subscription)
                    case .redirect(let url): return .success(url)
                    case .confirmation: return .success(portal.base + "/done")
                    }
                } catch {
                    let view = Self.view(state, state.portalLinks[portal.token] ?? link, portal)
                    return .failure(
                        PortalFailure(status: error.status, page: onError(view, portal, view.t(error.message)))
                    )
                }
            }
            switch result {
            case .success(let location):
                var headers = Self.securityHeaders
                headers[.location] = location
                return Response(status: .seeOther, headers: headers)
            case .failure(let failure):
                return Self.html(failure.page, status: failure.status)
            }
        }
    }

    struct PortalFailure: Error {
        let status: Int
        let page: String
    }

    static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        BillingSupport.constantTimeEquals(lhs, rhs)
    }

    static var securityHeaders: HTTPFields {
        var headers = HTTPFields()
        headers[.cacheControl] = "no-store"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'unsafe-inline'; img-src https: http:; form-action *; base-uri 'none'"
        return headers
    }

    static func html(_ text: String, status: Int) -> Response {
        var headers = securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(
            status: HTTPResponse.Status(code: status),
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: text))
        )
    }
}

extension PortalView {
    /// The first page of a session: the deep-link flow while it is pending, otherwise the home page.
    func entryPage(_ request: PortalRoutes.PortalRequest) throws(PortalError) -> String {
        guard let flow = state.portalFlow(link), let type = flow.string("type") else {
            return home(notice: notice(request.query["notice"], subscription: request.query["subscription"]))
        }
        let subscriptionID = flow[type]?["subscription"]?.stringValue ?? ""
        switch type {
        case "payment_method_update": return paymentMethodsPage()
        case "customer_update": return customerPage()
        default: break
        }
        let subscription = try state.portalSubscription(link, subscriptionID)
        switch type {
        case "subscription_cancel":
            return EmulatorState.isCancellable(subscription) ? cancelPage(subscription) : home()
        case "subscription_update": return updatePage(subscription)
        case "subscription_pause": return pausePage(subscription)
        default:
            let item = flow[type]?["items"]?.arrayValue?.first
            let current = subscription["items"]?["data"]?.arrayValue?.first
            do throws(PortalError) {
                let preview = try state.portalPlanPreview(
                    link,
                    subscription: subscriptionID,
                    price: item?["price"]?.stringValue ?? current?["price"]?["id"]?.stringValue ?? "",
                    quantity: item?["quantity"]?.intValue
                )
                return confirmPage(subscription, preview: preview)
            } catch {
                return home(error: t(error.message))
            }
        }
    }
}
