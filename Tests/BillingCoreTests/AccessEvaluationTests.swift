import Foundation
import StripeAPI
import Testing

@testable import BillingCore

/// The status table of `access(for:)`, without a database.
@Suite struct AccessEvaluationTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    static func row(_ configure: (inout SubscriptionRow) -> Void) -> SubscriptionRow {
        var row = SubscriptionRow(
            id: "sub_1",
            stripeCustomerID: "cus_1",
            status: "active",
            cancelAtPeriodEnd: false,
            currentPeriodEnd: 1_780_500_000,
            livemode: false,
            deleted: false,
            created: 1_770_000_000,
            snapshotCreated: 1_779_000_000
        )
        configure(&row)
        return row
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var row: SubscriptionRow
        var policy = AccessPolicy()
        var status: BillingAccess.Status
        var entitled: Bool
        var grace = false
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "active", row: row { _ in }, status: .active, entitled: true),
        Case(
            name: "trialing",
            row: row {
                $0.status = "trialing"
                $0.trialEnd = 1_780_100_000
            },
            status: .trialing(endsAt: Date(timeIntervalSince1970: 1_780_100_000)),
            entitled: true
        ),
        Case(name: "past due", row: row { $0.status = "past_due" }, status: .pastDue, entitled: true),
        Case(
            name: "past due, strict policy",
            row: row { $0.status = "past_due" },
            policy: AccessPolicy(pastDueIsEntitled: false),
            status: .pastDue,
            entitled: false
        ),
        Case(name: "unpaid", row: row { $0.status = "unpaid" }, status: .pastDue, entitled: false),
        Case(name: "paused status", row: row { $0.status = "paused" }, status: .paused, entitled: false),
        Case(name: "pause_collection", row: row { $0.pauseBehavior = "void" }, status: .paused, entitled: false),
        Case(
            name: "paused, lenient policy",
            row: row { $0.pauseBehavior = "keep_as_draft" },
            policy: AccessPolicy(pausedIsEntitled: true),
            status: .paused,
            entitled: true
        ),
        Case(
            name: "cancel at period end",
            row: row { $0.cancelAtPeriodEnd = true },
            status: .canceling(endsAt: Date(timeIntervalSince1970: 1_780_500_000)),
            entitled: true,
            grace: true
        ),
        Case(
            name: "cancel_at",
            row: row { $0.cancelAt = 1_780_200_000 },
            status: .canceling(endsAt: Date(timeIntervalSince1970: 1_780_200_000)),
            entitled: true,
            grace: true
        ),
        Case(name: "cancel date passed", row: row { $0.cancelAt = 1_779_000_000 }, status: .canceled, entitled: false),
        Case(
            name: "deleted",
            row: row {
                $0.status = "canceled"
                $0.deleted = true
            },
            status: .canceled,
            entitled: false
        ),
        Case(name: "incomplete", row: row { $0.status = "incomplete" }, status: .none, entitled: false),
    ]

    @Test(arguments: cases)
    func statusAndEntitlementFollowTheSubscription(_ testCase: Case) {
        let access = AccessChecker.evaluate(
            testCase.row,
            method: nil,
            invoice: nil,
            policy: testCase.policy,
            now: Self.now
        )

        #expect(access.status == testCase.status)
        #expect(access.isEntitled == testCase.entitled)
        #expect(access.onGracePeriod == testCase.grace)
    }

    @Test func liveSubscriptionWinsOverAnEndedOne() {
        let ended = Self.row {
            $0.id = "sub_old"
            $0.status = "canceled"
            $0.deleted = true
            $0.created = 1_779_500_000
        }
        let live = Self.row { $0.id = "sub_new" }

        #expect(AccessChecker.current([ended, live])?.id == "sub_new")
        #expect(AccessChecker.current([live, ended])?.id == "sub_new")
    }
}
