import BillingDatabase

/// Stores intake events, optionally with group commit.
///
/// SQLite has one writer and, with `synchronous=FULL`, one fsync per commit; committing each delivery alone caps
/// intake at the disk's fsync rate. With group commit, deliveries that arrive while a commit is in flight wait
/// and are committed together in the next transaction. Every caller still returns only after *its* event is
/// committed, so nothing is acknowledged before it is durable. There is no background task: the first waiting
/// caller leads the next commit.
struct EventWriter: Sendable {
    private let eventLog: EventLog
    private let batcher: GroupCommitBatcher?

    init(eventLog: EventLog, groupCommit: Bool) {
        self.eventLog = eventLog
        self.batcher =
            groupCommit && eventLog.database.dialect == .sqlite ? GroupCommitBatcher(eventLog: eventLog) : nil
    }

    func write(_ envelope: EventEnvelope, payload: String, receivedAt: Int64) async throws -> Bool {
        if let batcher {
            return try await batcher.submit(
                EventWriter.Item(envelope: envelope, payload: payload, receivedAt: receivedAt)
            )
        }
        return try await eventLog.record(envelope, payload: payload, receivedAt: receivedAt)
    }

    struct Item: Sendable {
        var envelope: EventEnvelope
        var payload: String
        var receivedAt: Int64
    }
}

/// Leader-based group commit: at most one commit in flight; the waiters of the next batch elect a leader.
private actor GroupCommitBatcher {
    private enum Role: Sendable {
        case done(Bool)
        case lead
    }

    private struct Waiter {
        var ticket: Int
        var item: EventWriter.Item
        var continuation: CheckedContinuation<Role, any Error>?
    }

    private static let maxBatch = 512
    private let eventLog: EventLog
    private var pending: [Waiter] = []
    private var isCommitting = false
    private var nextTicket = 0

    init(eventLog: EventLog) {
        self.eventLog = eventLog
    }

    func submit(_ item: EventWriter.Item) async throws -> Bool {
        let ticket = nextTicket
        nextTicket += 1
        if isCommitting {
            let role = try await withCheckedThrowingContinuation { continuation in
                pending.append(Waiter(ticket: ticket, item: item, continuation: continuation))
            }
            if case .done(let inserted) = role { return inserted }
            // Elected leader: our own item is still in `pending`, without a continuation.
        } else {
            isCommitting = true
            pending.append(Waiter(ticket: ticket, item: item, continuation: nil))
        }
        return try await lead(ticket: ticket)
    }

    private func lead(ticket: Int) async throws -> Bool {
        let count = min(pending.count, Self.maxBatch)
        let batch = Array(pending.prefix(count))
        pending.removeFirst(count)
        let outcome: Result<[Bool], any Error>
        do {
            let items = batch.map(\.item)
            outcome = .success(
                try await eventLog.database.statement(.urgent) { sql in
                    try await EventLog.insertBatch(items, on: sql)
                }
            )
        } catch {
            outcome = .failure(error)
        }
        var own: Result<Bool, any Error> = .failure(CancellationError())
        for (index, waiter) in batch.enumerated() {
            let result = outcome.map { $0[index] }
            if waiter.ticket == ticket {
                own = result
            } else {
                waiter.continuation?.resume(with: result.map { Role.done($0) })
            }
        }
        if pending.isEmpty {
            isCommitting = false
        } else {
            let next = pending[0].continuation
            pending[0].continuation = nil
            next?.resume(returning: .lead)
        }
        return try own.get()
    }
}
