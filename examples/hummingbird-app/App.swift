import BillingCore
import BillingHummingbird
import Configuration
import Hummingbird

/// What your auth puts in the request context: who is signed in and the session's CSRF token.
struct AppContext: BillingRequestContext {
    var coreContext: CoreRequestContextStorage
    var billingAccount: BillingAccount?
    var csrfToken: String?
    init(source: Source) { coreContext = .init(source: source) }
}

/// Stands in for your session middleware: here a proxy in front of the app names the signed-in user.
struct DemoAuth: RouterMiddleware {
    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        var context = context
        if let user = request.headers[.init("X-Demo-User")!] {
            context.billingAccount = BillingAccount(id: AccountID(user), email: "\(user)@example.com", name: user)
            context.csrfToken = "csrf-\(user)"
        }
        return try await next(request, context)
    }
}

/// Mounts billing (billing page, "Manage billing", survey, Stripe webhook) and gates `/pro` on it.
func buildExampleApplication(reader: ConfigReader) async throws -> some ApplicationProtocol {
    let billing = try await Billing.open(reader: reader)
    let router = Router(context: AppContext.self)
    try await billing.addRoutes(to: router, sessions: DemoAuth())
    router.group().add(middleware: DemoAuth()).get("/pro") { _, context in
        guard let account = context.billingAccount else { throw HTTPError(.unauthorized) }
        guard try await billing.access(for: account.id).isEntitled else { throw HTTPError(.init(code: 402)) }
        return "Welcome to Pro, \(account.name)."
    }
    let http = ApplicationConfiguration(reader: reader.scoped(to: "http"))
    return Application(router: router, configuration: http, services: billing.services)
}
