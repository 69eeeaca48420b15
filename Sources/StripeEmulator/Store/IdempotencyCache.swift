/// Stripe's idempotency: the first response for an `Idempotency-Key` is stored and replayed for retries with the
/// same parameters; other parameters or another endpoint get an `idempotency_error`.
actor IdempotencyCache {
    struct Stored: Sendable {
        let status: Int
        let body: [UInt8]
        let requestID: String
    }

    enum Decision: Sendable {
        case proceed
        case replay(Stored)
        case reject(StripeAPIError)
    }

    private struct Entry {
        let endpoint: String
        let fingerprint: String
        var stored: Stored?
        let createdAt: Int
    }

    /// Keys are forgotten after 24 hours, as on Stripe.
    private static let lifetime = 86_400
    private var entries: [String: Entry] = [:]
    private var insertions = 0

    func begin(key: String, endpoint: String, fingerprint: String, now: Int) -> Decision {
        if let entry = entries[key], now - entry.createdAt < Self.lifetime {
            guard entry.endpoint == endpoint else { return .reject(.idempotencyEndpoint(key)) }
            guard entry.fingerprint == fingerprint else { return .reject(.idempotencyMismatch(key)) }
            guard let stored = entry.stored else { return .reject(.idempotencyInFlight) }
            return .replay(stored)
        }
        entries[key] = Entry(endpoint: endpoint, fingerprint: fingerprint, stored: nil, createdAt: now)
        insertions += 1
        if insertions % 10_000 == 0 { prune(now: now) }
        return .proceed
    }

    /// Stores the response, or forgets the key when the request failed validation (so it can be retried).
    func finish(key: String, stored: Stored?) {
        if let stored {
            entries[key]?.stored = stored
        } else {
            entries[key] = nil
        }
    }

    private func prune(now: Int) {
        entries = entries.filter { now - $0.value.createdAt < Self.lifetime }
    }
}
