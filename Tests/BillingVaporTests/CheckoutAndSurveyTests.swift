import BillingTestSupport
import Foundation
import StripeAPI
import Testing
import Vapor
import VaporTesting

/// The Checkout endpoint and the cancellation survey's forms: CSRF first, then the facade's answer.
@Suite struct CheckoutAndSurveyTests {
    @Test(arguments: [nil, "not-the-token"])
    func checkoutWithoutTheSessionsCSRFTokenIsForbidden(token: String?) async throws {
        try await EmulatorHarness.withEmulator { running in
            try await VaporHarness.withApp(stripe: .emulator(running)) { host in
                var form = [("price", "price_pro_monthly")]
                if let token { form.append(("csrf_token", token)) }
                let page = try await host.post("/billing/checkout", as: "buyer", form: form)
                #expect(page.status == .forbidden)
                #expect(try await host.mappedCustomers() == 0)
                #expect(try await running.stripe.customers.list().data.isEmpty)
            }
        }
    }

    @Test(arguments: ["", "prod_pro", "price_not_offered"])
    func checkoutRefusesPricesThatAreNotOffered(price: String) async throws {
        try await EmulatorHarness.withEmulator { running in
            try await VaporHarness.withApp(stripe: .emulator(running)) { host in
                let page = try await host.post(
                    "/billing/checkout",
                    as: "buyer",
                    form: [("csrf_token", "csrf-buyer"), ("price", price)]
                )
                #expect(page.status == .badRequest)
            }
        }
    }

    @Test func theSurveyNeedsASignedInVisitorAndTheSessionsToken() async throws {
        try await VaporHarness.withApp(stripe: .unreachable) { host in
            let anonymous = try await host.get("/settings/billing/cancel")
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.location?.hasPrefix("/login") == true)

            let survey = try await host.get("/settings/billing/cancel", as: "leaver")
            #expect(survey.status == .ok)
            #expect(survey.body.string.contains("value=\"csrf-leaver\""))

            let forged = try await host.post(
                "/settings/billing/cancel",
                as: "leaver",
                form: [("csrf_token", "csrf-mallory"), ("reason", "too_expensive")]
            )
            #expect(forged.status == .forbidden)
            #expect(try await host.count("cancellation_surveys") == 0)

            // Nothing to cancel for an account without a subscription: back to the billing page.
            let answered = try await host.post(
                "/settings/billing/cancel",
                as: "leaver",
                form: [("csrf_token", "csrf-leaver"), ("reason", "too_expensive")]
            )
            #expect(answered.status == .seeOther)
            #expect(answered.location == "/settings/billing")
        }
    }
}
