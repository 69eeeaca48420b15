public import Configuration
import StripeAPI

/// What ``Billing/readiness(timeout:)`` requires beyond a database that answers.
public struct ReadinessPolicy: Sendable, Equatable {
    /// The oldest unprocessed event (one that has not failed yet) may wait this long before the instance reports
    /// itself not ready.
    public var maxLag: Duration
    /// Whether the event processor must run in this process. Turn it off on instances that only serve requests
    /// while other instances process.
    public var requiresProcessor: Bool
    /// How old the processor's last heartbeat may be (it beats on every poll, every few hundred milliseconds, and
    /// after each batch) before it counts as stuck.
    public var processorStaleAfter: Duration

    /// Creates a policy.
    public init(
        maxLag: Duration = .seconds(60),
        requiresProcessor: Bool = true,
        processorStaleAfter: Duration = .seconds(60)
    ) {
        self.maxLag = maxLag
        self.requiresProcessor = requiresProcessor
        self.processorStaleAfter = processorStaleAfter
    }

    /// Reads the policy from the root reader.
    ///
    /// Keys (environment variable in brackets):
    /// - `health.ready.maxLagSeconds` (`HEALTH_READY_MAX_LAG_SECONDS`), int ≥ 1, default 60: see ``maxLag``.
    /// - `health.ready.requireProcessor` (`HEALTH_READY_REQUIRE_PROCESSOR`), bool, default true: see
    ///   ``requiresProcessor``.
    /// - `health.ready.processorStaleSeconds` (`HEALTH_READY_PROCESSOR_STALE_SECONDS`), int ≥ 1, default 60: see
    ///   ``processorStaleAfter``.
    /// - Parameter reader: the root configuration reader.
    /// - Throws: ``StripeAPI/ConfigurationError`` naming the key when a value is not a positive number of seconds.
    public init(reader: ConfigReader) throws {
        func seconds(_ key: String, _ fallback: Int) throws -> Duration {
            let value = reader.int(forKey: ConfigKey(key), default: fallback)
            guard value >= 1 else {
                throw ConfigurationError.invalid(
                    key,
                    problem: "must be at least 1",
                    fix: "use whole seconds, such as \(fallback)"
                )
            }
            return .seconds(value)
        }
        self.init(
            maxLag: try seconds("health.ready.maxLagSeconds", 60),
            requiresProcessor: reader.bool(forKey: "health.ready.requireProcessor", default: true),
            processorStaleAfter: try seconds("health.ready.processorStaleSeconds", 60)
        )
    }
}
