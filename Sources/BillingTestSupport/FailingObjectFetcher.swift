public import BillingCore
import StripeAPI

/// A ``BillingCore/StripeObjectFetcher`` that answers only what a test stubbed, records every call, and throws
/// ``UnstubbedCall`` for anything else, so an unexpected re-fetch fails the test instead of returning a default.
public actor FailingObjectFetcher: StripeObjectFetcher {
    private var stubs: [ObjectReference: ObjectSnapshot?] = [:]
    /// Every reference asked for, in order.
    public private(set) var calls: [ObjectReference] = []

    /// Creates a fetcher with no stubs.
    public init() {}

    /// Answers `reference` with `snapshot` (nil: Stripe no longer has it).
    public func stub(_ reference: ObjectReference, with snapshot: ObjectSnapshot?) {
        stubs[reference] = .some(snapshot)
    }

    public func currentSnapshot(of object: ObjectReference) async throws -> ObjectSnapshot? {
        calls.append(object)
        guard let stub = stubs[object] else { throw UnstubbedCall(description: "currentSnapshot(of: \(object))") }
        return stub
    }
}

/// A fake was called in a way the test did not stub.
public struct UnstubbedCall: Error, Equatable, Sendable, CustomStringConvertible {
    /// The call.
    public let description: String

    /// Creates the error.
    public init(description: String) {
        self.description = description
    }
}
