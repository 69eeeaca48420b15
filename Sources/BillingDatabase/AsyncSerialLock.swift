/// A FIFO lock for async code with two priorities, so one SQLite connection runs one transaction at a time and
/// short latency-critical transactions (webhook intake) go before queued background ones (event processing).
actor AsyncSerialLock {
    private var isLocked = false
    private var urgent: [CheckedContinuation<Void, Never>] = []
    private var normal: [CheckedContinuation<Void, Never>] = []

    /// Whether urgent callers are waiting (the holder may choose to finish early).
    var hasUrgentWaiters: Bool { !urgent.isEmpty }

    func acquire(urgent isUrgent: Bool = false) async {
        guard isLocked else {
            isLocked = true
            return
        }
        await withCheckedContinuation { continuation in
            if isUrgent { urgent.append(continuation) } else { normal.append(continuation) }
        }
    }

    func release() {
        // Ownership passes straight to the next waiter; the lock stays taken.
        if !urgent.isEmpty {
            urgent.removeFirst().resume()
        } else if !normal.isEmpty {
            normal.removeFirst().resume()
        } else {
            isLocked = false
        }
    }
}
