import BillingDatabase
import Logging
import SQLKit

/// Whether this instance can serve: what a load balancer's or orchestrator's readiness probe asks.
public struct BillingReadiness: Sendable, Equatable {
    /// One dependency's answer.
    public struct Check: Sendable, Equatable {
        /// What was checked (`database`).
        public var name: String
        /// Whether it answered in time.
        public var isReady: Bool
        /// Why not, in a few words safe to show anyone (never a URL, a host or a secret).
        public var problem: String?
    }

    /// Every check, in a fixed order.
    public var checks: [Check]

    /// Whether every check passed.
    public var isReady: Bool { checks.allSatisfy(\.isReady) }
}

extension Billing {
    /// Asks the database a trivial query, failing when it errs or does not answer within `timeout`.
    /// - Parameter timeout: how long the probe may wait; keep it under the prober's own timeout.
    /// - Returns: the checks; ``BillingReadiness/isReady`` answers the probe.
    public func readiness(timeout: Duration = .seconds(2)) async -> BillingReadiness {
        let database = database
        let answered: Result<Void, ProbeFailure> = await withTaskGroup(of: Result<Void, ProbeFailure>.self) { group in
            group.addTask {
                do {
                    try await database.read { sql in try await sql.raw("SELECT 1").run() }
                    return .success(())
                } catch {
                    return .failure(.error)
                }
            }
            group.addTask {
                // A cancelled sleep means the query answered first.
                try? await Task.sleep(for: timeout)
                return .failure(.timeout)
            }
            let first = await group.next() ?? .failure(.timeout)
            group.cancelAll()
            return first
        }
        let check: BillingReadiness.Check
        switch answered {
        case .success: check = .init(name: "database", isReady: true, problem: nil)
        case .failure(.error): check = .init(name: "database", isReady: false, problem: "query failed")
        case .failure(.timeout): check = .init(name: "database", isReady: false, problem: "no answer in time")
        }
        if !check.isReady {
            logger.warning(
                "readiness check failed",
                metadata: ["check": "database", "problem": "\(check.problem ?? "")"]
            )
        }
        return BillingReadiness(checks: [check])
    }
}

private enum ProbeFailure: Error {
    case error
    case timeout
}
