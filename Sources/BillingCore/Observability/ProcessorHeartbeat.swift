import Synchronization

/// Whether the ``EventProcessor`` of this process is running, and when it last went round its loop; what
/// ``Billing/readiness(timeout:)`` reads for its `processor` check.
public final class ProcessorHeartbeat: Sendable {
    /// What the processor last reported.
    public struct State: Sendable, Equatable {
        /// Whether `run()` is active.
        public var isRunning: Bool
        /// The last beat, nil before the first.
        public var lastBeat: ContinuousClock.Instant?
    }

    private let state = Mutex(State(isRunning: false, lastBeat: nil))

    /// Creates a heartbeat of a processor that has not started.
    public init() {}

    /// What the processor last reported.
    public var current: State { state.withLock { $0 } }

    func started() {
        state.withLock { $0 = State(isRunning: true, lastBeat: .now) }
    }

    func beat() {
        state.withLock { $0.lastBeat = .now }
    }

    func stopped() {
        state.withLock { $0.isRunning = false }
    }
}
