public import ArgumentParser
import BillingCore
import BillingDatabase
import Foundation
import StripeAPI

/// `billing events list|show|retry|replay|hooks`: inspect the event log, re-run processing, and see the host's hook
/// calls that are failing.
public struct EventsCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Inspect the Stripe event log and re-run processing.",
        subcommands: [List.self, Show.self, Retry.self, Replay.self, Hooks.self]
    )

    public init() {}

    /// `events list`: newest first.
    public struct List: OperatorCommand {
        public static let configuration = CommandConfiguration(abstract: "List stored events, newest first.")

        @Option(help: "How many events to show.")
        var limit = 20
        @Flag(help: "Only events whose processing failed.")
        var failed = false
        @Flag(help: "Only events not processed yet.")
        var pending = false
        @OptionGroup public var options: OperatorOptions

        public init() {}

        public func run(in environment: CLIEnvironment) async throws {
            let filter: EventLog.Filter = failed ? .failing : pending ? .pending : .all
            let limit = max(1, min(limit, 1000))
            try await environment.withDatabase { database in
                let log = EventLog(database: database)
                let counts = try await log.counts()
                let rows = try await log.recentEvents(filter, limit: limit)
                environment.print(
                    "\(counts.total) events: \(counts.total - counts.pending) processed, \(counts.pending) pending, "
                        + "\(counts.failing) failing"
                )
                for event in rows { environment.print(EventsCommand.line(for: event)) }
                let hooks = try await OutboxStore(database: database).hookCounts(kind: BillingHooks.rowKind)
                if hooks.failing + hooks.failed > 0 {
                    environment.print(
                        "hooks: \(hooks.pending) pending, \(hooks.failing) failing, \(hooks.failed) failed "
                            + "(billing events hooks)"
                    )
                }
            }
        }
    }

    /// `events show ID`.
    public struct Show: OperatorCommand {
        public static let configuration = CommandConfiguration(abstract: "Print one event and its payload.")

        @Argument(help: "The event id (evt_…).")
        var id: String
        @OptionGroup public var options: OperatorOptions

        public init() {}

        public func run(in environment: CLIEnvironment) async throws {
            try await environment.withDatabase { database in
                guard let event = try await EventLog(database: database).event(EventID(id)) else {
                    throw CLIError.notFound("no event \(id) in the log")
                }
                environment.print(EventsCommand.line(for: event))
                environment.print("received:  \(EventsCommand.date(milliseconds: event.receivedAt))")
                environment.print("processed: \(event.processedAt.map(EventsCommand.date(milliseconds:)) ?? "no")")
                environment.print("attempts:  \(event.attempts)")
                if let error = event.lastError { environment.print("error:     \(error)") }
                environment.print(EventsCommand.pretty(event.payload))
            }
        }
    }

    /// `events retry [ID…] [--failed]`: make failed events due now and process them.
    public struct Retry: OperatorCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Retry failed events now (by id, or every failing one with --failed)."
        )

        @Argument(help: "Event ids to retry.")
        var ids: [String] = []
        @Flag(help: "Retry every event whose processing failed.")
        var failed = false
        @Flag(help: "Only make them due; the running app processes them (and calls its own hooks).")
        var queueOnly = false
        @OptionGroup public var options: OperatorOptions

        public init() {}

        public func validate() throws {
            if ids.isEmpty && !failed { throw ValidationError("name event ids or pass --failed") }
        }

        public func run(in environment: CLIEnvironment) async throws {
            let stripe = try environment.stripeClient()
            try await environment.withDatabase { database in
                let log = EventLog(database: database)
                var targets = ids.map { EventID($0) }
                if failed { targets += try await log.failingEventIDs() }
                var queued = 0
                for id in targets where try await log.retry(id) { queued += 1 }
                if queueOnly {
                    environment.print("queued \(queued) event(s) for retry by the running app")
                    return
                }
                let processed = try await EventsCommand.drain(database, stripe: stripe, environment: environment)
                let counts = try await log.counts()
                environment.print(
                    "queued \(queued) event(s) for retry; processed \(processed); \(counts.failing) still failing"
                )
            }
        }
    }

    /// `events replay --since T`: run already-processed events through the reducer again.
    public struct Replay: OperatorCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Re-process every event created since a time (safe: older snapshots never overwrite newer).",
            discussion: "T is an ISO 8601 time (2026-11-01T00:00:00Z), Unix seconds, or an age such as 2h or 7d."
        )

        @Option(help: "Replay events created at or after this time.")
        var since: String
        @Flag(help: "Only mark them for reprocessing; the running app processes them (and calls its own hooks).")
        var queueOnly = false
        @OptionGroup public var options: OperatorOptions

        public init() {}

        public func run(in environment: CLIEnvironment) async throws {
            let start = try EventsCommand.parseTime(since, now: Date())
            let stripe = try environment.stripeClient()
            try await environment.withDatabase { database in
                let seconds = Int64(start.timeIntervalSince1970)
                let reset = try await EventLog(database: database).markForReprocessing(createdSince: seconds)
                if queueOnly {
                    environment.print("marked \(reset) event(s) for reprocessing by the running app")
                    return
                }
                let processed = try await EventsCommand.drain(database, stripe: stripe, environment: environment)
                environment.print(
                    "replayed \(processed) of \(reset) event(s) created since \(start.formatted(.iso8601))"
                )
            }
        }
    }

    static func drain(_ database: any BillingDatabase, stripe: StripeClient, environment: CLIEnvironment) async throws
        -> Int
    {
        // Billing's own hooks (the win-back sequence, the dunning mails) are registered as an app built from
        // configuration registers them (such an app always has mail: SMTP or the development folder); a host's own
        // handlers live in its process, which is why `--queue-only` leaves processing to it.
        let hooks = BillingHooks()
        WinBackSequence.standard.register(in: hooks, database: database, now: { Date() })
        DunningMail.register(in: hooks, database: database, now: { Date() })
        return try await EventProcessor(database: database, fetcher: stripe, logger: environment.logger, hooks: hooks)
            .drain()
    }

    /// `events hooks [--failed]`: hook calls that have not succeeded.
    public struct Hooks: OperatorCommand {
        public static let configuration = CommandConfiguration(
            abstract: "List hook calls that are failing (retried with backoff) or failed (gave up), newest first."
        )

        @Flag(help: "Only calls that gave up.")
        var failed = false
        @Option(help: "How many to show.")
        var limit = 20
        @OptionGroup public var options: OperatorOptions

        public init() {}

        public func run(in environment: CLIEnvironment) async throws {
            try await environment.withDatabase { database in
                let outbox = OutboxStore(database: database)
                let counts = try await outbox.hookCounts(kind: BillingHooks.rowKind)
                environment.print(
                    "hooks: \(counts.done) done, \(counts.pending) pending, \(counts.failing) failing, "
                        + "\(counts.failed) failed"
                )
                let rows = try await outbox.unfinished(
                    kind: BillingHooks.rowKind,
                    failedOnly: failed,
                    limit: max(1, min(limit, 1000))
                )
                for row in rows {
                    let state = row.failedAt != nil ? "failed×\(row.attempts)" : "retry×\(row.attempts)"
                    let next = row.failedAt == nil ? "  next \(EventsCommand.date(milliseconds: row.sendAfter))" : ""
                    environment.print(
                        "\(row.dedupeKey)  \(state)  \(row.lastError ?? "")\(next)"
                    )
                }
            }
        }
    }

    static func line(for event: EventLog.StoredEvent) -> String {
        let state =
            event.processedAt != nil ? "processed" : event.attempts > 0 ? "failed×\(event.attempts)" : "pending"
        let created = Date(timeIntervalSince1970: TimeInterval(event.created)).formatted(.iso8601)
        return "\(event.id)  \(created)  \(state.padding(toLength: 10, withPad: " ", startingAt: 0))  \(event.type)"
    }

    static func date(milliseconds: Int64) -> String {
        Date(timeIntervalSince1970: TimeInterval(milliseconds) / 1000).formatted(.iso8601)
    }

    static func pretty(_ payload: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload.utf8)),
            let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        else { return payload }
        return String(decoding: data, as: UTF8.self)
    }

    /// ISO 8601, Unix seconds, or an age (`90s`, `30m`, `2h`, `7d`) before `now`.
    static func parseTime(_ text: String, now: Date) throws -> Date {
        if let seconds = Int64(text) { return Date(timeIntervalSince1970: TimeInterval(seconds)) }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        if let unit = text.last.flatMap({ units[$0] }), let amount = Double(text.dropLast()), amount >= 0 {
            return now.addingTimeInterval(-amount * unit)
        }
        throw CLIError.invalidArgument("--since takes an ISO 8601 time, Unix seconds, or an age such as 2h or 7d")
    }
}
