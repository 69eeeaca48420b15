import BillingDatabase
import BillingTestSupport
import Configuration
import Foundation
import HTTPTypes
import SQLKit
import Testing

@Suite struct InsightsPageTests {
    static let admin: [String: ConfigValue] = ["app.adminEmails": .init(.string("Boss@Example.test"), isSecret: false)]

    func seed(_ path: String) async throws {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        try await DatabaseConnector.withDatabase(
            DatabaseConfiguration(backend: .sqlite(.file(path))),
            logger: TestDatabase.logger
        ) { database in
            try await database.transaction { sql in
                let rows: [(String, String, String?, String)] = [
                    ("srv_1", "too_expensive", "<script>alert('c')</script>", "declined"),
                    ("srv_2", "<img src=x onerror=alert(1)>", nil, "none"),
                    ("srv_3", "missing_features", nil, "accepted"),
                    ("srv_4", "missing_features", "fine & dandy", "declined"),
                ]
                for (id, reason, comment, outcome) in rows {
                    try await sql.raw(
                        """
                        INSERT INTO cancellation_surveys (id, account_id, subscription_id, reason, comment, offer, \
                        outcome, created_at, updated_at) VALUES (\(bind: id), 'acct', 'sub_1', \(bind: reason), \
                        \(bind: comment), NULL, \(bind: outcome), \(bind: now), \(bind: now))
                        """
                    ).run()
                }
                try await sql.raw(
                    """
                    INSERT INTO stripe_events (id, type, created, livemode, payload, received_at, attempts, \
                    last_error, next_attempt_at) VALUES ('evt_failed_1', 'invoice.paid', 1, \(bind: false), '{}', 1, \
                    3, '<b>boom</b>', \(bind: now + 3_600_000))
                    """
                ).run()
            }
        }
    }

    @Test func adminSeesEscapedReasonsCommentsSaveRateAndFailedEvents() async throws {
        try await ProductHarness.withApp(stripe: .unreachable, extra: Self.admin) { browser, path in
            try await seed(path)
            _ = try await browser.signUp(email: "boss@example.test")
            let page = try await browser.get("/admin/insights")
            #expect(page.status == .ok)
            #expect(page.body.contains("data-testid=\"cancellations-chart\""))
            #expect(!page.body.contains("<script>alert"))
            #expect(!page.body.contains("<img src=x"))
            #expect(page.body.contains("&lt;img src=x onerror=alert(1)&gt;"))
            #expect(page.body.contains("fine &amp; dandy"))
            #expect(page.body.contains("&lt;b&gt;boom&lt;/b&gt;"))
            // Shown: every survey with an offer outcome other than none (3); accepted: 1.
            #expect(page.body.contains("33 %"))
            #expect(page.body.contains("1 accepted of 3 shown"))
            let token = try #require(page.csrfToken)
            let forged = try await browser.post(
                "/admin/insights/events/evt_failed_1/retry",
                form: [("csrf_token", "x")]
            )
            #expect(forged.status == .forbidden)
            let retried = try await browser.post(
                "/admin/insights/events/evt_failed_1/retry",
                form: [("csrf_token", token)]
            )
            #expect(retried.status == .seeOther)
            let state = try await DatabaseConnector.withDatabase(
                DatabaseConfiguration(backend: .sqlite(.file(path))),
                logger: TestDatabase.logger
            ) { database in
                try await database.read { sql -> (due: Int64, attempts: Int64)? in
                    guard
                        let row = try await sql.raw(
                            "SELECT next_attempt_at, attempts FROM stripe_events WHERE id = 'evt_failed_1'"
                        ).first()
                    else { return nil }
                    return (
                        try row.decode(column: "next_attempt_at", as: Int64.self),
                        try row.decode(column: "attempts", as: Int64.self)
                    )
                }
            }
            // The parked event is due again; the running processor may already have tried it once more (and, since
            // its payload is empty, failed and scheduled a new backoff), which also proves the retry took effect.
            let retriedState = try #require(state)
            #expect(retriedState.due <= Int64(Date().timeIntervalSince1970 * 1000) || retriedState.attempts > 3)
        }
    }

    @Test func nonAdminsAndVisitorsGetNotFound() async throws {
        try await ProductHarness.withApp(stripe: .unreachable, extra: Self.admin) { browser, _ in
            let anonymous = try await browser.get("/admin/insights")
            #expect(anonymous.status == .notFound)
            _ = try await browser.signUp(email: "someone@example.test")
            let member = try await browser.get("/admin/insights")
            #expect(member.status == .notFound)
        }
    }
}
