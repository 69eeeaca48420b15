import AsyncHTTPClient
import BillingCore
import BillingDatabase
import BillingHummingbird
import BillingTestSupport
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InMemoryTracing
import Instrumentation
import Metrics
import NIOCore
import NIOHTTP1
import NIOPosix
import Prometheus
import SQLKit
import SampleApp
import StripeAPI
import Testing
import Tracing

/// Metrics on `/metrics`, the health probes and the traces of a delivery, against the real sample app.
@Suite struct ObservabilityTests {
    /// One in-memory tracer for the whole test process: `InstrumentationSystem.bootstrap` may run once. Tests find
    /// their own spans by their unique event ids.
    static let tracer: InMemoryTracer = {
        let tracer = InMemoryTracer()
        InstrumentationSystem.bootstrap(tracer)
        return tracer
    }()

    static func event(id: String) -> String {
        WebhookEndpointTests.event.replacingOccurrences(of: "evt_test_1", with: id)
    }

    static func signed(_ body: String) -> String {
        WebhookSigner(secret: ProductHarness.webhookSecret).header(for: Data(body.utf8), at: Date())
    }

    static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }

    static func scrape(port: Int) async throws -> (status: Int, body: String) {
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: "http://127.0.0.1:\(port)/metrics"),
            timeout: .seconds(5)
        )
        let body = try await response.body.collect(upTo: 4 << 20)
        return (Int(response.status.code), String(buffer: body))
    }

    /// The value of the sample `name{labels}` in Prometheus text (labels in any order), 0 when absent.
    static func value(_ text: String, _ name: String, _ labels: [String: String] = [:]) -> Double {
        var total = 0.0
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let number = Double(parts[1]) else { continue }
            let series = parts[0]
            let metric = series.split(separator: "{", maxSplits: 1)
            guard metric[0] == name else { continue }
            let rendered = metric.count > 1 ? String(metric[1].dropLast()) : ""
            let pairs = Set(rendered.split(separator: ",").map(String.init))
            if labels.allSatisfy({ pairs.contains("\($0.key)=\"\($0.value)\"") }) { total += number }
        }
        return total
    }

    @Test func metricsEndpointCountsDeliveriesProcessingPortalSessionsAndStripeCalls() async throws {
        // A registry of this test's own (task-local factory), so parallel tests cannot move its counters.
        let registry = PrometheusCollectorRegistry()
        try await withMetricsFactory(MetricsExport.factory(registry: registry)) {
            let port = try await Self.freePort()
            try await EmulatorHarness.withEmulator { running in
                try await ProductHarness.withApp(
                    stripe: .emulator(running),
                    extra: ["metrics.port": .init(.int(port), isSecret: false)]
                ) { browser, _ in
                    let before = try await Self.scrape(port: port)
                    #expect(before.status == 200)

                    let id = "evt_metrics_\(UUID().uuidString.prefix(8))"
                    let body = Self.event(id: id)
                    let delivered = try await WebhookEndpointTests.deliver(
                        browser,
                        body: body,
                        signature: Self.signed(body)
                    )
                    #expect(delivered.status == .ok)
                    let rejected = try await WebhookEndpointTests.deliver(browser, body: body, signature: "t=1,v1=00")
                    #expect(rejected.status == .badRequest)
                    let page = try await browser.signUp(email: "metrics@example.test")
                    let portal = try await browser.post("/billing/portal", form: [("csrf_token", page.csrfToken ?? "")])
                    #expect(portal.status == .seeOther)

                    var after = try await Self.scrape(port: port).body
                    for _ in 0..<600 where Self.value(after, "billing_events_processed_total") < 1 {
                        try await Task.sleep(for: .milliseconds(50))
                        after = try await Self.scrape(port: port).body
                    }
                    #expect(Self.value(after, "billing_webhook_deliveries_total", ["outcome": "accepted"]) == 1)
                    #expect(Self.value(after, "billing_webhook_deliveries_total", ["outcome": "bad_signature"]) == 1)
                    #expect(Self.value(after, "billing_webhook_intake_duration_seconds_count") == 2)
                    #expect(Self.value(after, "billing_events_processed_total") >= 1)
                    #expect(Self.value(after, "billing_event_processing_lag_seconds_count") >= 1)
                    #expect(Self.value(after, "billing_portal_sessions_total", ["flow": "home"]) == 1)
                    #expect(
                        Self.value(
                            after,
                            "billing_stripe_requests_total",
                            ["resource": "billing_portal.sessions", "method": "POST", "status": "200"]
                        ) == 1
                    )
                    #expect(Self.value(after, "http_server_requests_total", ["http_route": "/webhooks/stripe"]) == 2)
                    #expect(!after.contains("evt_"), "no event id in any label")
                    #expect(Self.value(before.body, "billing_portal_sessions_total") == 0)
                }
            }
        }
    }

    /// An operator's view: scrape `/metrics` over HTTP on the metrics listener before and after a webhook delivery,
    /// its processing, a portal session and a win-back mail sent, and see each counter move.
    @Test func scrapeShowsDeliveryProcessingPortalSessionAndSentMail() async throws {
        let registry = PrometheusCollectorRegistry()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scrape-mail-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withMetricsFactory(MetricsExport.factory(registry: registry)) {
            let port = try await Self.freePort()
            try await EmulatorHarness.withEmulator { running in
                try await ProductHarness.withApp(
                    stripe: .emulator(running),
                    extra: [
                        "metrics.port": .init(.int(port), isSecret: false),
                        "mail.folder": .init(.string(folder.path), isSecret: false),
                    ]
                ) { browser, databasePath in
                    let counters: [(String, [String: String])] = [
                        ("billing_webhook_deliveries_total", ["outcome": "accepted"]),
                        ("billing_events_processed_total", [:]),
                        ("billing_portal_sessions_total", ["flow": "home"]),
                        ("billing_outbox_messages_total", ["sender": "mail", "outcome": "sent"]),
                    ]
                    let before = try await Self.scrape(port: port)
                    #expect(before.status == 200)

                    // A portal session maps the account to a Stripe customer.
                    let page = try await browser.signUp(email: "scrape@example.test")
                    let portal = try await browser.post("/billing/portal", form: [("csrf_token", page.csrfToken ?? "")])
                    #expect(portal.status == .seeOther)
                    let customer = try await DatabaseConnector.withDatabase(
                        DatabaseConfiguration(backend: .sqlite(.file(databasePath))),
                        logger: TestDatabase.logger
                    ) { database in
                        try await database.read { sql in
                            try await sql.raw("SELECT stripe_customer_id FROM billing_customers").first()?
                                .decode(column: "stripe_customer_id", as: String.self)
                        }
                    }
                    let customerID = try #require(customer)

                    // The customer's address, then its subscription ended a minute ago: the win-back mails that are
                    // due at once go out.
                    let factory = StripeEventFactory(secret: ProductHarness.webhookSecret)
                    let now = Int(Date().timeIntervalSince1970)
                    var subscription = SubscriptionFixture(id: "sub_scrape_1", customer: customerID)
                    subscription.status = "canceled"
                    subscription.canceledAt = now - 60
                    subscription.endedAt = now - 60
                    subscription.currentPeriodStart = now - 86_400
                    subscription.currentPeriodEnd = now + 29 * 86_400
                    subscription.created = now - 86_400
                    let bodies = [
                        factory.body(
                            id: "evt_scrape_customer",
                            type: "customer.updated",
                            created: now - 5,
                            object: .object([
                                "id": .string(customerID), "object": .string("customer"),
                                "email": .string("scrape@example.test"), "livemode": .bool(false),
                                "metadata": .object([:]),
                            ])
                        ),
                        factory.subscriptionEvent(
                            id: "evt_scrape_deleted",
                            type: "customer.subscription.deleted",
                            created: now - 1,
                            subscription: subscription
                        ),
                    ]
                    for body in bodies {
                        let text = String(decoding: body, as: UTF8.self)
                        let delivered = try await WebhookEndpointTests.deliver(
                            browser,
                            body: text,
                            signature: factory.signature(for: body, at: Date())
                        )
                        #expect(delivered.status == .ok)
                    }

                    // The mailer polls every 5 s.
                    var after = try await Self.scrape(port: port).body
                    let deadline = ContinuousClock.now + .seconds(20)
                    while ContinuousClock.now < deadline,
                        counters.contains(where: {
                            Self.value(after, $0.0, $0.1) <= Self.value(before.body, $0.0, $0.1)
                        })
                    {
                        try await Task.sleep(for: .milliseconds(100))
                        after = try await Self.scrape(port: port).body
                    }
                    for (name, labels) in counters {
                        let moved = Self.value(after, name, labels) - Self.value(before.body, name, labels)
                        #expect(moved >= 1, "\(name)\(labels) moved by \(moved)")
                    }
                    #expect(Self.value(after, "billing_webhook_deliveries_total", ["outcome": "accepted"]) == 2)
                    #expect(Self.value(after, "billing_events_processed_total") == 2)
                    #expect(Self.value(after, "billing_portal_sessions_total", ["flow": "home"]) == 1)
                    let sent = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                        .filter { $0.hasSuffix(".eml") }
                    #expect(
                        Double(sent.count)
                            == Self.value(
                                after,
                                "billing_outbox_messages_total",
                                ["sender": "mail", "outcome": "sent"]
                            ),
                        "the counter counts the mails in the folder"
                    )
                }
            }
        }
    }

    @Test func metricsAreNotServedWithoutAMetricsPort() async throws {
        try await ProductHarness.withApp(stripe: .unreachable) { browser, _ in
            let page = try await browser.get("/metrics")
            #expect(page.status == .notFound)
        }
    }

    @Test func liveAndReadyProbesAnswerOnTheApp() async throws {
        try await ProductHarness.withApp(stripe: .unreachable) { browser, _ in
            #expect(try await browser.get("/health").status == .ok)
            #expect(try await browser.get("/health/live").status == .ok)
            var ready = try await browser.get("/health/ready")
            // The event processor starts with the app's services; give it a moment to beat.
            for _ in 0..<1_500 where ready.status != .ok {
                try await Task.sleep(for: .milliseconds(20))
                ready = try await browser.get("/health/ready")
            }
            #expect(ready.status == .ok)
            for name in ["database", "migrations", "processor", "lag"] {
                #expect(ready.body.contains(#"{"name":"\#(name)","ready":true}"#), "\(name) in \(ready.body)")
            }
        }
    }

    /// Billing on `database` with its event processor running, and the probes mounted on a bare router.
    static func withProbes(
        _ database: any BillingDatabase,
        _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let billing = Billing(
            configuration: BillingConfiguration(publicURL: URL(string: "https://notes.example.test/")!),
            webhookVerifier: try WebhookVerifier(secrets: ["whsec_probe"]),
            database: database,
            stripe: StripeClient(
                configuration: StripeConfiguration(
                    secretKey: "sk_test_probe",
                    apiBaseURL: URL(string: "http://127.0.0.1:1")!
                )
            ),
            logger: TestDatabase.logger
        )
        let router = Router()
        // A generous budget: these probes check what readiness answers, not how fast, and the whole suite runs in
        // parallel on small CI machines.
        billing.addHealthRoutes(to: router, timeout: .seconds(30))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await billing.processor.run() }
            for _ in 0..<6_000 where !billing.processor.heartbeat.current.isRunning {
                try await Task.sleep(for: .milliseconds(5))
            }
            do {
                try await Application(router: router).test(.router) { client in try await body(client) }
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
    }

    @Test func readinessTurns503WhileTheDatabaseIsGoneAnd200OnAWorkingOne() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ready-\(UUID().uuidString).sqlite")
            .path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let configuration = DatabaseConfiguration(backend: .sqlite(.file(path)))
        let opened = try await DatabaseConnector.open(configuration, logger: TestDatabase.logger)
        _ = try await Migrator().migrate(opened.database, logger: TestDatabase.logger)
        try await Self.withProbes(opened.database) { client in
            try await client.execute(uri: "/health/ready", method: .get) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
            }
            try await opened.close()
            try await client.execute(uri: "/health/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let text = String(buffer: response.body)
                #expect(text.contains(#""name":"database""#))
                #expect(text.contains(#""ready":false"#))
                #expect(!text.contains(path), "no file path or URL in the body")
            }
            try await client.execute(uri: "/health/live", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
        // The database back: a new connection to the same file answers again.
        try await DatabaseConnector.withDatabase(configuration, logger: TestDatabase.logger) { database in
            try await Self.withProbes(database) { client in
                try await client.execute(uri: "/health/ready", method: .get) { response in
                    #expect(response.status == .ok, "\(String(buffer: response.body))")
                }
            }
        }
    }

    @Test func aDeliveryAndItsProcessingAreTracedAndTiedByEventID() async throws {
        let tracer = Self.tracer
        let id = "evt_trace_\(UUID().uuidString.prefix(8))"
        try await ProductHarness.withApp(stripe: .unreachable) { browser, _ in
            let body = Self.event(id: id)
            let delivered = try await WebhookEndpointTests.deliver(browser, body: body, signature: Self.signed(body))
            #expect(delivered.status == .ok)
            for _ in 0..<100 {
                let done = tracer.finishedSpans.contains {
                    $0.operationName == "billing.event.process"
                        && $0.attributes["stripe.event_id"]?.toSpanAttribute()
                            == .string(id)
                }
                if done { break }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        let spans = tracer.finishedSpans
        func hasID(_ span: FinishedInMemorySpan) -> Bool {
            span.attributes["stripe.event_id"]?.toSpanAttribute() == .string(id)
        }
        let receive = try #require(spans.first { $0.operationName == "billing.webhook.receive" && hasID($0) })
        #expect(receive.attributes["stripe.event_type"]?.toSpanAttribute() == .string("customer.created"))
        let children = spans.filter { $0.parentSpanID == receive.spanID }
        #expect(Set(children.map(\.operationName)) == ["billing.webhook.verify", "billing.webhook.store"])
        #expect(children.allSatisfy { $0.traceID == receive.traceID })
        let request = try #require(spans.first { $0.spanID == receive.parentSpanID }, "the HTTP request's span")
        #expect(request.kind == .server)
        let process = try #require(spans.first { $0.operationName == "billing.event.process" && hasID($0) })
        #expect(process.attributes["billing.event.outcome"]?.toSpanAttribute() == .string("processed"))
        // Processing runs later in a service, so it starts its own trace; the event id ties it to the delivery.
        #expect(process.traceID != receive.traceID)
    }
}
