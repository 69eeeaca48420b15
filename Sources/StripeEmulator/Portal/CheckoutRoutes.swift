import HTTPTypes
import Hummingbird
import NIOCore
import StripeAPI

/// The hosted Checkout page under `/c/pay/<session id>`: the page itself and its CSRF-protected POST actions
/// (apply or remove a promotion code, pay).
struct CheckoutRoutes: Sendable {
    let store: EmulatorStore
    static let prefix = "/c/pay/:session"

    /// A page action: the redirect location on success.
    typealias Action = @Sendable (inout EmulatorState, String, [String: FormNode]) throws(PortalError) -> String

    func add(to router: Router<EmulatorRequestContext>) {
        router.get(RouterPath(Self.prefix)) { _, context -> Response in
            let id = context.parameters.get("session") ?? ""
            let (status, text) = try await store.mutate { state in
                do throws(PortalError) {
                    let (session, link) = try state.openCheckout(id)
                    return (200, CheckoutView(state: state, session: session, link: link).page())
                } catch {
                    return (error.status, CheckoutView.closedPage(error))
                }
            }
            return PortalRoutes.html(text, status: status)
        }
        post(router, "/promotion") { state, id, form throws(PortalError) in
            try state.checkoutApplyPromotion(id, code: Self.field(form, "code") ?? "")
            return "/c/pay/\(id)"
        }
        post(router, "/promotion/remove") { state, id, _ throws(PortalError) in
            try state.checkoutRemovePromotion(id)
            return "/c/pay/\(id)"
        }
        post(router, "") { state, id, form throws(PortalError) in
            try state.payCheckout(
                id,
                entry: EmulatorState.CheckoutEntry(
                    email: Self.field(form, "email"),
                    card: EmulatorState.PortalCardEntry(
                        number: Self.field(form, "number"),
                        expiry: Self.field(form, "expiry"),
                        cvc: Self.field(form, "cvc"),
                        testToken: Self.field(form, "token")
                    )
                )
            )
        }
    }

    static func field(_ form: [String: FormNode], _ name: String) -> String? {
        if case .string(let value)? = form[name] { return value }
        return nil
    }

    private func post(_ router: Router<EmulatorRequestContext>, _ path: String, _ action: @escaping Action) {
        router.post(RouterPath(Self.prefix + path)) { request, context -> Response in
            let id = context.parameters.get("session") ?? ""
            let body = try await request.body.collect(upTo: 64 * 1024)
            let form = (try? FormParser.parse(String(buffer: body))) ?? [:]
            let requestID = "req_" + EmulatorState.randomToken(14)
            let result = try await store.mutate(requestID: requestID) {
                state -> Result<String, PortalRoutes.PortalFailure> in
                let link: CheckoutLink
                do throws(PortalError) { link = try state.openCheckout(id).link } catch {
                    return .failure(.init(status: error.status, page: CheckoutView.closedPage(error)))
                }
                guard PortalRoutes.constantTimeEquals(Self.field(form, "csrf") ?? "", link.csrf) else {
                    return .failure(.init(status: 403, page: Self.page(state, id, error: PortalError.forbidden)))
                }
                do throws(PortalError) {
                    return .success(try action(&state, id, form))
                } catch {
                    return .failure(
                        .init(
                            status: error.status,
                            page: Self.page(state, id, error: error, email: Self.field(form, "email"))
                        )
                    )
                }
            }
            switch result {
            case .success(let location):
                var headers = PortalRoutes.securityHeaders
                headers[.location] = location
                return Response(status: .seeOther, headers: headers)
            case .failure(let failure):
                return PortalRoutes.html(failure.page, status: failure.status)
            }
        }
    }

    /// The page again with an error, or the closed page when the session is no longer open.
    private static func page(_ state: EmulatorState, _ id: String, error: PortalError, email: String? = nil) -> String {
        guard let session = state.object(id, kind: "checkout.session"), session.string("status") == "open",
            let link = state.checkoutLinks[id]
        else { return CheckoutView.closedPage(error) }
        return CheckoutView(state: state, session: session, link: link).page(error: error.message, email: email)
    }
}
