import BillingTestSupport
import Foundation
import HTTPTypes
import NIOHTTP1
import StripeAPI
import StripeEmulator
import Testing

@Suite struct WireFormatTests {
    @Test func idempotentReplayReturnsTheFirstResponseAndMismatchIsRejected() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let first = try await emulator.call(.POST, "/v1/customers", ["email": "a@x.com"], idempotencyKey: "k-1")
            let replay = try await emulator.raw(
                .post,
                "/v1/customers",
                headers: ["Idempotency-Key": "k-1"],
                body: "email=a%40x.com"
            )
            #expect(replay.status == 200)
            #expect(replay.json?["id"] == first["id"])
            #expect(replay.headers[.init("Idempotent-Replayed")!] == "true")

            await #expect(throws: StripeError.idempotency) {
                try await emulator.call(.POST, "/v1/customers", ["email": "b@x.com"], idempotencyKey: "k-1")
            }
            let customers = try await emulator.call(.GET, "/v1/customers")
            #expect(customers["data"]?.elements?.count == 1)
        }
    }

    @Test func listsPaginateNewestFirstWithCursorsBothWays() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            var created: [String] = []
            for index in 0..<25 {
                let customer = try await emulator.call(.POST, "/v1/customers", ["email": "c\(index)@x.com"])
                created.append(try #require(customer["id"]?.stringValue))
            }
            let newestFirst = Array(created.reversed())
            let first = try await emulator.call(.GET, "/v1/customers", ["limit": "10"])
            #expect(first["has_more"] == true)
            #expect(first["url"] == "/v1/customers")
            let firstIDs = first["data"]?.elements?.compactMap { $0["id"]?.stringValue }
            #expect(firstIDs == Array(newestFirst[0..<10]))

            let second = try await emulator.call(
                .GET,
                "/v1/customers",
                ["limit": "10", "starting_after": newestFirst[9]]
            )
            #expect(second["data"]?.elements?.compactMap { $0["id"]?.stringValue } == Array(newestFirst[10..<20]))
            let back = try await emulator.call(
                .GET,
                "/v1/customers",
                ["limit": "5", "ending_before": newestFirst[10]]
            )
            #expect(back["data"]?.elements?.compactMap { $0["id"]?.stringValue } == Array(newestFirst[5..<10]))
            #expect(back["has_more"] == true)

            let all = try await emulator.stripe.customers.all(pageSize: 7).collect()
            #expect(all.map(\.id.rawValue) == newestFirst)
            let byEmail = try await emulator.call(.GET, "/v1/customers", ["email": "c3@x.com"])
            #expect(byEmail["data"]?.elements?.compactMap { $0["id"]?.stringValue } == [created[3]])
        }
    }

    @Test func expandReplacesIdsInObjectsAndLists() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let customer = try await emulator.customer()
            let price = try await emulator.monthlyPrice()
            _ = try await emulator.call(.POST, "/v1/subscriptions", ["customer": customer, "items[0][price]": price])
            let expanded = try await emulator.call(
                .GET,
                "/v1/subscriptions",
                ["customer": customer],
                expand: ["data.customer.invoice_settings.default_payment_method", "data.latest_invoice"]
            )
            #expect(expanded.at("data.0.customer.invoice_settings.default_payment_method.card.last4") == "4242")
            #expect(expanded.at("data.0.latest_invoice.object") == "invoice")
            let plain = try await emulator.raw(.get, "/v1/customers/\(customer)?expand[]=nonsense")
            #expect(plain.status == 400)
        }
    }

    @Test func stripeVersionIsEchoedAndEveryResponseHasARequestID() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let response = try await emulator.raw(
                .get,
                "/v1/customers",
                headers: ["Stripe-Version": "2025-03-31.basil"]
            )
            #expect(response.headers[.init("Stripe-Version")!] == "2025-03-31.basil")
            #expect(response.headers[.init("Request-Id")!]?.hasPrefix("req_") == true)
            let error = try await emulator.raw(.get, "/v1/nothing-here")
            #expect(error.status == 404)
            #expect(error.headers[.init("Request-Id")!]?.hasPrefix("req_") == true)
            #expect(error.json?.at("error.type") == "invalid_request_error")
        }
    }

    @Test func bracketArraysAreAcceptedIndexedAndAppended() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let price = try await emulator.monthlyPrice()
            let customer = try await emulator.customer()
            let appended = try await emulator.raw(
                .post,
                "/v1/subscriptions",
                body: "customer=\(customer)&items[][price]=\(price)&items[][price]=\(price)&expand[]=latest_invoice"
            )
            #expect(appended.status == 200)
            #expect(appended.json?.at("items.data")?.elements?.count == 2)
            #expect(appended.json?.at("latest_invoice.amount_due")?.intValue == 4000)
        }
    }
}
