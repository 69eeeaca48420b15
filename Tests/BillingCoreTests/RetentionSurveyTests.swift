import BillingCore
import BillingDatabase
import BillingTestSupport
import SQLKit
import StripeAPI
import Testing

@Suite struct RetentionSurveyTests {
    let policy = RetentionPolicy(
        offers: [
            "too_expensive": .coupon(CouponID("SAVE20")),
            "missing_features": .planSwitch,
            "unused": .pause,
            "customer_service": .talkToUs,
        ]
    )

    @Test func surveyStoresReasonCommentAndTheOfferShown() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let store = CancellationSurveyStore(database: database, policy: policy)
            let survey = try await store.record(
                account: "acct_1",
                subscription: SubscriptionID("sub_1"),
                reason: "too_expensive",
                comment: "  <b>Too</b> pricey & \"slow\"  ",
                now: 1_000
            )
            #expect(survey.offer == .coupon(CouponID("SAVE20")))
            #expect(survey.outcome == .offered)
            let stored = try #require(try await store.latest(for: SubscriptionID("sub_1")))
            #expect(stored == survey)
            #expect(stored.comment == "<b>Too</b> pricey & \"slow\"")
        }
    }

    @Test func reasonsOutsideThePolicyAreRefused() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let store = CancellationSurveyStore(database: database, policy: policy)
            await #expect(throws: RetentionError.unknownReason) {
                try await store.record(
                    account: "acct_1",
                    subscription: SubscriptionID("sub_1"),
                    reason: "'; DROP TABLE cancellation_surveys; --",
                    comment: nil,
                    now: 1
                )
            }
        }
    }

    @Test func pauseIsOfferedOnlyWhenPausingIsEnabled() throws {
        let unused = try #require(policy.reason("unused"))
        #expect(policy.offer(for: unused) == nil)
        var enabled = policy
        enabled.pauseEnabled = true
        #expect(enabled.offer(for: unused) == .pause)
        #expect(policy.offer(for: try #require(policy.reason("other"))) == nil)
    }

    @Test func offerOutcomeCanOnlyBeResolvedByTheSurveysAccount() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let store = CancellationSurveyStore(database: database, policy: policy)
            let survey = try await store.record(
                account: "acct_1",
                subscription: SubscriptionID("sub_1"),
                reason: "customer_service",
                comment: nil,
                now: 1
            )
            await #expect(throws: RetentionError.surveyNotFound) {
                try await store.resolve(id: survey.id, account: "acct_2", outcome: .accepted, now: 2)
            }
            try await store.resolve(id: survey.id, account: "acct_1", outcome: .accepted, now: 2)
            #expect(try await store.latest(for: SubscriptionID("sub_1"))?.outcome == .accepted)
        }
    }

    @Test func surveyReasonIsMergedWithThePortalsCancellationDetails() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let store = CancellationSurveyStore(database: database, policy: policy)
            try await database.transaction { sql in
                for id in ["sub_1", "sub_2"] {
                    try await sql.raw(
                        """
                        INSERT INTO billing_subscriptions (id, stripe_customer_id, status, cancel_at_period_end, \
                        cancellation_reason, cancellation_feedback, cancellation_comment, livemode, deleted, created, \
                        snapshot_created, updated_at) VALUES (\(bind: id), 'cus_1', 'canceled', \(bind: false), \
                        'cancellation_requested', 'switched_service', 'portal comment', \(bind: false), \
                        \(bind: true), 0, 0, 0)
                        """
                    ).run()
                }
            }
            _ = try await store.record(
                account: "acct_1",
                subscription: SubscriptionID("sub_1"),
                reason: "too_complex",
                comment: "hard to use",
                now: 1
            )
            let surveyed = try await store.mergedReason(for: SubscriptionID("sub_1"))
            #expect(surveyed.reason == "too_complex")
            #expect(surveyed.comment == "hard to use")
            #expect(surveyed.portalFeedback == "switched_service")
            #expect(surveyed.stripeReason == "cancellation_requested")
            let portalOnly = try await store.mergedReason(for: SubscriptionID("sub_2"))
            #expect(portalOnly.reason == "switched_service")
            #expect(portalOnly.comment == "portal comment")
        }
    }

    @Test func saveOfferStoredFormRoundTrips() {
        for offer in [SaveOffer.coupon(CouponID("SAVE20")), .planSwitch, .pause, .talkToUs] {
            #expect(SaveOffer(storedValue: offer.storedValue) == offer)
        }
        #expect(SaveOffer(storedValue: "coupon:") == nil)
        #expect(SaveOffer(storedValue: "bogus") == nil)
    }
}
