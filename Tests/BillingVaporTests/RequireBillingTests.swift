import BillingCore
import BillingDatabase
import BillingTestSupport
import BillingVapor
import Foundation
import Logging
import StripeAPI
import Testing
import Vapor
import VaporTesting

/// `RequireBilling` on a Vapor route, for every subscription state the projection can hold: who gets through, and
/// what a page or an API client is told otherwise.
@Suite struct RequireBillingTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_100)
    static let secret = "whsec_gating_tests"
    static let account = BillingAccount(id: "acct_gated", email: "gated@example.test", name: "Gated")

    /// A subscription state and the policy it is judged by.
    struct State: Sendable, CustomTestStringConvertible {
        var name: String
        var subscription: SubscriptionFixture?
        var policy = AccessPolicy()
        var testDescription: String { name }

        static func subscription(_ configure: (inout SubscriptionFixture) -> Void) -> SubscriptionFixture {
            var subscription = SubscriptionFixture(id: "sub_gated", customer: "cus_placeholder")
            subscription.currentPeriodEnd = 1_782_592_000
            configure(&subscription)
            return subscription
        }
    }

    /// Builds billing on a fresh in-memory database whose projection holds `state`, and runs `body` against a Vapor
    /// app with `/pro` behind `RequireBilling(requirement)`.
    static func withGatedApp(
        _ state: State,
        requirement: BillingRequirement = .subscribed,
        _ body: (any TestingApplicationTester) async throws -> Void
    ) async throws {
        try await TestDatabase.with(.sqlite) { database in
            var configuration = BillingConfiguration(publicURL: URL(string: "https://app.example.test")!)
            configuration.access = state.policy
            let billing = Billing(
                configuration: configuration,
                webhookVerifier: try WebhookVerifier(secrets: [secret]),
                database: database,
                stripe: StripeClient(
                    configuration: StripeConfiguration(
                        secretKey: "sk_test_gating",
                        apiBaseURL: URL(string: "http://127.0.0.1:1")!,
                        retryPolicy: RetryPolicy(maxRetries: 0)
                    )
                ),
                logger: TestDatabase.logger,
                now: { now }
            )
            if var subscription = state.subscription {
                let directory = CustomerDirectory(
                    database: database,
                    creator: FakeStripeCustomers(),
                    logger: TestDatabase.logger
                )
                subscription.customer = try await directory.ensureCustomer(account: account.id).rawValue
                let events = StripeEventFactory(secret: secret)
                let body = events.subscriptionEvent(id: "evt_gated", created: 1_780_000_000, subscription: subscription)
                let outcome = await billing.receiveWebhook(body: body, signature: events.signature(for: body, at: now))
                #expect(outcome.httpStatus == 200)
                #expect(try await billing.processor.drain() == 1)
            }

            let app = try await Application.make(.testing)
            app.logger.logLevel = .critical
            do {
                let gate = RequireBilling(requirement, billing: billing) { request in
                    request.headers.first(name: "X-Test-User") == nil ? nil : account
                }
                app.grouped(gate).get("pro") { request in
                    let info = request.billing
                    return "subscribed=\(info.isSubscribed) grace=\(info.onGracePeriod) "
                        + "problem=\(info.hasPaymentProblem) plan=\(info.plan?.lookupKey ?? "-")"
                }
                try await body(try app.testing())
                try await app.asyncShutdown()
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
        }
    }

    static let signedIn: HTTPHeaders = ["X-Test-User": "gated", "Accept": "text/html,application/xhtml+xml"]
    static let signedInAPI: HTTPHeaders = ["X-Test-User": "gated", "Accept": "application/json"]

    // MARK: Let through

    static let entitled: [State] = [
        State(name: "active", subscription: State.subscription { _ in }),
        State(
            name: "trialing",
            subscription: State.subscription {
                $0.status = "trialing"
                $0.trialEnd = 1_780_500_000
            }
        ),
        State(
            name: "canceling, until the period ends",
            subscription: State.subscription { $0.cancelAtPeriodEnd = true }
        ),
        State(name: "past due, lenient policy", subscription: State.subscription { $0.status = "past_due" }),
        State(
            name: "paused, lenient policy",
            subscription: State.subscription { $0.pauseBehavior = "void" },
            policy: AccessPolicy(pausedIsEntitled: true)
        ),
    ]

    @Test(arguments: entitled)
    func entitledAccountsReachTheRouteWithTheirAccessOnTheRequest(_ state: State) async throws {
        try await Self.withGatedApp(state) { app in
            let page = try await app.sendRequest(.GET, "/pro", headers: Self.signedIn)
            let api = try await app.sendRequest(.GET, "/pro", headers: Self.signedInAPI)

            #expect(page.status == .ok)
            #expect(api.status == .ok)
            #expect(page.body.string.hasPrefix("subscribed=true"))
            #expect(page.body.string.hasSuffix("plan=pro_monthly"))
            #expect(page.body.string.contains("grace=\(state.subscription?.cancelAtPeriodEnd == true)"))
        }
    }

    @Test func aPastDueAccountIsLetThroughWithItsPaymentProblemShown() async throws {
        let state = State(name: "past due", subscription: State.subscription { $0.status = "past_due" })
        try await Self.withGatedApp(state) { app in
            let page = try await app.sendRequest(.GET, "/pro", headers: Self.signedIn)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("problem=true"))
        }
    }

    // MARK: Refused

    static let refused: [(State, String)] = [
        (State(name: "free"), "subscription_required"),
        (
            State(
                name: "canceled",
                subscription: State.subscription {
                    $0.status = "canceled"
                    $0.canceledAt = 1_779_500_000
                    $0.endedAt = 1_779_500_000
                }
            ), "subscription_required"
        ),
        (
            State(
                name: "canceling, period over",
                subscription: State.subscription { $0.cancelAt = 1_779_900_000 }
            ), "subscription_required"
        ),
        (
            State(
                name: "past due, strict policy",
                subscription: State.subscription { $0.status = "past_due" },
                policy: AccessPolicy(pastDueIsEntitled: false)
            ), "payment_required"
        ),
        (State(name: "unpaid", subscription: State.subscription { $0.status = "unpaid" }), "payment_required"),
        (State(name: "paused", subscription: State.subscription { $0.pauseBehavior = "void" }), "subscription_paused"),
        (
            State(name: "paused status", subscription: State.subscription { $0.status = "paused" }),
            "subscription_paused"
        ),
    ]

    @Test(arguments: refused)
    func pagesAreSentToTheBillingPage(_ state: State, code: String) async throws {
        try await Self.withGatedApp(state) { app in
            let page = try await app.sendRequest(.GET, "/pro", headers: Self.signedIn)
            #expect(page.status == .seeOther)
            #expect(page.headers.first(name: .location) == "/settings/billing")
        }
    }

    @Test(arguments: refused)
    func apiClientsGet402WithTheDenial(_ state: State, code: String) async throws {
        try await Self.withGatedApp(state) { app in
            let api = try await app.sendRequest(.GET, "/pro", headers: Self.signedInAPI)
            #expect(api.status == .paymentRequired)
            #expect(api.headers.contentType == .json)
            let body = try JSONDecoder().decode(AccessDenial.JSONBody.self, from: Data(api.body.readableBytesView))
            #expect(body.error.code == code)
            #expect(body.error.billingURL == "https://app.example.test/settings/billing")
        }
    }

    @Test func aPlanRequirementRefusesTheWrongPlan() async throws {
        let state = State(name: "active pro", subscription: State.subscription { _ in })
        try await Self.withGatedApp(state, requirement: .plans(lookupKeys: ["team_monthly"])) { app in
            let page = try await app.sendRequest(.GET, "/pro", headers: Self.signedIn)
            let api = try await app.sendRequest(.GET, "/pro", headers: Self.signedInAPI)
            #expect(page.status == .seeOther)
            #expect(api.status == .paymentRequired)
            let body = try JSONDecoder().decode(AccessDenial.JSONBody.self, from: Data(api.body.readableBytesView))
            #expect(body.error.code == "plan_not_included")
        }
        try await Self.withGatedApp(state, requirement: .plans(lookupKeys: ["pro_monthly", "pro_yearly"])) { app in
            let page = try await app.sendRequest(.GET, "/pro", headers: Self.signedIn)
            #expect(page.status == .ok)
        }
        try await Self.withGatedApp(state, requirement: .products([ProductID("prod_team")])) { app in
            let api = try await app.sendRequest(.GET, "/pro", headers: Self.signedInAPI)
            #expect(api.status == .paymentRequired)
        }
    }

    @Test func anonymousVisitorsAreSentToLoginOrToldToSignIn() async throws {
        try await Self.withGatedApp(State(name: "anonymous")) { app in
            let page = try await app.sendRequest(.GET, "/pro", headers: ["Accept": "text/html"])
            let api = try await app.sendRequest(.GET, "/pro", headers: ["Accept": "application/json"])
            #expect(page.status == .seeOther)
            #expect(page.headers.first(name: .location) == "/login?next=%2Fpro")
            #expect(api.status == .unauthorized)
            #expect(api.body.string.contains("authentication_required"))
        }
    }
}
