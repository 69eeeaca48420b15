import Foundation
import StripeAPI
import Testing

@Suite struct StripePagesTests {
    private func page(_ ids: [String], hasMore: Bool) -> ScriptedResponse {
        let data = ids.map { #"{"id":"\#($0)","object":"customer","created":1790000000,"livemode":false}"# }
        return .json(
            status: 200,
            body:
                #"{"object":"list","url":"/v1/customers","has_more":\#(hasMore),"data":[\#(data.joined(separator: ","))]}"#
        )
    }

    @Test func followsHasMoreWithStartingAfterTheLastID() async throws {
        let script = RequestScript([
            page(["cus_5", "cus_4"], hasMore: true),
            page(["cus_3", "cus_2"], hasMore: true),
            page(["cus_1"], hasMore: false),
        ])
        try await withScriptedStripe(script) { stripe in
            let ids = try await stripe.customers.all(CustomerListParameters(email: "a@b.c"), pageSize: 2).collect()
                .map(\.id.rawValue)
            #expect(ids == ["cus_5", "cus_4", "cus_3", "cus_2", "cus_1"])
        }
        let queries = await script.requests.map { SDKEncodingCase.pairs($0.query) }
        #expect(queries[0] == ["email=a%40b.c", "limit=2"])
        #expect(queries[1] == ["email=a%40b.c", "limit=2", "starting_after=cus_4"])
        #expect(queries[2] == ["email=a%40b.c", "limit=2", "starting_after=cus_2"])
    }

    @Test func stopsOnAnEmptyPageEvenIfHasMoreIsTrue() async throws {
        let script = RequestScript([page(["cus_1"], hasMore: true), page([], hasMore: true)])
        try await withScriptedStripe(script) { stripe in
            let all = try await stripe.customers.all().collect()
            #expect(all.count == 1)
        }
        #expect(await script.requests.count == 2)
    }

    @Test func fetchesLazilyAndStopsWhenTheConsumerStops() async throws {
        let script = RequestScript([page(["cus_3", "cus_2"], hasMore: true), page(["cus_1"], hasMore: false)])
        try await withScriptedStripe(script) { stripe in
            for try await customer in stripe.customers.all(pageSize: 2) {
                #expect(customer.id == "cus_3")
                break
            }
        }
        #expect(await script.requests.count == 1)
    }
}
