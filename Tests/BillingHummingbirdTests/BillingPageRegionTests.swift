import BillingTestSupport
import Foundation
import HTTPTypes
import StripeAPI
import Testing

/// The billing page writes money and dates the way the account reads them, and shows a free account's card.
@Suite struct BillingPageRegionTests {
    @Test func profileLocaleAndTimeZoneReachTheBillingPage() async throws {
        try await ProductHarness.withEmulatorApp { browser, running, _ in
            let billing = try await browser.signUp(name: "Greta", email: "greta@example.test")
            let profile = try await browser.get("/settings/profile")
            #expect(profile.body.contains("<option value=\"de_DE\">Deutsch (Deutschland)</option>"))
            let saved = try await browser.post(
                "/settings/profile",
                form: [
                    ("csrf_token", profile.csrfToken ?? ""), ("name", "Greta"), ("locale", "de_DE"),
                    ("time_zone", "Europe/Berlin"),
                ]
            )
            #expect(saved.status == .seeOther)
            let reloaded = try await browser.get("/settings/profile")
            #expect(reloaded.body.contains("<option value=\"de_DE\" selected>"))
            #expect(reloaded.body.contains("<option value=\"Europe/Berlin\" selected>"))

            _ = try await browser.post("/billing/portal", form: [("csrf_token", billing.csrfToken ?? "")])
            let stripe = running.stripe
            let customer = try #require(
                try await stripe.customers.list(CustomerListParameters(email: "greta@example.test")).data.first
            )
            let product = try await stripe.products.create(ProductCreateParameters(name: "Pro"))
            let price = try await stripe.prices.create(
                PriceCreateParameters(
                    currency: "eur",
                    product: product.id,
                    unitAmount: 123_450,
                    recurring: Price.Recurring(interval: .year)
                )
            )
            let method = try await stripe.paymentMethods.attach("pm_card_visa", to: customer.id)
            _ = try await stripe.customers.update(
                customer.id,
                CustomerUpdateParameters(
                    invoiceSettings: InvoiceSettingsParameters(defaultPaymentMethod: .set(method.id))
                )
            )
            let subscription = try await stripe.subscriptions.create(
                SubscriptionCreateParameters(customer: customer.id, items: [.init(price: price.id)])
            )
            let page = try await browser.get("/settings/billing?from_portal=1")

            #expect(page.body.contains("1.234,50\u{A0}€ / year"))
            let periodEnd = try #require(subscription.items.data.first?.currentPeriodEnd)
            let berlin = periodEnd.formatted(
                Date.FormatStyle(
                    date: .long,
                    time: .omitted,
                    locale: Locale(identifier: "de_DE"),
                    timeZone: TimeZone(identifier: "Europe/Berlin")!
                )
            )
            #expect(page.body.contains("Renews on \(berlin)."))
        }
    }

    @Test func aFreeAccountsCardShowsAfterThePortalWithoutASubscription() async throws {
        try await ProductHarness.withEmulatorApp { browser, running, _ in
            let billing = try await browser.signUp(email: "free-card@example.test")
            #expect(billing.body.contains("No payment method on file."))
            // The portal click creates the customer; the card is added there (here: through the API).
            _ = try await browser.post("/billing/portal", form: [("csrf_token", billing.csrfToken ?? "")])
            let stripe = running.stripe
            let customer = try #require(
                try await stripe.customers.list(CustomerListParameters(email: "free-card@example.test")).data.first
            )
            let method = try await stripe.paymentMethods.attach("pm_card_mastercard", to: customer.id)
            _ = try await stripe.customers.update(
                customer.id,
                CustomerUpdateParameters(
                    invoiceSettings: InvoiceSettingsParameters(defaultPaymentMethod: .set(method.id))
                )
            )

            // No webhook is delivered in this harness: the return from the portal reads the card from Stripe.
            let page = try await browser.get("/settings/billing?from_portal=1")

            #expect(page.body.contains("data-testid=\"plan-name\">Free<"))
            #expect(page.body.contains("Mastercard •••• 4444"))
            #expect(!page.body.contains("No payment method on file."))
            let again = try await browser.get("/settings/billing")
            #expect(again.body.contains("Mastercard •••• 4444"))
        }
    }
}
