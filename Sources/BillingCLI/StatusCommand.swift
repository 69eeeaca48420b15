public import ArgumentParser
import BillingCore
import BillingDatabase
import Configuration
import Foundation
import SQLKit

/// `billing status`: one screen for an operator, read from the database without changing it.
///
/// Database reachability, billing migrations applied and pending, the event log by state with the age of the oldest
/// pending event, the processing lag of the most recent events, the outbox backlog by kind and the hook calls that
/// are failing. Exit status 3 when the database cannot be reached.
public struct StatusCommand: OperatorCommand {
    public static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show events, lag, outbox backlog, hooks and migrations at a glance (reads only)."
    )

    @Option(help: "How many of the most recently processed events the lag figures cover.")
    var lagSample = 100
    @OptionGroup public var options: OperatorOptions

    public init() {}

    public func run(in environment: CLIEnvironment) async throws {
        let configuration = try DatabaseConfiguration(reader: environment.reader.scoped(to: "database"))
        let lines: [String]
        do {
            lines = try await DatabaseConnector.withDatabase(configuration, logger: environment.logger) { database in
                await Self.report(database, now: Date(), lagSample: max(1, min(lagSample, 10_000)))
            }
        } catch {
            environment.print("database:   unreachable (\(type(of: error)))")
            throw ExitCode(OperatorExit.failure)
        }
        for line in lines { environment.print(line) }
    }

    /// The screen, one line per entry; a section whose tables are missing says so instead of failing the rest.
    static func report(_ database: any BillingDatabase, now: Date, lagSample: Int) async -> [String] {
        var lines: [String] = []
        let reachable = (try? await database.read { sql in try await sql.raw("SELECT 1").run() }) != nil
        lines.append("database:   \(reachable ? "reachable" : "not answering") (\(database.dialect))")
        let applied = Set((try? await Migrator().appliedMigrations(database)) ?? [])
        let pending = BillingMigrations.all.map(\.name).filter { !applied.contains($0) }
        lines.append(
            "migrations: \(BillingMigrations.all.count - pending.count) applied, \(pending.count) pending"
                + (pending.isEmpty ? "" : " (run billing migrate)")
        )
        let nowMs = Int64(now.timeIntervalSince1970 * 1000)
        if let events = try? await EventLog(database: database).status() {
            lines.append(
                "events:     \(events.total) total, \(events.pending) pending, \(events.failing) failing, "
                    + "\(events.parked) parked"
            )
            let oldest = events.oldestPendingReceivedAt.map { Self.age(milliseconds: nowMs - $0) } ?? "none"
            lines.append("oldest pending: \(oldest)")
        } else {
            lines.append("events:     unavailable (run billing migrate)")
        }
        if let lags = try? await EventLog(database: database).recentProcessingLags(limit: lagSample), !lags.isEmpty {
            let sorted = lags.sorted()
            let p50 = sorted[(sorted.count - 1) / 2]
            let p95 = sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.95).rounded(.up)) - 1)]
            lines.append(
                "lag (last \(lags.count)): p50 \(Self.age(milliseconds: p50)), p95 \(Self.age(milliseconds: p95)), "
                    + "max \(Self.age(milliseconds: sorted[sorted.count - 1]))"
            )
        } else {
            lines.append("lag:        no processed events")
        }
        let outbox = OutboxStore(database: database)
        if let backlog = try? await outbox.backlogByKind() {
            if backlog.isEmpty { lines.append("outbox:     empty") }
            for kind in backlog {
                lines.append(
                    "outbox \(kind.kind): \(kind.pending) pending, \(kind.failing) failing, \(kind.failed) failed"
                )
            }
        } else {
            lines.append("outbox:     unavailable (run billing migrate)")
        }
        if let hooks = try? await outbox.hookCounts(kind: BillingHooks.rowKind) {
            lines.append(
                "hooks:      \(hooks.failing) failing, \(hooks.failed) failed"
                    + (hooks.failing + hooks.failed > 0 ? " (billing events hooks)" : "")
            )
        }
        return lines
    }

    /// A duration for people: `850ms`, `12.3s`, `4m 05s`, `3h 20m`.
    /// - Parameter milliseconds: the duration; negative counts as zero.
    public static func age(milliseconds: Int64) -> String {
        let ms = max(0, milliseconds)
        if ms < 1000 { return "\(ms)ms" }
        if ms < 60_000 { return String(format: "%.1fs", Double(ms) / 1000) }
        let seconds = ms / 1000
        if seconds < 3600 { return String(format: "%dm %02ds", seconds / 60, seconds % 60) }
        return String(format: "%dh %02dm", seconds / 3600, (seconds % 3600) / 60)
    }
}
