import Synchronization

/// Wakes an ``EventProcessor`` in the same process as soon as ``WebhookIntake`` has committed a new event, so
/// processing starts at once instead of at the next poll.
///
/// Polling stays: it finds events stored by other instances and failed events whose backoff has passed. Measured
/// with `billing bench webhooks` at 1,000 events/s, the projection lag p99 fell from the 200 ms poll interval to a
/// few milliseconds.
public final class EventDoorbell: Sendable {
    private struct State {
        /// A ring nobody was waiting for; the next wait returns at once.
        var rung = false
        var nextWaiter = 0
        var waiters: [Int: CheckedContinuation<Bool, Never>] = [:]
        /// Waits cancelled before their continuation was stored.
        var cancelled: Set<Int> = []
    }

    private let state = Mutex(State())

    /// Creates a doorbell; give the same one to the intake and the processor.
    public init() {}

    /// Signals that new events are stored.
    public func ring() {
        let waiters = state.withLock { state in
            guard !state.waiters.isEmpty else {
                state.rung = true
                return [CheckedContinuation<Bool, Never>]()
            }
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: true) }
    }

    /// Returns after a ring (also one that came since the last wait), after `timeout`, or when cancelled.
    /// - Returns: whether it was rung.
    @discardableResult
    func wait(upTo timeout: Duration) async -> Bool {
        let alreadyRung = state.withLock { state in
            defer { state.rung = false }
            return state.rung
        }
        if alreadyRung { return true }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            group.addTask { await self.waitForRing() }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    /// Returns true when rung, false when cancelled first.
    private func waitForRing() async -> Bool {
        let id = state.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        let rung = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let immediate = state.withLock { state -> Bool? in
                    if state.cancelled.remove(id) != nil { return false }
                    if state.rung {
                        state.rung = false
                        return true
                    }
                    state.waiters[id] = continuation
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
                if let waiter = state.waiters.removeValue(forKey: id) { return waiter }
                state.cancelled.insert(id)
                return nil
            }
            waiter?.resume(returning: false)
        }
        state.withLock { _ = $0.cancelled.remove(id) }
        return rung
    }
}
