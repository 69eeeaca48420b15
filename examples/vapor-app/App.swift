import BillingCore
import BillingVapor
import Configuration
import Vapor

/// Stands in for your auth (`req.auth.get(User.self)`): here a proxy in front of the app names the signed-in user.
func signedInAccount(_ request: Request) -> BillingAccount? {
    guard let user = request.headers.first(name: "X-Demo-User") else { return nil }
    return BillingAccount(id: AccountID(user), email: "\(user)@example.com", name: user)
}

/// Mounts billing (billing page, "Manage billing", Checkout, survey, Stripe webhook, health probes) and gates `/pro`
/// on it.
func configureExample(_ app: Application, reader: ConfigReader) async throws {
    let billing = try await Billing.open(reader: reader, logger: app.logger)
    app.lifecycle.use(BillingLifecycle(billing: billing))
    try await billing.register(
        on: app.routes,
        account: { signedInAccount($0) },
        csrfToken: { signedInAccount($0).map { "csrf-\($0.id)" } }  // your session's CSRF token
    )
    billing.registerHealth(on: app.routes)  // GET /health/live, /health/ready for the load balancer
    let pro = app.grouped(RequireBilling(.subscribed, billing: billing) { signedInAccount($0) })
    pro.get("pro") { request in
        request.billing.onGracePeriod ? "Welcome back; your plan ends soon." : "Welcome to Pro."
    }
}
