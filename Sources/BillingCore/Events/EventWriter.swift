import BillingDatabase

/// Stores intake events, optionally with group commit.
///
/// SQLite has one writer and, with `synchronous=FULL`, one fsync per commit; committing each delivery alone caps
/// intake at the disk's fsync rate. PostgreSQL pays a round trip and a WAL flush per commit. With group commit,
/// deliveries that arrive while the commits in flight run wait and are committed together in one multi-row
/// `INSERT … ON CONFLICT DO NOTHING`, one commit. Every caller still returns only after *its* event is committed,
/// so nothing is acknowledged before it is durable. There is no background task: the first waiting caller leads
/// the next commit.
struct EventWriter: Sendable {
    private let eventLog: EventLog
    private let batcher: GroupCommitBatcher?

    init(eventLog: EventLog, groupCommit: Bool) {
        self.eventLog = eventLog
        // SQLite has one writer, so a second commit in flight would only queue behind the first. A PostgreSQL pool
        // commits on several connections at once: a few leaders keep the pool busy while each batch grows with
        // the load, instead of one round trip at a time bounding throughput.
        let inFlight = eventLog.database.dialect == .sqlite ? 1 : 4
        self.batcher = groupCommit ? GroupCommitBatcher(eventLog: eventLog, maxInFlight: inFlight) : nil
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

/// Leader-based group commit: at most `maxInFlight` commits in flight; a finishing leader hands the lead to the
/// first waiter, which commits everything that queued meanwhile.
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
    private let maxInFlight: Int
    private var pending: [Waiter] = []
    private var inFlight = 0
    private var nextTicket = 0

    init(eventLog: EventLog, maxInFlight: Int) {
        self.eventLog = eventLog
        self.maxInFlight = max(1, maxInFlight)
    }

    func submit(_ item: EventWriter.Item) async throws -> Bool {
        let ticket = nextTicket
        nextTicket += 1
        if inFlight >= maxInFlight {
            let role = try await withCheckedThrowingContinuation { continuation in
                pending.append(Waiter(ticket: ticket, item: item, continuation: continuation))
            }
            if case .done(let inserted) = role { return inserted }
            // Elected leader: our own item is still in `pending`, without a continuation.
        } else {
            inFlight += 1
            pending.append(Waiter(ticket: ticket, item: item, continuation: nil))
        }
        return try await lead(ticket: ticket)
    }

    private func lead(ticket: Int) async throws -> Bool {
        // Our own item is still in `pending` (appended, or left there when we were elected). Waiters without a
        // continuation are leaders elected but not yet running: they commit their own items, so no batch takes them.
        guard let ownIndex = pending.firstIndex(where: { $0.ticket == ticket }) else {
            preconditionFailure("a leader's own item stays pending until it leads")
        }
        var batch = [pending.remove(at: ownIndex)]
        var kept: [Waiter] = []
        for waiter in pending {
            if waiter.continuation != nil, batch.count < Self.maxBatch {
                batch.append(waiter)
            } else {
                kept.append(waiter)
            }
        }
        pending = kept
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
        for (index, waiter) in batch.enumerated().dropFirst() {
            waiter.continuation?.resume(with: outcome.map { Role.done($0[index]) })
        }
        // Hand the lead to the first waiter that is not leading already (an elected leader has no continuation).
        if let next = pending.firstIndex(where: { $0.continuation != nil }) {
            let continuation = pending[next].continuation
            pending[next].continuation = nil
            continuation?.resume(returning: .lead)
        } else {
            inFlight -= 1
        }
        return try outcome.map { $0[0] }.get()
    }
}
