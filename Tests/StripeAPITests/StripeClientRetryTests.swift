import Foundation
import StripeAPI
import Testing

@Suite struct StripeClientRetryTests {
    private func createCustomer(_ stripe: StripeClient, key: String? = nil) async throws -> Customer {
        try await stripe.customers.create(
            CustomerCreateParameters(email: "a@example.com"),
            options: RequestOptions(idempotencyKey: key)
        )
    }

    private func delay(_ requests: [RecordedRequest], _ index: Int) -> Duration {
        requests[index].receivedAt - requests[index - 1].receivedAt
    }

    @Test func retriesRateLimitHonouringRetryAfterWithTheSameIdempotencyKey() async throws {
        let script = RequestScript([
            .json(
                status: 429,
                body: #"{"error":{"type":"invalid_request_error","code":"rate_limit","message":"Too many"}}"#,
                headers: ["Retry-After": "0.3"]
            ),
            .json(status: 200, body: customerJSON),
        ])
        try await withScriptedStripe(script) { stripe in
            let customer = try await createCustomer(stripe)
            #expect(customer.id == "cus_123")
        }
        let requests = await script.requests
        #expect(requests.count == 2)
        let keys = Set(requests.map { $0.header("Idempotency-Key") })
        #expect(keys.count == 1)
        #expect(keys.first??.isEmpty == false)
        // Retry-After 0.3 s outweighs the 20–80 ms backoff.
        #expect(delay(requests, 1) >= .milliseconds(280))
    }

    @Test func retriesServerErrorThenSucceeds() async throws {
        let script = RequestScript([
            .json(status: 500, body: #"{"error":{"type":"api_error","message":"boom"}}"#),
            .json(status: 200, body: customerJSON),
        ])
        try await withScriptedStripe(script) { stripe in
            _ = try await createCustomer(stripe, key: "customer-for-account-42")
        }
        let requests = await script.requests
        #expect(requests.count == 2)
        #expect(requests.allSatisfy { $0.header("Idempotency-Key") == "customer-for-account-42" })
        // Backoff for the first retry is 20 ms jittered into [10, 20] ms.
        #expect(delay(requests, 1) >= .milliseconds(10))
    }

    @Test func neverRetriesWhenStripeSaysShouldNotRetry() async throws {
        let script = RequestScript([
            .json(
                status: 500,
                body: #"{"error":{"type":"api_error","message":"do not retry"}}"#,
                headers: ["Stripe-Should-Retry": "false"]
            )
        ])
        try await withScriptedStripe(script) { stripe in
            let error = await #expect(throws: StripeError.self) { try await createCustomer(stripe) }
            #expect(error == .apiError)
            #expect(error?.httpStatus == 500)
            #expect(error?.requestID?.hasPrefix("req_scripted_") == true)
        }
        #expect(await script.requests.count == 1)
    }

    @Test func retriesWhenStripeSaysShouldRetryEvenOnAClientError() async throws {
        let script = RequestScript([
            .json(
                status: 400,
                body: #"{"error":{"type":"invalid_request_error","message":"lock"}}"#,
                headers: ["Stripe-Should-Retry": "true"]
            ),
            .json(status: 200, body: customerJSON),
        ])
        try await withScriptedStripe(script) { stripe in
            _ = try await createCustomer(stripe)
        }
        #expect(await script.requests.count == 2)
    }

    @Test func retriesAfterTheConnectionDropsMidResponse() async throws {
        let script = RequestScript([.dropConnection, .json(status: 200, body: customerJSON)])
        try await withScriptedStripe(script) { stripe in
            let customer = try await createCustomer(stripe)
            #expect(customer.id == "cus_123")
        }
        let requests = await script.requests
        #expect(requests.count == 2)
        #expect(Set(requests.map { $0.header("Idempotency-Key") }).count == 1)
    }

    @Test func giveUpAfterMaxRetriesWithBoundedBackoff() async throws {
        let failure = ScriptedResponse.json(status: 503, body: #"{"error":{"type":"api_error","message":"down"}}"#)
        let script = RequestScript([failure, failure, failure, failure, failure])
        try await withScriptedStripe(script) { stripe in
            let error = await #expect(throws: StripeError.self) { try await createCustomer(stripe) }
            #expect(error == .apiError)
            #expect(error?.httpStatus == 503)
        }
        let requests = await script.requests
        #expect(requests.count == 3)  // the first attempt and maxRetries = 2
        #expect(Set(requests.map { $0.header("Idempotency-Key") }).count == 1)
        // Second backoff step: 40 ms jittered into [20, 40] ms; capped by maxDelay 80 ms. Upper bound is loose.
        #expect(delay(requests, 2) >= .milliseconds(20))
        #expect(delay(requests, 2) < .seconds(5))
    }

    @Test func doesNotRetryCardErrorsAndCarriesTheEnvelope() async throws {
        let script = RequestScript([
            .json(
                status: 402,
                body: """
                    {"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds",\
                    "param":"payment_method","message":"Your card has insufficient funds."}}
                    """
            )
        ])
        try await withScriptedStripe(script) { stripe in
            let error = await #expect(throws: StripeError.self) { try await createCustomer(stripe) }
            #expect(error == .cardError)
            #expect(error?.code == "card_declined")
            #expect(error?.declineCode == "insufficient_funds")
            #expect(error?.param == "payment_method")
            #expect(error?.message == "Your card has insufficient funds.")
            #expect(error?.description.contains("sk_test") == false)
        }
        #expect(await script.requests.count == 1)
    }

    @Test func mapsStatusesToErrorKinds() async throws {
        let script = RequestScript([
            .json(status: 401, body: #"{"error":{"type":"invalid_request_error","message":"Invalid API Key"}}"#),
            .json(
                status: 404,
                body: #"{"error":{"type":"invalid_request_error","code":"resource_missing","param":"id"}}"#
            ),
            .json(status: 400, body: #"{"error":{"type":"idempotency_error","message":"Keys for idempotent"}}"#),
            .json(status: 403, body: #"{"error":{"type":"invalid_request_error"}}"#),
        ])
        try await withScriptedStripe(script) { stripe in
            let auth = await #expect(throws: StripeError.self) { try await stripe.customers.retrieve("cus_1") }
            #expect(auth == .authentication)
            let missing = await #expect(throws: StripeError.self) { try await stripe.customers.retrieve("cus_2") }
            #expect(missing == .invalidRequest)
            #expect(missing?.isResourceMissing == true)
            let idempotency = await #expect(throws: StripeError.self) { try await createCustomer(stripe) }
            #expect(idempotency == .idempotency)
            let permission = await #expect(throws: StripeError.self) { try await stripe.customers.retrieve("cus_3") }
            #expect(permission == .permission)
        }
    }

    @Test func sendsNoIdempotencyKeyOnReadsAndPinsTheVersion() async throws {
        let script = RequestScript([.json(status: 200, body: customerJSON)])
        try await withScriptedStripe(script) { stripe in
            _ = try await stripe.customers.retrieve("cus_123", expand: ["invoice_settings.default_payment_method"])
        }
        let request = try #require(await script.requests.first)
        #expect(request.method == "GET")
        #expect(request.path == "/v1/customers/cus_123")
        #expect(request.query == "expand[0]=invoice_settings.default_payment_method")
        #expect(request.header("Idempotency-Key") == nil)
        #expect(request.header("Stripe-Version") == "2026-10-28.endive")
        #expect(request.header("Authorization") == "Bearer sk_test_scripted")
    }

    @Test func reportsANetworkErrorWhenNothingListens() async throws {
        // Bind and close a socket to get a port that refuses connections.
        let stripe = StripeClient(
            configuration: StripeConfiguration(
                secretKey: "sk_test_x",
                apiBaseURL: URL(string: "http://127.0.0.1:9")!,
                timeout: .seconds(2),
                retryPolicy: RetryPolicy(maxRetries: 1, initialDelay: .milliseconds(5), maxDelay: .milliseconds(10))
            )
        )
        let error = await #expect(throws: StripeError.self) { try await stripe.customers.retrieve("cus_1") }
        #expect(error == .network)
        #expect(error?.description.contains("sk_test_x") == false)
    }

    @Test func backoffFollowsStripesFormula() {
        let policy = RetryPolicy(maxRetries: 5)
        #expect(policy.delay(beforeRetry: 1, retryAfter: nil, unit: 1) == .milliseconds(1000) / 2 * 1)
        #expect(policy.delay(beforeRetry: 1, retryAfter: nil, unit: 0) == .milliseconds(250))
        #expect(policy.delay(beforeRetry: 3, retryAfter: nil, unit: 1) == .seconds(2))
        #expect(policy.delay(beforeRetry: 10, retryAfter: nil, unit: 1) == .seconds(5))
        #expect(policy.delay(beforeRetry: 1, retryAfter: .seconds(30), unit: 1) == .seconds(30))
        #expect(policy.delay(beforeRetry: 1, retryAfter: .seconds(600), unit: 1) == .seconds(60))
    }
}
