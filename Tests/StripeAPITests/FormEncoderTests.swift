import Foundation
import StripeAPI
import Testing

@Suite struct FormEncoderTests {
    private struct Item: Encodable {
        var price: String
        var quantity: Int?
    }

    private struct Nested: Encodable {
        var items: [Item]
        var expand: [String]
        var metadata: [String: String]
        var flag: Bool
        var off: Bool
        var cancelAt: Unsettable<Int>?
        var clear: Unsettable<String>
        var missing: String?
        var when: Date
        var tags: [[String]]

        enum CodingKeys: String, CodingKey {
            case items, expand, metadata, flag, off, clear, missing, when, tags
            case cancelAt = "cancel_at"
        }
    }

    @Test func encodesNestedHashesIndexedArraysBooleansDatesAndUnsets() throws {
        let value = Nested(
            items: [Item(price: "price_1", quantity: 2), Item(price: "price_2", quantity: nil)],
            expand: ["latest_invoice"],
            metadata: ["b": "2", "a": "1 & 2"],
            flag: true,
            off: false,
            cancelAt: .unset,
            clear: .set("x"),
            missing: nil,
            when: Date(timeIntervalSince1970: 1_790_000_000.9),
            tags: [["x", "y"]]
        )
        let form = try FormEncoder().encode(value)
        #expect(
            form
                == "items[0][price]=price_1&items[0][quantity]=2&items[1][price]=price_2&expand[0]=latest_invoice"
                + "&metadata[a]=1+%26+2&metadata[b]=2&flag=true&off=false&clear=x&when=1790000000"
                + "&tags[0][0]=x&tags[0][1]=y&cancel_at="
        )
    }

    @Test func escapesLikeTheOfficialSDK() throws {
        struct Value: Encodable { var q: String }
        #expect(try FormEncoder().encode(Value(q: "a+b@x.com/ü 100%~._-")) == "q=a%2Bb%40x.com%2F%C3%BC+100%25~._-")
    }

    @Test func customerCreateMatchesTheOfficialSDK() throws {
        let sdk = try SDKEncodingCase.named("customer.create")
        let ours = try FormEncoder().encode(
            CustomerCreateParameters(
                email: "jenny+billing@example.com",
                name: "Jenny Rosen",
                description: "a&b=c ü / 100%",
                metadata: ["account_id": "acct 42", "plan": "pro"],
                invoiceSettings: InvoiceSettingsParameters(defaultPaymentMethod: .set("pm_card_visa")),
                preferredLocales: ["en", "fr"]
            )
        )
        #expect(SDKEncodingCase.pairs(ours) == SDKEncodingCase.pairs(sdk.body))
    }

    @Test func customerListQueryMatchesTheOfficialSDK() async throws {
        let sdk = try SDKEncodingCase.named("customer.list")
        let script = RequestScript([.json(status: 200, body: #"{"object":"list","data":[],"has_more":false}"#)])
        try await withScriptedStripe(script) { stripe in
            _ = try await stripe.customers.list(CustomerListParameters(email: "jenny+billing@example.com", limit: 3))
        }
        let request = try #require(await script.requests.first)
        #expect(request.method == sdk.method)
        #expect(request.path == sdk.path)
        #expect(SDKEncodingCase.pairs(request.query) == SDKEncodingCase.pairs(sdk.query))
    }

    @Test func rejectsATopLevelScalar() {
        #expect(throws: FormEncodingError.self) { try FormEncoder().encode("x") }
    }
}
