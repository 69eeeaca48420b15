import BillingCore
import BillingHummingbird
import BillingTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import StripeAPI
import Testing

/// A host's context for gated routes; the signed-in account comes from a test header.
struct GatedContext: BillingAccessRequestContext {
    var coreContext: CoreRequestContextStorage
    var billingAccount: BillingAccount?
    var csrfToken: String?
    var billingAccess: BillingAccess?
    init(source: Source) { coreContext = .init(source: source) }
}

/// Stands in for the host's session middleware.
struct HeaderSession: RouterMiddleware {
    func handle(
        _ request: Request,
        context: GatedContext,
        next: (Request, GatedContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        if let id = request.headers[HTTPField.Name("X-Account")!] {
            context.billingAccount = BillingAccount(id: AccountID(id), email: "\(id)@example.test", name: id)
        }
        return try await next(request, context)
    }
}

/// `RequireBilling` on a small host router, over a real (SQLite) projection filled through the webhook intake.
@Suite struct AccessGatingTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_100)
    static let secret = "whsec_gating_tests"
    static let account = "acct_gate"
    static let html: HTTPFields = [
        HTTPField.Name("X-Account")!: account, .accept: "text/html,application/xhtml+xml,application/json;q=0.9",
    ]
    static let api: HTTPFields = [HTTPField.Name("X-Account")!: account, .accept: "application/json"]

    /// A subscription state and what the gate should answer for it.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// The account's subscription (its `customer` is filled in); nil for a free account.
        var subscription: SubscriptionFixture?
        var eventType = "customer.subscription.created"
        var policy = AccessPolicy()
        /// The refusal's code; nil when the request goes through.
        var denial: String?
        var testDescription: String { name }
    }

    static func subscription(_ configure: (inout SubscriptionFixture) -> Void = { _ in }) -> SubscriptionFixture {
        var fixture = SubscriptionFixture(id: "sub_gate", customer: "")
        configure(&fixture)
        return fixture
    }

    static let cases: [Case] = [
        Case(name: "free", subscription: nil, denial: "subscription_required"),
        Case(name: "active", subscription: subscription(), denial: nil),
        Case(name: "canceling", subscription: subscription { $0.cancelAtPeriodEnd = true }, denial: nil),
        Case(name: "past due", subscription: subscription { $0.status = "past_due" }, denial: nil),
        Case(
            name: "past due, strict policy",
            subscription: subscription { $0.status = "past_due" },
            policy: AccessPolicy(pastDueIsEntitled: false),
            denial: "payment_required"
        ),
        Case(
            name: "canceled",
            subscription: subscription {
                $0.status = "canceled"
                $0.canceledAt = 1_779_500_000
                $0.endedAt = 1_779_500_000
            },
            eventType: "customer.subscription.deleted",
            denial: "subscription_required"
        ),
        Case(name: "paused", subscription: subscription { $0.status = "paused" }, denial: "subscription_paused"),
        Case(
            name: "collection paused",
            subscription: subscription { $0.pauseBehavior = "void" },
            denial: "subscription_paused"
        ),
    ]

    /// Runs `body` against a router with `/export` behind `RequireBilling(requirement)` and `/open` without it, for
    /// an account subscribed as `state` says.
    static func withGate(
        _ state: Case = Case(name: "free", subscription: nil),
        requirement: BillingRequirement = .subscribed,
        migrate: Bool = true,
        _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        try await TestDatabase.with(.sqlite, migrate: migrate) { database in
            let billing = Billing(
                configuration: BillingConfiguration(
                    publicURL: URL(string: "https://notes.example.test/")!,
                    access: state.policy
                ),
                webhookVerifier: try WebhookVerifier(secrets: [secret]),
                database: database,
                // Nothing listens on port 1: the gate must answer from the projection alone.
                stripe: StripeClient(
                    configuration: StripeConfiguration(
                        secretKey: "sk_test_gating",
                        apiBaseURL: URL(string: "http://127.0.0.1:1")!
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
                subscription.customer = try await directory.ensureCustomer(account: AccountID(account)).rawValue
                let events = StripeEventFactory(secret: secret)
                let event = events.subscriptionEvent(
                    id: "evt_gate",
                    type: state.eventType,
                    created: Int(now.timeIntervalSince1970) - 10,
                    subscription: subscription
                )
                let outcome = await billing.receiveWebhook(
                    body: event,
                    signature: events.signature(for: event, at: now)
                )
                #expect(outcome == .accepted("evt_gate"))
                #expect(try await billing.processor.drain() == 1)
            }

            let router = Router(context: GatedContext.self)
            let show: @Sendable (Request, GatedContext) async throws -> String = { _, context in
                let access = context.billing
                return [
                    "subscribed=\(access.isSubscribed)",
                    "pro=\(access.isSubscribed(to: .plans(lookupKeys: ["pro_monthly"])))",
                    "grace=\(access.onGracePeriod)",
                    "problem=\(access.hasPaymentProblem)",
                    "plan=\(access.plan?.lookupKey ?? "-")",
                ].joined(separator: " ")
            }
            let pages = router.group().add(middleware: HeaderSession())
            pages.get("/open", use: show)
            pages.group("/export").add(middleware: RequireBilling(requirement, billing: billing)).get(use: show)
            var quiet = Logger(label: "gating-tests")
            quiet.logLevel = .critical
            try await Application(router: router, logger: quiet).test(.router) { client in try await body(client) }
        }
    }

    // MARK: Subscription states

    @Test(arguments: cases)
    func pageRequestsAreSentToTheBillingPageUnlessEntitled(_ state: Case) async throws {
        try await Self.withGate(state) { client in
            let response = try await client.execute(uri: "/export", method: .get, headers: Self.html)
            if state.denial == nil {
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).hasPrefix("subscribed=true pro=true"))
            } else {
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/settings/billing")
                #expect(response.headers[.cacheControl] == "no-store")
            }
        }
    }

    @Test(arguments: cases)
    func apiRequestsGet402WithTheDenialCodeUnlessEntitled(_ state: Case) async throws {
        try await Self.withGate(state) { client in
            let response = try await client.execute(uri: "/export", method: .get, headers: Self.api)
            guard let code = state.denial else {
                #expect(response.status == .ok)
                return
            }
            #expect(response.status.code == 402)
            #expect(response.headers[.contentType] == "application/json")
            let body = try JSONDecoder().decode(
                AccessDenial.JSONBody.self,
                from: Data(String(buffer: response.body).utf8)
            )
            #expect(body.error.code == code)
            #expect(body.error.billingURL == "https://notes.example.test/settings/billing")
            #expect(!body.error.message.isEmpty)
        }
    }

    @Test func handlersBehindTheGateReadTheAccountsBilling() async throws {
        let canceling = Self.cases.first { $0.name == "canceling" }!
        try await Self.withGate(canceling) { client in
            let gated = try await client.execute(uri: "/export", method: .get, headers: Self.api)
            #expect(String(buffer: gated.body) == "subscribed=true pro=true grace=true problem=false plan=pro_monthly")
        }
        let pastDue = Self.cases.first { $0.name == "past due" }!
        try await Self.withGate(pastDue) { client in
            let gated = try await client.execute(uri: "/export", method: .get, headers: Self.api)
            #expect(String(buffer: gated.body) == "subscribed=true pro=true grace=false problem=true plan=pro_monthly")
        }
    }

    @Test func routesWithoutTheGateReadAsNotSubscribed() async throws {
        try await Self.withGate(Self.cases.first { $0.name == "active" }!) { client in
            let open = try await client.execute(uri: "/open", method: .get, headers: Self.api)
            #expect(open.status == .ok)
            #expect(String(buffer: open.body) == "subscribed=false pro=false grace=false problem=false plan=-")
        }
    }

    // MARK: Anonymous visitors

    @Test func anonymousPageRequestsGoToLoginAndComeBack() async throws {
        try await Self.withGate { client in
            let response = try await client.execute(
                uri: "/export?format=csv",
                method: .get,
                headers: [.accept: "text/html"]
            )
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/login?next=%2Fexport%3Fformat%3Dcsv")
        }
    }

    @Test func anonymousAPIRequestsGet401() async throws {
        try await Self.withGate { client in
            let response = try await client.execute(
                uri: "/export",
                method: .get,
                headers: [.accept: "application/json"]
            )
            #expect(response.status == .unauthorized)
            #expect(response.headers[.contentType] == "application/json")
            #expect(String(buffer: response.body).contains(#""code":"authentication_required""#))
        }
    }

    // MARK: Plans

    @Test func aPlanRequirementRefusesOtherPlans() async throws {
        let active = Self.cases.first { $0.name == "active" }!
        try await Self.withGate(active, requirement: .plans(lookupKeys: ["team_monthly", "team_yearly"])) { client in
            let api = try await client.execute(uri: "/export", method: .get, headers: Self.api)
            #expect(api.status.code == 402)
            #expect(String(buffer: api.body).contains(#""code":"plan_not_included""#))
            let page = try await client.execute(uri: "/export", method: .get, headers: Self.html)
            #expect(page.status == .seeOther)
            #expect(page.headers[.location] == "/settings/billing")
        }
    }

    @Test(arguments: [
        BillingRequirement.plans(lookupKeys: ["pro_monthly", "pro_yearly"]),
        .products([ProductID("prod_pro")]),
        .prices([PriceID("price_pro_monthly")]),
    ])
    func aPlanRequirementAdmitsItsPlans(_ requirement: BillingRequirement) async throws {
        let active = Self.cases.first { $0.name == "active" }!
        try await Self.withGate(active, requirement: requirement) { client in
            let api = try await client.execute(uri: "/export", method: .get, headers: Self.api)
            #expect(api.status == .ok)
            #expect(String(buffer: api.body).hasSuffix("plan=pro_monthly"))
        }
    }

    // MARK: Database down

    @Test func anUnreadableProjectionAnswers503WithoutDetails() async throws {
        // An unmigrated database: every projection query fails.
        try await Self.withGate(migrate: false) { client in
            let api = try await client.execute(uri: "/export", method: .get, headers: Self.api)
            #expect(api.status == .serviceUnavailable)
            #expect(api.headers[.contentType] == "application/json")
            let json = String(buffer: api.body)
            #expect(json.contains(#""code":"billing_unavailable""#))
            let page = try await client.execute(uri: "/export", method: .get, headers: Self.html)
            #expect(page.status == .serviceUnavailable)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            let html = String(buffer: page.body)
            #expect(html.contains("Temporarily unavailable"))
            for leak in ["billing_subscriptions", "table", "SQL", "sqlite"] {
                #expect(!json.contains(leak), "JSON leaks \(leak)")
                #expect(!html.contains(leak), "page leaks \(leak)")
            }
        }
    }

    // MARK: Content negotiation

    @Test(
        arguments: [
            ("application/json", true),
            ("text/html,application/json", false),
            ("application/json, text/html", true),
            ("application/vnd.api+json", true),
            ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", false),
            ("*/*", false),
            (nil, false),
        ] as [(String?, Bool)]
    )
    func prefersJSON(accept: String?, expected: Bool) {
        #expect(Billing.prefersJSON(accept: accept) == expected)
    }
}

/// The sample app's paid feature, version history, behind `RequireBilling`.
@Suite struct SampleAppGatingTests {
    @Test func versionHistoryIsForSubscribersOnly() async throws {
        try await ProductHarness.withEmulatorApp { browser, running, _ in
            let anonymous = try await browser.get("/history")
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.location == "/login?next=%2Fhistory")

            _ = try await browser.signUp(email: "history-free@example.test")
            let free = try await browser.get("/history")
            #expect(free.status == .seeOther)
            #expect(free.location == "/settings/billing")
            let api = try await browser.get("/history", headers: [.accept: "application/json"])
            #expect(api.status.code == 402)
            #expect(api.body.contains(#""code":"subscription_required""#))
            #expect(!(try await browser.get("/dashboard")).body.contains("href=\"/history\""))
            await browser.forgetCookies()

            _ = try await BillingPageTests.subscribe(browser, running, email: "history-pro@example.test")
            #expect(try await browser.get("/dashboard").body.contains("href=\"/history\""))
            let page = try await browser.get("/history")
            #expect(page.status == .ok)
            #expect(page.body.contains("Version history"))
            #expect(page.body.contains("Included in your Pro plan."))
        }
    }
}
