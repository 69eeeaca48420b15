import NIOCore
import Synchronization

/// Encoded response bodies of unchanged objects, readable without waiting for the store actor.
///
/// Retrieves dominate emulator traffic. Re-encoding the whole tree (explicit nulls included) on every read, and
/// then hopping onto the store's executor for it, made `GET /v1/customers/:id` the slowest read; a profile of
/// cached reads through the actor was still mostly thread switches. Bodies are added by the store when it
/// encodes an object and removed by the store inside every transaction that changes the object, before that
/// transaction's response is sent.
final class PublishedBodies: Sendable {
    private struct Entry {
        let kind: String
        let body: ByteBuffer
    }

    private let entries = Mutex<[String: Entry]>([:])

    /// The body of `id` when it is published and of `kind` (another kind reads as missing).
    func body(_ id: String, kind: String) -> ByteBuffer? {
        entries.withLock { entries in
            guard let entry = entries[id], entry.kind == kind else { return nil }
            return entry.body
        }
    }

    func publish(_ id: String, kind: String, body: ByteBuffer) {
        entries.withLock { $0[id] = Entry(kind: kind, body: body) }
    }

    func drop(_ ids: Set<String>) {
        guard !ids.isEmpty else { return }
        entries.withLock { entries in
            for id in ids { entries[id] = nil }
        }
    }

    func contains(_ id: String) -> Bool {
        entries.withLock { $0[id] != nil }
    }
}
