import BillingDatabase
import BillingTestSupport
import Configuration
import Foundation
import HTTPTypes
import SQLKit
import Testing

/// The cancellation survey end to end at router level: the app's routes, the emulator's portal driven over HTTP.
@Suite struct CancellationSurveyTests {
    static let offers: [String: ConfigValue] = [
        "billing.survey.offers": .init(
            .string("too_expensive=coupon:SAVE20,missing_features=plan_switch,customer_service=talk_to_us"),
            isSecret: false
        )
    ]

    func withSubscribedApp(
        extra: [String: ConfigValue] = offers,
        _ body: @Sendable (Browser, RunningEmulator, String, String) async throws -> Void
    ) async throws {
        try await EmulatorHarness.withEmulator { running in
            let coupon = try await running.raw(.post, "/v1/coupons", body: "id=SAVE20&percent_off=20&duration=forever")
            #expect(coupon.status == 200)
            try await ProductHarness.withApp(stripe: .emulator(running), extra: extra) { browser, path in
                _ = try await BillingPageTests.subscribe(browser, running, email: "leaver@example.test")
                let list = try await running.raw(.get, "/v1/subscriptions")
                let json = try JSONSerialization.jsonObject(with: list.body) as? [String: Any]
                let first = (json?["data"] as? [[String: Any]])?.first
                let subscription = try #require(first?["id"] as? String)
                try await body(browser, running, path, subscription)
            }
        }
    }

    func subscriptionJSON(_ running: RunningEmulator, _ id: String) async throws -> [String: Any] {
        let response = try await running.raw(.get, "/v1/subscriptions/\(id)")
        return try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
    }

    func storedSurvey(_ path: String) async throws -> (reason: String, comment: String?, outcome: String)? {
        try await DatabaseConnector.withDatabase(
            DatabaseConfiguration(backend: .sqlite(.file(path))),
            logger: TestDatabase.logger
        ) { database in
            try await database.read { sql in
                try await sql.raw("SELECT reason, comment, outcome FROM cancellation_surveys").first().map {
                    (
                        try $0.decode(column: "reason", as: String.self),
                        try $0.decode(column: "comment", as: String?.self),
                        try $0.decode(column: "outcome", as: String.self)
                    )
                }
            }
        }
    }

    /// Opens the portal session the app redirected to and returns its path and CSRF token.
    func openPortal(_ running: RunningEmulator, location: String) async throws -> (path: String, csrf: String) {
        let path = try #require(URL(string: location)?.path)
        #expect(try await running.raw(.get, path, authorized: false).status == 200)
        let page = try await running.raw(.get, path + "/payment-methods", authorized: false)
        let text = String(decoding: page.body, as: UTF8.self)
        let start = try #require(text.range(of: "name=\"csrf\" value=\"")).upperBound
        let end = try #require(text[start...].firstIndex(of: "\""))
        return (path, String(text[start..<end]))
    }

    @Test func billingPageLinksCancelToTheSurveyWhichEscapesNothingItDoesNotOwn() async throws {
        try await withSubscribedApp { browser, _, _, _ in
            let billing = try await browser.get("/settings/billing")
            #expect(billing.body.contains("href=\"/settings/billing/cancel\""))
            let survey = try await browser.get("/settings/billing/cancel")
            #expect(survey.status == .ok)
            for value in ["too_expensive", "missing_features", "switched_service", "unused", "customer_service"] {
                #expect(survey.body.contains("value=\"\(value)\""))
            }
            #expect(survey.body.contains("It&#39;s too expensive") || survey.body.contains("It&#x27;s too expensive"))
        }
    }

    @Test func surveyOfferAcceptedInThePortalKeepsTheSubscriptionWithTheCoupon() async throws {
        try await withSubscribedApp { browser, running, path, subscription in
            let survey = try await browser.get("/settings/billing/cancel")
            let answer = try await browser.post(
                "/settings/billing/cancel",
                form: [
                    ("csrf_token", survey.csrfToken ?? ""), ("reason", "too_expensive"),
                    ("comment", "<script>alert('x')</script> too much"),
                ]
            )
            #expect(answer.status == .seeOther)
            let location = try #require(answer.location)
            #expect(location.hasPrefix(running.baseURL.absoluteString + "/p/session/"))
            let portal = try await openPortal(running, location: location)
            let accepted = try await running.raw(
                .post,
                portal.path + "/subscriptions/\(subscription)/retention",
                body: "csrf=\(portal.csrf)",
                authorized: false
            )
            #expect(accepted.status == 303)
            #expect(accepted.headers[.location] == ProductHarness.publicURL + "/settings/billing?from_portal=1")
            let kept = try await subscriptionJSON(running, subscription)
            #expect(kept["cancel_at_period_end"] as? Bool == false)
            #expect(kept["status"] as? String == "active")
            #expect((kept["discounts"] as? [Any])?.count == 1)
            let stored = try #require(try await storedSurvey(path))
            #expect(stored.reason == "too_expensive")
            #expect(stored.comment == "<script>alert('x')</script> too much")
            let back = try await browser.get("/settings/billing?from_portal=1")
            #expect(back.status == .ok)
            #expect(!back.body.contains(">Canceling<"))
        }
    }

    @Test func surveyDeclinedOfferGoesThroughThePortalCancelFlowAndBack() async throws {
        try await withSubscribedApp { browser, running, path, subscription in
            let survey = try await browser.get("/settings/billing/cancel")
            let offer = try await browser.post(
                "/settings/billing/cancel",
                form: [("csrf_token", survey.csrfToken ?? ""), ("reason", "missing_features"), ("comment", "")]
            )
            #expect(offer.status == .ok)
            #expect(offer.body.contains("data-testid=\"save-offer\""))
            let surveyID = try #require(
                offer.body.range(of: "name=\"survey\" value=\"").map { range in
                    String(offer.body[range.upperBound...].prefix { $0 != "\"" })
                }
            )
            let declined = try await browser.post(
                "/settings/billing/cancel/offer",
                form: [("csrf_token", survey.csrfToken ?? ""), ("survey", surveyID), ("decision", "decline")]
            )
            #expect(declined.status == .seeOther)
            let portal = try await openPortal(running, location: try #require(declined.location))
            let cancel = try await running.raw(
                .post,
                portal.path + "/subscriptions/\(subscription)/cancel",
                body: "csrf=\(portal.csrf)",
                authorized: false
            )
            #expect(cancel.status == 303)
            #expect(try await subscriptionJSON(running, subscription)["cancel_at_period_end"] as? Bool == true)
            let back = try await browser.get("/settings/billing?from_portal=1")
            #expect(back.body.contains(">Canceling<"))
            let stored = try #require(try await storedSurvey(path))
            #expect(stored.reason == "missing_features")
            #expect(stored.outcome == "declined")
        }
    }

    @Test func surveyRefusesForgedFormsAndUnknownReasons() async throws {
        try await withSubscribedApp { browser, _, path, _ in
            let survey = try await browser.get("/settings/billing/cancel")
            let forged = try await browser.post(
                "/settings/billing/cancel",
                form: [("csrf_token", "forged"), ("reason", "too_expensive")]
            )
            #expect(forged.status == .forbidden)
            let unknown = try await browser.post(
                "/settings/billing/cancel",
                form: [("csrf_token", survey.csrfToken ?? ""), ("reason", "<b>made-up</b>")]
            )
            #expect(unknown.status == .badRequest)
            #expect(try await storedSurvey(path) == nil)
        }
    }

    @Test func switchedOffSurveyDeepLinksStraightToTheCancelFlow() async throws {
        let off: [String: ConfigValue] = ["billing.survey.enabled": .init(.bool(false), isSecret: false)]
        try await withSubscribedApp(extra: off) { browser, _, _, _ in
            let billing = try await browser.get("/settings/billing")
            #expect(!billing.body.contains("/settings/billing/cancel"))
            #expect(billing.body.contains("value=\"subscription_cancel\""))
            #expect(try await browser.get("/settings/billing/cancel").status == .notFound)
        }
    }
}
