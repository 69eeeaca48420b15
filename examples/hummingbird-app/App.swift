import BillingCore
import BillingHummingbird
import Configuration
import Hummingbird

/// What your auth puts in the request context: who is signed in and the session's CSRF token.
/// `billingAccess` is where `RequireBilling` leaves its answer for the handlers behind it.
struct AppContext: BillingAccessRequestContext {
    var coreContext: CoreRequestContextStorage
    var billingAccount: BillingAccount?
    var csrfToken: String?
    var billingAccess: BillingAccess?
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
    // Anonymous: login (401 for JSON). Not subscribed: the billing page (402 for JSON).
    let pro = router.group("/pro").add(middleware: DemoAuth()).add(middleware: RequireBilling(billing: billing))
    pro.get { _, context in
        "Welcome to Pro, \(context.billingAccount?.name ?? "")." + (context.billing.onGracePeriod ? " (ends soon)" : "")
    }
    let http = ApplicationConfiguration(reader: reader.scoped(to: "http"))
    return Application(router: router, configuration: http, services: billing.services)
}
