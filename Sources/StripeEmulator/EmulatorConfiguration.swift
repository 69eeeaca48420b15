/// How an emulator is started.
public struct EmulatorConfiguration: Sendable {
    /// The interface to bind; loopback by default.
    public var host: String
    /// The port; 0 picks a free one (read it back from the running server).
    public var port: Int
    /// A JSON file the whole state is loaded from at start and saved to while running; nil keeps state in memory.
    public var stateFile: String?
    /// The base URL used in `hosted_invoice_url`/`invoice_pdf`; nil derives `http://host:port` once bound.
    public var publicBaseURL: String?
    /// Waits between webhook delivery attempts: one retry per entry (Stripe's test mode retries three times).
    public var webhookRetryDelays: [Duration]
    /// How long an endpoint may take to answer one delivery.
    public var webhookTimeout: Duration
    /// Time for objects that are not on a test clock.
    public var clock: EmulatorClock
    /// How long a portal session URL stays usable before its first visit (Stripe documents only "short-lived").
    public var portalSessionUnvisitedLifetime: Duration
    /// How long a portal session stays usable after its first visit.
    public var portalSessionVisitedLifetime: Duration
    /// How often due renewals on the emulator's own clock run and the state file is saved.
    public var housekeepingInterval: Duration

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1",
        port: Int = 12111,
        stateFile: String? = nil,
        publicBaseURL: String? = nil,
        webhookRetryDelays: [Duration] = [.seconds(5), .seconds(60), .seconds(600)],
        webhookTimeout: Duration = .seconds(10),
        clock: EmulatorClock = .system,
        housekeepingInterval: Duration = .seconds(1),
        portalSessionUnvisitedLifetime: Duration = .seconds(5 * 60),
        portalSessionVisitedLifetime: Duration = .seconds(60 * 60)
    ) {
        self.host = host
        self.port = port
        self.stateFile = stateFile
        self.publicBaseURL = publicBaseURL
        self.webhookRetryDelays = webhookRetryDelays
        self.webhookTimeout = webhookTimeout
        self.clock = clock
        self.housekeepingInterval = housekeepingInterval
        self.portalSessionUnvisitedLifetime = portalSessionUnvisitedLifetime
        self.portalSessionVisitedLifetime = portalSessionVisitedLifetime
    }
}
