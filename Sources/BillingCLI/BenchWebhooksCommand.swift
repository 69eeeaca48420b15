public import ArgumentParser
import BillingCore
import BillingDatabase
import Foundation
import Logging
import SQLKit
import ServiceLifecycle
import StripeAPI

/// `billing bench webhooks`: signed events through the webhook intake (verify → parse → durable insert), then the
/// event processor.
///
/// Reports intake events/s with concurrent deliveries, p50/p99 intake latency at a fixed arrival rate, and the
/// end-to-end projection lag (commit at intake → processed) measured in the database. No web layer is involved.
public struct BenchWebhooksCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "webhooks",
        abstract: "Webhook intake throughput, latency and projection lag on SQLite (and PostgreSQL)."
    )

    @Option(help: "Events for the throughput run.")
    var events = 20_000

    @Option(help: "Concurrent deliveries in the throughput run.")
    var concurrency = 64

    @Option(help: "Arrival rate (events/s) for the latency run.")
    var rate = 1_000

    @Option(help: "Seconds of the latency run.")
    var seconds = 5

    @Flag(inversion: .prefixedNo, help: "Run the event processor during the latency run.")
    var processor = true

    @Option(help: "Events per processor transaction (smaller batches hold the SQLite writer for less time).")
    var processorBatch = 8

    @Option(help: "SQLite durability: full (fsync per commit) or normal.")
    var synchronous = "full"

    @Option(name: .customLong("postgres-url"), help: "Also run on this PostgreSQL database (tables are created).")
    var postgresURL: String?

    public init() {}

    public func run() async throws {
        var logger = Logger(label: "billing.bench")
        logger.logLevel = .error
        guard let mode = SQLiteBillingDatabase.Synchronous(rawValue: synchronous) else {
            throw ValidationError("--synchronous takes full or normal")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "billing-bench-\(UUID().uuidString)"
        )
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("bench.sqlite").path
        var targets = [
            (
                "SQLite (file, WAL, synchronous=\(mode.rawValue))",
                DatabaseConfiguration(backend: .sqlite(.file(path)), sqliteSynchronous: mode)
            )
        ]
        if let postgresURL { targets.append(("PostgreSQL", try DatabaseConfiguration(url: postgresURL))) }
        print("cores: \(ProcessInfo.processInfo.activeProcessorCount)")
        for (name, configuration) in targets {
            print("== \(name)")
            try await DatabaseConnector.withDatabase(configuration, logger: logger) { database in
                try await Migrator().migrate(database, logger: logger)
                try await Self.clear(database)
                try await throughput(database, logger: logger)
                try await Self.clear(database)
                try await latencyAndLag(database, logger: logger)
                try await Self.clear(database)
            }
        }
    }

    private static func clear(_ database: any BillingDatabase) async throws {
        try await database.transaction { sql in
            for table in [
                "stripe_events", "billing_subscriptions", "billing_invoices", "billing_payment_methods",
                "billing_stripe_customers", "outbox_messages",
            ] {
                try await sql.raw("DELETE FROM \(ident: table)").run()
            }
        }
    }

    private static let secret = "whsec_bench_secret"

    private func makeIntake(_ database: any BillingDatabase, logger: Logger) throws -> WebhookIntake {
        WebhookIntake(
            verifier: try WebhookVerifier(secrets: [Self.secret]),
            expectedLivemode: false,
            eventLog: EventLog(database: database),
            logger: logger
        )
    }

    private func throughput(_ database: any BillingDatabase, logger: Logger) async throws {
        let intake = try makeIntake(database, logger: logger)
        let deliveries = Self.deliveries(count: events, prefix: "tp")
        let clock = ContinuousClock()
        let concurrency = concurrency
        let start = clock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var local: [Double] = []
                    for index in stride(from: worker, to: deliveries.count, by: concurrency) {
                        let (body, header) = deliveries[index]
                        let began = clock.now
                        let outcome = await intake.receive(body: body, signature: header, now: Date())
                        guard outcome.isAcknowledged else { throw ValidationError("intake answered \(outcome)") }
                        local.append(Self.milliseconds(clock.now - began))
                    }
                    return local
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let elapsed = Self.milliseconds(clock.now - start) / 1000
        print(
            String(
                format: "intake throughput: %d events, %d concurrent: %.0f events/s (p50 %.2f ms, p99 %.2f ms)",
                deliveries.count,
                concurrency,
                Double(deliveries.count) / elapsed,
                Self.percentile(latencies, 0.50),
                Self.percentile(latencies, 0.99)
            )
        )
    }

    private func latencyAndLag(_ database: any BillingDatabase, logger: Logger) async throws {
        let intake = try makeIntake(database, logger: logger)
        let count = rate * seconds
        let deliveries = Self.deliveries(count: count, prefix: "lt")
        let processor = EventProcessor(
            database: database,
            configuration: EventProcessorConfiguration(
                batchSize: processorBatch,
                pollInterval: .milliseconds(5),
                refetchPolicy: .never
            ),
            fetcher: NoFetcher(),
            logger: logger
        )
        let clock = ContinuousClock()
        let runProcessor = self.processor
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            if runProcessor {
                group.addTask {
                    try await processor.run()
                    return []
                }
            }
            let arrivals = try await withThrowingTaskGroup(of: Double.self) { arrivals in
                let start = clock.now
                for (index, (body, header)) in deliveries.enumerated() {
                    let due = start + .microseconds(Int64(index) * 1_000_000 / Int64(rate))
                    try await clock.sleep(until: due)
                    arrivals.addTask {
                        // Measured from the call, so the driver's own timer slack is not counted as intake latency.
                        let began = clock.now
                        let outcome = await intake.receive(body: body, signature: header, now: Date())
                        guard outcome.isAcknowledged else { throw ValidationError("intake answered \(outcome)") }
                        return Self.milliseconds(clock.now - began)
                    }
                }
                return try await arrivals.reduce(into: []) { $0.append($1) }
            }
            let events = EventLog(database: database)
            while runProcessor, try await events.counts().pending > 0 { try await Task.sleep(for: .milliseconds(20)) }
            group.cancelAll()
            return arrivals
        }
        print(
            String(
                format: "intake latency at %d events/s for %d s (processor %@): p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                rate,
                seconds,
                runProcessor ? "running" : "off",
                Self.percentile(latencies, 0.50),
                Self.percentile(latencies, 0.99),
                latencies.max() ?? 0
            )
        )
        guard runProcessor else { return }
        let lags = try await database.read { sql in
            try await sql.raw("SELECT processed_at - received_at AS lag FROM stripe_events").all().map {
                Double(try $0.decode(column: "lag", as: Int64.self))
            }
        }
        print(
            String(
                format: "projection lag (intake commit → processed): p50 %.0f ms, p99 %.0f ms (poll interval 5 ms)",
                Self.percentile(lags, 0.50),
                Self.percentile(lags, 0.99)
            )
        )
    }

    /// Realistic signed `customer.subscription.updated` deliveries over 500 subscriptions.
    private static func deliveries(count: Int, prefix: String) -> [(Data, String)] {
        let signer = WebhookSigner(secret: secret)
        let now = Date()
        return (0..<count).map { index in
            let body = Data(
                event(id: "evt_\(prefix)_\(index)", subscription: "sub_\(index % 500)", created: 1_790_000_000 + index)
                    .utf8
            )
            return (body, signer.header(for: body, at: now))
        }
    }

    private static func event(id: String, subscription: String, created: Int) -> String {
        """
        {"id":"\(id)","object":"event","api_version":"2026-10-28.endive","created":\(created),\
        "type":"customer.subscription.updated","livemode":false,"pending_webhooks":1,\
        "request":{"id":"req_bench","idempotency_key":"idem-\(id)"},"data":{"object":{"id":"\(subscription)",\
        "object":"subscription","customer":"cus_\(subscription.dropFirst(4))","status":"active","livemode":false,\
        "created":1780000000,"start_date":1780000000,"currency":"usd","collection_method":"charge_automatically",\
        "billing_cycle_anchor":1780000000,"cancel_at_period_end":\(created % 7 == 0),"cancel_at":null,\
        "canceled_at":null,"ended_at":null,"trial_start":null,"trial_end":null,"pause_collection":null,\
        "cancellation_details":{"comment":null,"feedback":null,"reason":null},"default_payment_method":"pm_1",\
        "latest_invoice":"in_\(created)","metadata":{},"items":{"object":"list","has_more":false,\
        "url":"/v1/subscription_items?subscription=\(subscription)","data":[{"id":"si_\(subscription.dropFirst(4))",\
        "object":"subscription_item","quantity":1,"created":1780000000,"current_period_start":1789000000,\
        "current_period_end":1791592000,"subscription":"\(subscription)","price":{"id":"price_pro_monthly",\
        "object":"price","product":"prod_pro","lookup_key":"pro_monthly","currency":"usd","unit_amount":1900,\
        "type":"recurring","recurring":{"interval":"month","interval_count":1}}}]}},\
        "previous_attributes":{"cancel_at_period_end":false}}}
        """
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    private static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.down)))]
    }
}

/// The benchmark never re-fetches (its policy is `never`); any call is a bug.
private struct NoFetcher: StripeObjectFetcher {
    func currentSnapshot(of object: ObjectReference) async throws -> ObjectSnapshot? {
        throw ValidationError("unexpected re-fetch of \(object)")
    }
}
