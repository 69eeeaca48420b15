/// When the processor asks Stripe for an object's current state instead of trusting the event's snapshot.
public enum RefetchPolicy: String, Sendable, Equatable, CaseIterable {
    /// Re-fetch on every event that is not stale (most API calls, always fresh).
    case always
    /// Re-fetch only when two different snapshots carry the same `created` second (the default).
    case onTie
    /// Never call Stripe; on a tie the snapshot of the greater event id wins, a deterministic but arbitrary
    /// choice.
    case never
}

/// The version of the snapshot a projection row holds.
public struct SnapshotVersion: Sendable, Equatable {
    /// The `created` of the event (or the fetch time) the snapshot came from, in Unix seconds.
    public var created: Int64
    /// The event that delivered it.
    public var eventID: String?
    /// Whether the object is gone for good (deleted subscription, detached payment method, deleted customer).
    public var isTerminal: Bool

    /// Creates a version.
    public init(created: Int64, eventID: String?, isTerminal: Bool) {
        self.created = created
        self.eventID = eventID
        self.isTerminal = isTerminal
    }
}

/// The ordering rule that makes the projection independent of delivery order and duplication.
///
/// Per object, keep the version of the last applied snapshot; apply only newer snapshots; a terminal snapshot
/// (deletion) wins and nothing after it applies; on a tie, re-fetch per ``RefetchPolicy``.
public enum SnapshotOrdering {
    /// What to do with an incoming snapshot.
    public enum Decision: Sendable, Equatable {
        /// Write the snapshot.
        case apply
        /// Drop it: older than, or the same as, what is stored, or the object is gone.
        case ignore
        /// Ask Stripe for the current object and write that instead.
        case refetch
    }

    /// Decides about one incoming snapshot. Pure: no I/O, no clock.
    /// - Parameters:
    ///   - stored: the version in the projection, nil when the object is new.
    ///   - incoming: the incoming snapshot's version.
    ///   - policy: the re-fetch policy.
    public static func decide(
        stored: SnapshotVersion?,
        incoming: SnapshotVersion,
        policy: RefetchPolicy
    ) -> Decision {
        if let stored, stored.isTerminal {
            // Two terminal snapshots: keep the greatest (created, event id) so the choice is order-independent.
            guard incoming.isTerminal, isGreater(incoming, than: stored) else { return .ignore }
            return .apply
        }
        if incoming.isTerminal { return .apply }
        guard let stored else { return policy == .always ? .refetch : .apply }
        if incoming.eventID != nil, incoming.eventID == stored.eventID { return .ignore }
        if incoming.created < stored.created { return .ignore }
        if incoming.created > stored.created { return policy == .always ? .refetch : .apply }
        switch policy {
        case .always, .onTie: return .refetch
        case .never: return isGreater(incoming, than: stored) ? .apply : .ignore
        }
    }

    static func isGreater(_ lhs: SnapshotVersion, than rhs: SnapshotVersion) -> Bool {
        if lhs.created != rhs.created { return lhs.created > rhs.created }
        return (lhs.eventID ?? "") > (rhs.eventID ?? "")
    }
}
