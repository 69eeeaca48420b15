import StripeAPI

/// The projection writes of several events, reduced in memory so they reach the database as one multi-row statement
/// per table.
///
/// Per object only the last snapshot applied survives (the one the ordering rule would have left in the row after
/// applying the events one by one); customer mappings and outbox messages keep their event order, because for
/// both the first row wins.
struct ProjectionBatch: Sendable {
    /// A row for `billing_customers`, inserted unless the account or the customer is mapped already.
    struct CustomerMapping: Sendable, Equatable {
        var account: String
        var customer: String
        var livemode: Bool
    }

    private(set) var snapshots: [String: (snapshot: ObjectSnapshot, version: SnapshotVersion)] = [:]
    /// The keys of ``snapshots`` in the order first written, so statements are deterministic.
    private(set) var order: [String] = []
    private(set) var mappings: [CustomerMapping] = []
    private(set) var outbox: [(message: OutboxMessage, sourceEventID: String?)] = []

    var isEmpty: Bool { snapshots.isEmpty && mappings.isEmpty && outbox.isEmpty }

    /// Records `snapshot` as its object's state at `version`, replacing an earlier one of the same object.
    mutating func write(_ snapshot: ObjectSnapshot, version: SnapshotVersion) {
        let key = snapshot.key
        if snapshots.updateValue((snapshot, version), forKey: key) == nil { order.append(key) }
        // A customer created outside this library (Dashboard, another service) still maps to its account.
        if case .customer(let customer) = snapshot, let account = customer.accountID, !version.isTerminal {
            mappings.append(CustomerMapping(account: account.rawValue, customer: customer.id.rawValue, livemode: false))
        }
    }

    /// Records a completed Checkout's account-to-customer link.
    mutating func link(_ link: CustomerLink) {
        mappings.append(
            CustomerMapping(account: link.account.rawValue, customer: link.customer.rawValue, livemode: link.livemode)
        )
    }

    /// Records outbox messages caused by one event.
    mutating func enqueue(_ messages: [OutboxMessage], sourceEventID: String) {
        outbox.append(contentsOf: messages.map { ($0, sourceEventID) })
    }

    /// The recorded snapshots in first-written order.
    var orderedSnapshots: [(snapshot: ObjectSnapshot, version: SnapshotVersion)] {
        order.compactMap { snapshots[$0] }
    }
}
