public import ArgumentParser
import BillingBench
import BillingCore
import BillingDatabase
import Configuration
import Foundation
import Logging
import SQLKit
import ServiceLifecycle
import StripeAPI

/// `billing bench webhooks`: signed events through the real HTTP webhook route of the sample application, with its
/// event processor, mailer and database service running.
///
/// Each phase starts the application (`buildApplication`) on a fresh database. The throughput phase sends
/// distinct signed events as fast as `--concurrency` keep-alive connections allow; with `wrk` installed it is the
/// load generator (a separate C process, so the client's own cost does not cap the figure), otherwise the in-process
/// Swift client. The latency phase sends about `--rate` events per second and reports p50/p99: with `wrk` installed
/// from paced connections in wrk's process, otherwise (or with `--latency-load swift`) on a fixed open-loop
/// schedule from the in-process client; then, once the processor has caught up, it reports the end-to-end
/// projection lag (intake commit → processed) measured in the database. `--direct` calls the intake function instead of HTTP, to separate the web layer's
/// cost from the store's.
///
/// `--peer-url` replaces both phases with a comparison against another webhook endpoint that verifies the same
/// signatures (`scripts/peer/` is Stripe's documented Flask handler): both routes get the same wrk loads at each
/// `--peer-connections` count, alternating over `--rounds`, and the report gives each side's events/s and p50/p99,
/// the ratio and its spread over the rounds.
public struct BenchWebhooksCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "webhooks",
        abstract: "Webhook intake throughput, latency and projection lag over HTTP on SQLite (and PostgreSQL)."
    )

    /// Who generates the throughput phase's load.
    enum Load: String, ExpressibleByArgument, CaseIterable {
        /// `wrk` when it is on the PATH, else `swift`.
        case auto
        /// `wrk` with a Lua script that replays pre-signed deliveries.
        case wrk
        /// AsyncHTTPClient in this process.
        case swift
    }

    @Option(help: "Distinct signed events prepared for the throughput phase (for each run with --peer-url).")
    var events = 60_000

    @Option(help: "Seconds of the throughput phase with wrk (the Swift client sends all events once).")
    var throughputSeconds = 3

    @Option(help: "Concurrent deliveries (keep-alive connections) in the throughput phase.")
    var concurrency = 64

    @Option(help: "Throughput load generator: auto, wrk or swift.")
    var load = Load.auto

    @Option(help: "Arrival rate (events/s) for the latency phase.")
    var rate = 1_000

    @Option(help: "Seconds of the latency phase.")
    var seconds = 10

    @Option(
        help: """
            Latency load generator: auto (wrk when on the PATH, else swift), wrk (paced connections in their own \
            process, as a sender outside the server) or swift (open loop in this process, sharing its threads).
            """
    )
    var latencyLoad = Load.auto

    @Option(
        help: "Events stored up front and then applied by the processor alone, with nothing else running (0 skips)."
    )
    var processingEvents = 20_000

    @Flag(help: "Call the intake function (with the processor and database service beside it) instead of HTTP.")
    var direct = false

    @Option(help: "SQLite durability (database.sqliteSynchronous): full (fsync per commit) or normal.")
    var synchronous = "full"

    @Option(help: "Processor batch size (billing.events.batchSize); the application's default when omitted.")
    var processorBatch: Int?

    @Option(help: "Processor poll interval in ms (billing.events.pollIntervalMilliseconds); default when omitted.")
    var pollInterval: Int?

    @Option(help: "Processor writer slice in µs (billing.events.writerSliceMicroseconds); default when omitted.")
    var writerSlice: Int?

    @Option(help: "Processor gather delay in ms (billing.events.gatherDelayMilliseconds); default when omitted.")
    var gatherDelay: Int?

    @Option(help: "Processing loops (billing.events.workers); the database's default when omitted.")
    var workers: Int?

    @Flag(
        name: .customLong("no-group-commit"),
        help: "Commit each delivery alone (billing.webhooks.groupCommit=false), to measure what group commit saves."
    )
    var noGroupCommit = false

    @Flag(
        name: .customLong("no-batched-apply"),
        help:
            "Apply events one by one in savepoints (billing.events.applyInBatches=false), to measure what batches save."
    )
    var noBatchedApply = false

    @Option(name: .customLong("postgres-url"), help: "Also run on this PostgreSQL database (its tables are cleared).")
    var postgresURL: String?

    @Option(
        name: .customLong("peer-url"),
        help: "Compare intake with this peer webhook endpoint (signing secret whsec_bench_secret) in the same run."
    )
    var peerURL: String?

    @Option(help: "Rounds of the peer comparison; the side measured first alternates between rounds.")
    var rounds = 2

    @Option(
        name: .customLong("peer-connections"),
        parsing: .upToNextOption,
        help: "Connection counts of the peer comparison."
    )
    var peerConnections: [Int] = [16, 64]

    public init() {}

    public func run() async throws {
        let logger = {
            var logger = Logger(label: "billing.bench")
            logger.logLevel = .error
            return logger
        }()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "billing-bench-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var targets: [(name: String, url: (String) -> String)] = [
            ("SQLite (file, WAL, synchronous=\(synchronous))", { "sqlite:\(directory.path)/\($0).sqlite" })
        ]
        if let postgresURL { targets.append(("PostgreSQL", { _ in postgresURL })) }
        let wrk = direct || load == .swift ? nil : WrkLoad.executable()
        if load == .wrk, wrk == nil { throw ValidationError("--load wrk: no wrk on the PATH (apt-get install wrk)") }
        print(
            "cores: \(ProcessInfo.processInfo.activeProcessorCount); through: "
                + (direct ? "the intake function" : "HTTP POST /webhooks/stripe of the sample application")
                + (wrk == nil ? "" : "; throughput load: wrk")
        )
        if let peerURL {
            guard !direct else { throw ValidationError("--peer-url compares HTTP routes; drop --direct") }
            guard let wrk else { throw ValidationError("--peer-url needs wrk on the PATH (apt-get install wrk)") }
            guard rounds >= 1, !peerConnections.isEmpty, peerConnections.allSatisfy({ $0 >= 2 }) else {
                throw ValidationError("--rounds must be at least 1 and --peer-connections at least 2 each")
            }
            for target in targets {
                print("== \(target.name) against the peer at \(peerURL)")
                try await compare(
                    target.url("compare"),
                    peerURL: peerURL,
                    wrk: wrk,
                    directory: directory,
                    logger: logger
                )
            }
            return
        }
        for target in targets {
            print("== \(target.name)")
            try await throughput(target.url("throughput"), wrk: wrk, directory: directory, logger: logger)
            let pacer = direct || latencyLoad == .swift ? nil : WrkLoad.executable()
            if latencyLoad == .wrk, pacer == nil {
                throw ValidationError("--latency-load wrk: no wrk on the PATH (apt-get install wrk)")
            }
            if let pacer {
                try await pacedLatency(target.url("latency"), wrk: pacer, directory: directory, logger: logger)
            } else {
                try await latency(target.url("latency"), directory: directory, logger: logger)
            }
            if processingEvents > 0 { try await processingAlone(target.url("processing"), logger: logger) }
        }
    }

    private func throughput(_ databaseURL: String, wrk: String?, directory: URL, logger: Logger) async throws {
        try await Self.prepare(databaseURL, logger: logger)
        let deliveries = WebhookLoad.deliveries(count: events, prefix: "tp")
        let (concurrency, throughputSeconds) = (concurrency, throughputSeconds)
        let line: String
        if let wrk {
            let script = try WrkLoad.write(deliveries, to: directory)
            let result = try await withDeliveries(databaseURL: databaseURL, directory: directory, logger: logger) {
                _,
                url in
                try await WrkLoad.run(
                    wrk,
                    url: url,
                    script: script,
                    connections: concurrency,
                    seconds: throughputSeconds
                )
            }
            let stored = try await Self.storedEvents(databaseURL, logger: logger)
            line = String(
                format: "intake throughput: %.0f events/s over %d connections for %d s (p50 %@, p99 %@); "
                    + "%d requests, %d non-200, %d events stored",
                result.requestsPerSecond,
                concurrency,
                throughputSeconds,
                result.p50,
                result.p99,
                result.requests,
                result.non2xx,
                stored
            )
            if result.requests > deliveries.count {
                print("note: wrk sent more requests than prepared events; the rest were duplicates (raise --events)")
            }
        } else {
            let tp = try await withDeliveries(databaseURL: databaseURL, directory: directory, logger: logger) {
                deliver,
                _ in
                try await WebhookLoad.closedLoop(deliveries, concurrency: concurrency, deliver: deliver)
            }
            line = String(
                format: "intake throughput: %d events, %d concurrent: %.0f events/s (p50 %.2f ms, p99 %.2f ms)",
                tp.events,
                concurrency,
                tp.eventsPerSecond,
                WebhookLoad.percentile(tp.latencies, 0.50),
                WebhookLoad.percentile(tp.latencies, 0.99)
            )
        }
        print(line)
    }

    /// Our route and the peer's under the same wrk loads, alternating, in one run (``PeerComparison``). Between
    /// runs our event processor catches up, so its background work never overlaps the peer's measurement.
    private func compare(_ databaseURL: String, peerURL: String, wrk: String, directory: URL, logger: Logger)
        async throws
    {
        try await Self.prepare(databaseURL, logger: logger)
        let (rounds, connections, seconds, events) = (rounds, peerConnections, throughputSeconds, events)
        let samples = try await withDeliveries(databaseURL: databaseURL, directory: directory, logger: logger) {
            _,
            url in
            try await PeerComparison.run(
                wrk: wrk,
                ours: url,
                peer: peerURL,
                rounds: rounds,
                connections: connections,
                seconds: seconds,
                events: events,
                directory: directory
            ) {
                try await Self.waitUntilProcessed(databaseURL, expected: 0, logger: logger)
            }
        }
        for line in PeerComparison.report(samples, events: events) { print(line) }
    }

    private func latency(_ databaseURL: String, directory: URL, logger: Logger) async throws {
        try await Self.prepare(databaseURL, logger: logger)
        let deliveries = WebhookLoad.deliveries(count: rate * seconds, prefix: "lt")
        let rate = rate
        let (arrivals, drained) = try await withDeliveries(
            databaseURL: databaseURL,
            directory: directory,
            logger: logger
        ) { deliver, _ in
            let arrivals = try await WebhookLoad.openLoop(deliveries, rate: rate, deliver: deliver)
            return (arrivals, try await Self.drainMilliseconds(databaseURL, expected: deliveries.count, logger: logger))
        }
        print(
            String(
                format: "intake latency at %d events/s for %d s: p50 %.2f ms, p99 %.2f ms, max %.2f ms "
                    + "(driver lateness p99 %.2f ms)",
                rate,
                seconds,
                WebhookLoad.percentile(arrivals.latencies, 0.50),
                WebhookLoad.percentile(arrivals.latencies, 0.99),
                arrivals.latencies.max() ?? 0,
                WebhookLoad.percentile(arrivals.lateness, 0.99)
            )
        )
        try await printProjectionLags(databaseURL, drained: drained, logger: logger)
    }

    private func printProjectionLags(_ databaseURL: String, drained: Double, logger: Logger) async throws {
        let lags = try await Self.projectionLags(databaseURL, logger: logger)
        print(
            String(
                format: "projection lag (intake commit → processed): p50 %.0f ms, p99 %.0f ms, max %.0f ms; "
                    + "caught up %.0f ms after the last delivery",
                WebhookLoad.percentile(lags, 0.50),
                WebhookLoad.percentile(lags, 0.99),
                lags.max() ?? 0,
                drained
            )
        )
    }

    /// The latency phase with the load in wrk's process: `rate / 20` connections, each pausing 49 ms after every
    /// response, so each sends about one delivery per 50 ms and together about `rate` per second (the achieved rate
    /// is printed). The server's threads then serve only the server, as with Stripe sending from outside; the
    /// open-loop Swift driver (`--latency-load swift`) shares them with the load and keeps a schedule regardless of
    /// answers, so it also shows queueing after a stall.
    private func pacedLatency(_ databaseURL: String, wrk: String, directory: URL, logger: Logger) async throws {
        try await Self.prepare(databaseURL, logger: logger)
        let connections = max(2, rate / 20)
        // A fifth more than the schedule needs, so a faster pace never wraps around to duplicates.
        let deliveries = WebhookLoad.deliveries(count: rate * seconds * 6 / 5 + connections, prefix: "lt")
        let script = try WrkLoad.write(deliveries, to: directory, name: "latency", pauseMilliseconds: 49)
        let seconds = seconds
        let (result, drained) = try await withDeliveries(
            databaseURL: databaseURL,
            directory: directory,
            logger: logger
        ) { _, url in
            let result = try await WrkLoad.run(
                wrk,
                url: url,
                script: script,
                connections: connections,
                seconds: seconds
            )
            return (result, try await Self.drainMilliseconds(databaseURL, expected: 0, logger: logger))
        }
        print(
            String(
                format: "intake latency, wrk paced (%d connections, 49 ms pause each) for %d s: %.0f events/s, "
                    + "p50 %@, p99 %@, max %@; %d non-200",
                connections,
                seconds,
                result.requestsPerSecond,
                result.p50,
                result.p99,
                result.max,
                result.non2xx
            )
        )
        if result.requests > deliveries.count {
            print("note: wrk sent more requests than prepared events; the rest were duplicates")
        }
        try await printProjectionLags(databaseURL, drained: drained, logger: logger)
    }

    /// Stores `processingEvents` events in one transaction, then times the event processor draining them with nothing
    /// else running: the processor's own ceiling, which bounds the projection lag under any intake rate above it.
    private func processingAlone(_ databaseURL: String, logger: Logger) async throws {
        try await Self.prepare(databaseURL, logger: logger)
        let deliveries = WebhookLoad.deliveries(count: processingEvents, prefix: "pr")
        let configuration = EventProcessorConfiguration(
            batchSize: processorBatch ?? 64,
            workers: workers,
            appliesInBatches: !noBatchedApply
        )
        let (count, elapsed) = try await Self.withBenchDatabase(databaseURL, logger: logger) { database in
            let receivedAt = Int64(Date().timeIntervalSince1970 * 1000)
            try await database.transaction { sql in
                for (body, _) in deliveries {
                    let envelope = try EventEnvelope.parse(body)
                    _ = try await EventLog.insert(
                        envelope,
                        payload: String(decoding: body, as: UTF8.self),
                        receivedAt: receivedAt,
                        on: sql
                    )
                }
            }
            let processor = EventProcessor(
                database: database,
                configuration: configuration,
                fetcher: NoFetcher(),
                logger: logger
            )
            let clock = ContinuousClock()
            let start = clock.now
            let count = try await processor.drain()
            return (count, clock.now - start)
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            String(
                format: "processing alone: %d events applied in %.2f s: %.0f events/s (batch %d, one loop, %@)",
                count,
                seconds,
                Double(count) / seconds,
                configuration.batchSize,
                noBatchedApply ? "event by event" : "in batches"
            )
        )
    }

    /// The application's configuration changes requested on the command line.
    private var overrides: [String: ConfigValue] {
        var values: [String: ConfigValue] = [
            "database.sqliteSynchronous": .init(.string(synchronous), isSecret: false)
        ]
        if let processorBatch { values["billing.events.batchSize"] = .init(.int(processorBatch), isSecret: false) }
        if let pollInterval {
            values["billing.events.pollIntervalMilliseconds"] = .init(.int(pollInterval), isSecret: false)
        }
        if noBatchedApply { values["billing.events.applyInBatches"] = .init(.bool(false), isSecret: false) }
        if noGroupCommit { values["billing.webhooks.groupCommit"] = .init(.bool(false), isSecret: false) }
        if let gatherDelay {
            values["billing.events.gatherDelayMilliseconds"] = .init(.int(gatherDelay), isSecret: false)
        }
        if let workers { values["billing.events.workers"] = .init(.int(workers), isSecret: false) }
        if let writerSlice {
            values["billing.events.writerSliceMicroseconds"] = .init(.int(writerSlice), isSecret: false)
        }
        return values
    }

    /// Runs `body` with a delivery function and the webhook URL: HTTP to a running application, or (`--direct`) the
    /// intake function with the event processor and the database service beside it, configured from the same
    /// reader.
    private func withDeliveries<T: Sendable>(
        databaseURL: String,
        directory: URL,
        logger: Logger,
        _ body: @Sendable (@escaping WebhookLoad.Deliver, String) async throws -> T
    ) async throws -> T {
        let mailFolder = directory.appendingPathComponent("mail").path
        guard direct else {
            return try await BenchApplication.withApplication(
                databaseURL: databaseURL,
                mailFolder: mailFolder,
                connections: concurrency,
                overrides: overrides,
                body
            )
        }
        let reader = BenchApplication.reader(
            databaseURL: databaseURL,
            mailFolder: mailFolder,
            port: 0,
            overrides: overrides
        )
        let opened = try await DatabaseConnector.open(
            try DatabaseConfiguration(reader: reader.scoped(to: "database")),
            logger: logger
        )
        let database = opened.database
        let doorbell = EventDoorbell()
        let intake = try WebhookIntake(
            reader: reader,
            expectedLivemode: false,
            eventLog: EventLog(database: database),
            doorbell: doorbell,
            logger: logger
        )
        let processor = EventProcessor(
            database: database,
            configuration: EventProcessorConfiguration(reader: reader.scoped(to: "billing.events")),
            fetcher: NoFetcher(),
            logger: logger,
            doorbell: doorbell
        )
        let deliver: WebhookLoad.Deliver = { body, signature in
            let outcome = await intake.receive(body: body, signature: signature, now: Date())
            guard outcome.isAcknowledged else { throw CLIError.benchmarkFailed("the intake answered \(outcome)") }
        }
        let group = ServiceGroup(configuration: .init(services: [opened.service, processor], logger: logger))
        return try await withThrowingTaskGroup(of: T?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            let result = try await body(deliver, "")
            await group.triggerGracefulShutdown()
            for try await _ in tasks {}
            return result
        }
    }

    /// Migrates the database and empties the tables the benchmark fills (a PostgreSQL database is reused).
    private static func prepare(_ databaseURL: String, logger: Logger) async throws {
        try await withBenchDatabase(databaseURL, logger: logger) { database in
            try await Migrator().migrate(database, logger: logger)
            try await database.transaction { sql in
                try await EventLog.removeAll(on: sql)
                for table in [
                    "billing_subscriptions", "billing_invoices", "billing_payment_methods", "billing_stripe_customers",
                ] {
                    try await sql.raw("DELETE FROM \(ident: table)").run()
                }
                try await OutboxStore.removeAll(on: sql)
            }
        }
    }

    /// Polls (on a second connection) until every delivered event is processed.
    private static func waitUntilProcessed(_ databaseURL: String, expected: Int, logger: Logger) async throws {
        try await withBenchDatabase(databaseURL, logger: logger) { database in
            let events = EventLog(database: database)
            let deadline = ContinuousClock.now + .seconds(300)
            while true {
                let counts = try await events.counts()
                if counts.total >= expected && counts.pending == 0 { return }
                guard ContinuousClock.now < deadline else {
                    throw CLIError.benchmarkFailed("\(counts.pending) events still pending after 300 s")
                }
                try await Task.sleep(for: .milliseconds(5))
            }
        }
    }

    /// How long, in milliseconds, the processor takes from now to catch up (see ``waitUntilProcessed``).
    private static func drainMilliseconds(_ databaseURL: String, expected: Int, logger: Logger) async throws -> Double {
        let start = ContinuousClock.now
        try await waitUntilProcessed(databaseURL, expected: expected, logger: logger)
        return WebhookLoad.milliseconds(ContinuousClock.now - start)
    }

    private static func storedEvents(_ databaseURL: String, logger: Logger) async throws -> Int {
        try await withBenchDatabase(databaseURL, logger: logger) { try await EventLog(database: $0).counts().total }
    }

    private static func projectionLags(_ databaseURL: String, logger: Logger) async throws -> [Double] {
        try await withBenchDatabase(databaseURL, logger: logger) { database in
            try await EventLog(database: database).processingLags().map(Double.init)
        }
    }

    private static func withBenchDatabase<T: Sendable>(
        _ url: String,
        logger: Logger,
        _ body: @Sendable (any BillingDatabase) async throws -> T
    ) async throws -> T {
        try await DatabaseConnector.withDatabase(try DatabaseConfiguration(url: url), logger: logger, body)
    }
}

/// The benchmark's events never tie, so the processor never re-fetches; any call is a bug.
private struct NoFetcher: StripeObjectFetcher {
    func currentSnapshot(of object: ObjectReference) async throws -> ObjectSnapshot? {
        throw CLIError.benchmarkFailed("unexpected re-fetch of \(object)")
    }
}
