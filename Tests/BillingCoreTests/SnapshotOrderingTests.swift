import BillingCore
import Testing

/// The ordering rule as a table, without a database.
@Suite struct SnapshotOrderingTests {
    typealias V = SnapshotVersion

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var stored: V?
        var incoming: V
        var policy: RefetchPolicy
        var expected: SnapshotOrdering.Decision
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "new object",
            stored: nil,
            incoming: V(created: 5, eventID: "b", isTerminal: false),
            policy: .onTie,
            expected: .apply
        ),
        Case(
            name: "new object, always",
            stored: nil,
            incoming: V(created: 5, eventID: "b", isTerminal: false),
            policy: .always,
            expected: .refetch
        ),
        Case(
            name: "newer",
            stored: V(created: 4, eventID: "a", isTerminal: false),
            incoming: V(created: 5, eventID: "b", isTerminal: false),
            policy: .onTie,
            expected: .apply
        ),
        Case(
            name: "older",
            stored: V(created: 6, eventID: "a", isTerminal: false),
            incoming: V(created: 5, eventID: "b", isTerminal: false),
            policy: .onTie,
            expected: .ignore
        ),
        Case(
            name: "same event again",
            stored: V(created: 5, eventID: "b", isTerminal: false),
            incoming: V(created: 5, eventID: "b", isTerminal: false),
            policy: .always,
            expected: .ignore
        ),
        Case(
            name: "tie, on tie",
            stored: V(created: 5, eventID: "a", isTerminal: false),
            incoming: V(created: 5, eventID: "b", isTerminal: false),
            policy: .onTie,
            expected: .refetch
        ),
        Case(
            name: "tie, never, greater id",
            stored: V(created: 5, eventID: "a", isTerminal: false),
            incoming: V(created: 5, eventID: "b", isTerminal: false),
            policy: .never,
            expected: .apply
        ),
        Case(
            name: "tie, never, smaller id",
            stored: V(created: 5, eventID: "b", isTerminal: false),
            incoming: V(created: 5, eventID: "a", isTerminal: false),
            policy: .never,
            expected: .ignore
        ),
        Case(
            name: "deletion wins over newer state",
            stored: V(created: 9, eventID: "a", isTerminal: false),
            incoming: V(created: 5, eventID: "b", isTerminal: true),
            policy: .onTie,
            expected: .apply
        ),
        Case(
            name: "nothing after deletion",
            stored: V(created: 5, eventID: "a", isTerminal: true),
            incoming: V(created: 9, eventID: "b", isTerminal: false),
            policy: .always,
            expected: .ignore
        ),
        Case(
            name: "later deletion replaces earlier",
            stored: V(created: 5, eventID: "a", isTerminal: true),
            incoming: V(created: 6, eventID: "b", isTerminal: true),
            policy: .onTie,
            expected: .apply
        ),
        Case(
            name: "earlier deletion ignored",
            stored: V(created: 6, eventID: "a", isTerminal: true),
            incoming: V(created: 5, eventID: "b", isTerminal: true),
            policy: .onTie,
            expected: .ignore
        ),
    ]

    @Test(arguments: cases)
    func decisionFollowsTheOrderingRule(_ testCase: Case) {
        #expect(
            SnapshotOrdering.decide(stored: testCase.stored, incoming: testCase.incoming, policy: testCase.policy)
                == testCase.expected
        )
    }
}
