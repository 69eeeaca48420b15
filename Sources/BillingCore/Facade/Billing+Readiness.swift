import BillingDatabase
import BillingSupport
public import Foundation
import Logging
import SQLKit

/// Whether this instance can serve: what a load balancer's or orchestrator's readiness probe asks.
public struct BillingReadiness: Sendable, Equatable {
    /// One check's answer.
    public struct Check: Sendable, Equatable {
        /// What was checked: `database`, `migrations`, `processor` or `lag`.
        public var name: String
        /// Whether it passed.
        public var isReady: Bool
        /// Why not, in a few words safe to show anyone (never a URL, a host or a secret).
        public var problem: String?

        /// Creates a check's answer.
        public init(name: String, isReady: Bool, problem: String?) {
            self.name = name
            self.isReady = isReady
            self.problem = problem
        }
    }

    /// Every check, in a fixed order: `database`, `migrations`, `processor`, `lag`.
    public var checks: [Check]

    /// Creates an answer from its checks; with none it is ready (what the liveness probe answers).
    public init(checks: [Check]) {
        self.checks = checks
    }

    /// Whether every check passed.
    public var isReady: Bool { checks.allSatisfy(\.isReady) }

    /// The status a probe answers with: 200 when ready, else 503.
    public var httpStatus: Int { isReady ? 200 : 503 }

    /// The probe's JSON body, the same from every adapter:
    /// `{"checks":[{"name":"database","ready":true},…],"status":"ok"|"unavailable"}`, a `problem` on each failed
    /// check (no secrets, hosts or URLs).
    public var jsonBody: Data {
        let body = Body(
            status: isReady ? "ok" : "unavailable",
            checks: checks.map { .init(name: $0.name, ready: $0.isReady, problem: $0.problem) }
        )
        let encoder = JSONEncoder()
        // Sorted keys: the same bytes from every adapter and every run.
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(body)) ?? Data(#"{"checks":[],"status":"unavailable"}"#.utf8)
    }

    private struct Body: Encodable {
        struct Check: Encodable {
            var name: String
            var ready: Bool
            var problem: String?
        }

        var status: String
        var checks: [Check]
    }
}

extension Billing {
    /// Answers the readiness probe with four checks, in this order:
    /// - `database`: a trivial query answers within `timeout`.
    /// - `migrations`: every migration in ``BillingMigrations/all`` is recorded as applied (an instance of a release
    ///   whose migrations have not run yet is not ready).
    /// - `processor`: the ``EventProcessor`` runs in this process and its heartbeat is recent
    ///   (``ReadinessPolicy/processorStaleAfter``); passes without looking when
    ///   ``ReadinessPolicy/requiresProcessor`` is off.
    /// - `lag`: the oldest due event that has not failed yet was received less than ``ReadinessPolicy/maxLag`` ago
    ///   (failing and parked events are for `billing status` and the alerts, not for routing traffic).
    ///
    /// The policy is ``BillingConfiguration/readiness`` (`health.ready.*`). Checks that need the database fail with
    /// "database unavailable" when it does not answer.
    /// - Parameter timeout: how long all queries together may take; keep it under the prober's own timeout.
    /// - Returns: the checks; ``BillingReadiness/isReady`` answers the probe.
    public func readiness(timeout: Duration = .seconds(2)) async -> BillingReadiness {
        let database = database
        let policy = configuration.readiness
        let deadline = ContinuousClock.now + timeout
        let reachable = await Self.query(until: deadline) {
            try await database.read { sql in try await sql.raw("SELECT 1").run() }
        }
        let migrations: BillingReadiness.Check
        let lag: BillingReadiness.Check
        if case .success = reachable {
            let applied = await Self.query(until: deadline) {
                Set(try await Migrator().appliedMigrations(database))
            }
            migrations = Self.migrationsCheck(
                applied.map { applied in BillingMigrations.all.map(\.name).filter { !applied.contains($0) } }
            )
            let nowMs = now().unixMilliseconds
            let oldest = await Self.query(until: deadline) {
                try await database.read { sql in
                    try await sql.raw(
                        """
                        SELECT MIN(received_at) AS oldest FROM stripe_events \
                        WHERE processed_at IS NULL AND attempts = 0 AND next_attempt_at <= \(bind: nowMs)
                        """
                    ).first()?.decode(column: "oldest", as: Int64?.self) ?? nil
                }
            }
            lag = Self.lagCheck(oldest, now: nowMs, maxLag: policy.maxLag)
        } else {
            migrations = .init(name: "migrations", isReady: false, problem: "database unavailable")
            lag = .init(name: "lag", isReady: false, problem: "database unavailable")
        }
        let checks: [BillingReadiness.Check] = [
            .init(name: "database", result: reachable, failure: "query failed"),
            migrations,
            processorCheck(policy),
            lag,
        ]

        let readiness = BillingReadiness(checks: checks)
        for check in checks where !check.isReady {
            logger.warning(
                "readiness check failed",
                metadata: ["check": "\(check.name)", "problem": "\(check.problem ?? "")"]
            )
        }
        return readiness
    }

    private func processorCheck(_ policy: ReadinessPolicy) -> BillingReadiness.Check {
        guard policy.requiresProcessor else { return .init(name: "processor", isReady: true, problem: nil) }
        let state = processor.heartbeat.current
        guard state.isRunning, let beat = state.lastBeat else {
            return .init(name: "processor", isReady: false, problem: "not running")
        }
        guard ContinuousClock.now - beat <= policy.processorStaleAfter else {
            return .init(name: "processor", isReady: false, problem: "no heartbeat in time")
        }
        return .init(name: "processor", isReady: true, problem: nil)
    }

    private static func migrationsCheck(_ missing: Result<[String], ProbeFailure>) -> BillingReadiness.Check {
        switch missing {
        case .success(let missing) where missing.isEmpty:
            .init(name: "migrations", isReady: true, problem: nil)
        case .success(let missing):
            .init(name: "migrations", isReady: false, problem: "\(missing.count) not applied; run billing migrate")
        case .failure(let failure):
            .init(name: "migrations", isReady: false, problem: failure.problem(or: "not readable"))
        }
    }

    private static func lagCheck(
        _ oldest: Result<Int64?, ProbeFailure>,
        now nowMs: Int64,
        maxLag: Duration
    ) -> BillingReadiness.Check {
        switch oldest {
        case .success(let receivedAt):
            let lag = receivedAt.map { max(0, nowMs - $0) } ?? 0
            let limit = maxLag.components.seconds * 1000
            if lag <= limit { return .init(name: "lag", isReady: true, problem: nil) }
            return .init(
                name: "lag",
                isReady: false,
                problem: "oldest event waits \(lag / 1000) s (limit \(limit / 1000) s)"
            )
        case .failure(let failure):
            return .init(name: "lag", isReady: false, problem: failure.problem(or: "query failed"))
        }
    }

    /// Runs `operation`, failing when it throws or `deadline` passes first.
    private static func query<T: Sendable>(
        until deadline: ContinuousClock.Instant,
        _ operation: @escaping @Sendable () async throws -> T
    ) async -> Result<T, ProbeFailure> {
        await withTaskGroup(of: Result<T, ProbeFailure>.self) { group in
            group.addTask {
                do {
                    return .success(try await operation())
                } catch {
                    return .failure(.error)
                }
            }
            group.addTask {
                // A cancelled sleep means the query answered first.
                try? await Task.sleep(until: deadline, clock: .continuous)
                return .failure(.timeout)
            }
            let first = await group.next() ?? .failure(.timeout)
            group.cancelAll()
            return first
        }
    }
}

extension BillingReadiness.Check {
    fileprivate init<T>(name: String, result: Result<T, ProbeFailure>, failure: String) {
        switch result {
        case .success: self.init(name: name, isReady: true, problem: nil)
        case .failure(let probe): self.init(name: name, isReady: false, problem: probe.problem(or: failure))
        }
    }
}

private enum ProbeFailure: Error {
    case error
    case timeout

    func problem(or failed: String) -> String {
        switch self {
        case .error: failed
        case .timeout: "no answer in time"
        }
    }
}
