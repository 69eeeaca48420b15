public import Configuration

/// How ``EventProcessor`` claims, retries and orders events.
public struct EventProcessorConfiguration: Sendable {
    /// Events claimed per transaction (each still applies atomically in its own savepoint).
    public var batchSize: Int
    /// The wait between polls when no event is pending.
    public var pollInterval: Duration
    /// When to ask Stripe for the current object instead of trusting the event.
    public var refetchPolicy: RefetchPolicy
    /// Failed attempts after which an event is parked until ``EventLog/retry(_:)``.
    public var maxAttempts: Int
    /// The backoff after the first failure; it doubles per attempt.
    public var initialBackoff: Duration
    /// The longest backoff.
    public var maxBackoff: Duration
    /// How long a processing transaction keeps the SQLite writer before it commits and lets waiting webhook intake
    /// go first (it continues with the rest of its batch right after).
    ///
    /// Shorter favours intake throughput, longer favours projection lag. Measured with `billing bench webhooks` at
    /// 1,000 events/s over HTTP on 2 cores: 0 left the processor 1.5 s behind (lag p50), 0.5 ms let the lag p99
    /// swing between 41 and 545 ms across runs, 1 ms kept it at 5–12 ms. PostgreSQL never waits, so it ignores
    /// this.
    public var writerSlice: Duration
    /// Concurrent processing loops in ``EventProcessor/run()``; nil picks the database's default (one on SQLite, whose
    /// single writer serializes them anyway; four on PostgreSQL, where each waits on its own round trips).
    public var workers: Int?
    /// Whether a claimed batch is written with a few multi-row statements (the default) rather than event by event,
    /// each in its own savepoint.
    ///
    /// Both apply the same events with the same result; event by event is what a failing batch falls back to, and
    /// turning batches off measures what they save (`billing bench webhooks --no-batched-apply`).
    public var appliesInBatches: Bool
    /// How long a processing loop waits for more events to arrive before it claims the next batch when the last one
    /// was not full (or the doorbell woke it), so a steady stream is applied in batches rather than one
    /// transaction per delivery.
    ///
    /// Each transaction holds the SQLite writer that webhook intake waits for; at 1,000 events/s one transaction per
    /// event kept the writer busy most of the time. The delay adds at most itself to the projection lag; 0 turns it off.
    public var gatherDelay: Duration
    /// Events per chunk when ``appliesInBatches``: between chunks the processor may commit and let waiting webhook
    /// intake go first, so a chunk is the longest intake waits for (32 events are a few statements, about a
    /// millisecond on SQLite).
    var chunkSize = 32

    /// Creates a configuration.
    public init(
        batchSize: Int = 64,
        pollInterval: Duration = .milliseconds(200),
        refetchPolicy: RefetchPolicy = .onTie,
        maxAttempts: Int = 10,
        initialBackoff: Duration = .seconds(5),
        maxBackoff: Duration = .seconds(3600),
        writerSlice: Duration = .milliseconds(1),
        workers: Int? = nil,
        appliesInBatches: Bool = true,
        gatherDelay: Duration = .milliseconds(5)
    ) {
        self.batchSize = max(1, batchSize)
        self.pollInterval = pollInterval
        self.refetchPolicy = refetchPolicy
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.writerSlice = writerSlice
        self.workers = workers.map { max(1, $0) }
        self.appliesInBatches = appliesInBatches
        self.gatherDelay = max(.zero, gatherDelay)
    }

    /// Reads the configuration from a reader scoped to `billing.events`.
    ///
    /// Keys (environment variable in brackets):
    /// - `batchSize` (`BILLING_EVENTS_BATCH_SIZE`), int, default 64.
    /// - `pollIntervalMilliseconds` (`BILLING_EVENTS_POLL_INTERVAL_MILLISECONDS`), int, default 200.
    /// - `refetch` (`BILLING_EVENTS_REFETCH`), string `always` | `onTie` | `never`, default `onTie`.
    /// - `maxAttempts` (`BILLING_EVENTS_MAX_ATTEMPTS`), int, default 10.
    /// - `initialBackoffSeconds` (`BILLING_EVENTS_INITIAL_BACKOFF_SECONDS`), int, default 5.
    /// - `maxBackoffSeconds` (`BILLING_EVENTS_MAX_BACKOFF_SECONDS`), int, default 3600.
    /// - `writerSliceMicroseconds` (`BILLING_EVENTS_WRITER_SLICE_MICROSECONDS`), int, default 1000: see
    ///   ``writerSlice``.
    /// - `workers` (`BILLING_EVENTS_WORKERS`), int, optional: see ``workers``.
    /// - `applyInBatches` (`BILLING_EVENTS_APPLY_IN_BATCHES`), bool, default true: see ``appliesInBatches``.
    /// - `gatherDelayMilliseconds` (`BILLING_EVENTS_GATHER_DELAY_MILLISECONDS`), int, default 5: see ``gatherDelay``.
    ///
    /// - Parameter reader: a reader scoped to `billing.events`.
    public init(reader: ConfigReader) {
        self.init(
            batchSize: reader.int(forKey: "batchSize", default: 64),
            pollInterval: .milliseconds(reader.int(forKey: "pollIntervalMilliseconds", default: 200)),
            refetchPolicy: RefetchPolicy(rawValue: reader.string(forKey: "refetch", default: "onTie")) ?? .onTie,
            maxAttempts: reader.int(forKey: "maxAttempts", default: 10),
            initialBackoff: .seconds(reader.int(forKey: "initialBackoffSeconds", default: 5)),
            maxBackoff: .seconds(reader.int(forKey: "maxBackoffSeconds", default: 3600)),
            writerSlice: .microseconds(reader.int(forKey: "writerSliceMicroseconds", default: 1000)),
            workers: reader.int(forKey: "workers"),
            appliesInBatches: reader.bool(forKey: "applyInBatches", default: true),
            gatherDelay: .milliseconds(reader.int(forKey: "gatherDelayMilliseconds", default: 5))
        )
    }

    /// The delay before attempt `attempts + 1`, in milliseconds.
    func backoffMilliseconds(afterAttempts attempts: Int) -> Int64 {
        let initial =
            initialBackoff.components.seconds * 1000 + initialBackoff.components.attoseconds / 1_000_000_000_000_000
        let cap = maxBackoff.components.seconds * 1000 + maxBackoff.components.attoseconds / 1_000_000_000_000_000
        let exponent = min(max(attempts - 1, 0), 30)
        return min(initial << Int64(exponent), cap)
    }
}
