import BillingTestSupport
import Foundation
import HTTPTypes
import NIOHTTP1
import StripeAPI
import StripeEmulator
import Testing

@Suite struct BadInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let method: HTTPRequest.Method
        let path: String
        var body: String?
        var headers: [String: String] = [:]
        var authorized = true
        let status: Int
        var code: String?
        var param: String?

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "unknown parameter",
            method: .post,
            path: "/v1/customers",
            body: "email=a%40b.c&foo=1",
            status: 400,
            code: "parameter_unknown",
            param: "foo"
        ),
        Case(
            name: "unknown nested parameter",
            method: .post,
            path: "/v1/customers",
            body: "address[planet]=mars",
            status: 400,
            code: "parameter_unknown",
            param: "address[planet]"
        ),
        Case(
            name: "wrong type",
            method: .get,
            path: "/v1/customers?limit=ten",
            status: 400,
            code: "parameter_invalid_integer",
            param: "limit"
        ),
        Case(
            name: "hash where a string belongs",
            method: .post,
            path: "/v1/customers",
            body: "email[x]=1",
            status: 400,
            code: "parameter_invalid",
            param: "email"
        ),
        Case(
            name: "missing required parameter",
            method: .post,
            path: "/v1/prices",
            body: "unit_amount=100",
            status: 400,
            code: "parameter_missing",
            param: "currency"
        ),
        Case(
            name: "missing items",
            method: .post,
            path: "/v1/subscriptions",
            body: "customer=cus_nope",
            status: 404,
            code: "resource_missing",
            param: "customer"
        ),
        Case(
            name: "unknown id",
            method: .get,
            path: "/v1/customers/cus_missing",
            status: 404,
            code: "resource_missing",
            param: "id"
        ),
        Case(
            name: "malformed brackets",
            method: .post,
            path: "/v1/customers",
            body: "metadata[a=1",
            status: 400,
            code: "parameter_invalid"
        ),
        Case(
            name: "conflicting shapes",
            method: .post,
            path: "/v1/customers",
            body: "metadata=x&metadata[a]=1",
            status: 400,
            code: "parameter_invalid"
        ),
        Case(name: "bad percent escape", method: .post, path: "/v1/customers", body: "email=%zz", status: 400),
        Case(
            name: "json body",
            method: .post,
            path: "/v1/customers",
            body: "{\"email\":\"a@b.c\"}",
            headers: ["Content-Type": "application/json"],
            status: 400
        ),
        Case(name: "no key", method: .get, path: "/v1/customers", authorized: false, status: 401),
        Case(
            name: "live key",
            method: .get,
            path: "/v1/customers",
            headers: ["Authorization": "Bearer sk_live_x"],
            authorized: false,
            status: 401
        ),
        Case(
            name: "decline card cannot attach",
            method: .post,
            path: "/v1/customers",
            body: "payment_method=pm_card_visa_chargeDeclined",
            status: 402,
            code: "card_declined"
        ),
    ]

    @Test(arguments: cases)
    func badRequestGetsStripesErrorShapeAndChangesNothing(_ testCase: Case) async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let response = try await emulator.raw(
                testCase.method,
                testCase.path,
                headers: testCase.headers,
                body: testCase.body,
                authorized: testCase.authorized
            )
            #expect(response.status == testCase.status)
            let error = try #require(response.json?["error"])
            #expect(error["type"]?.stringValue != nil)
            #expect(error["message"]?.stringValue?.isEmpty == false)
            if let code = testCase.code { #expect(error["code"]?.stringValue == code) }
            if let param = testCase.param { #expect(error["param"]?.stringValue == param) }

            let customers = try await emulator.call(.GET, "/v1/customers")
            #expect(customers["data"]?.elements?.isEmpty == true)
            let events = try await emulator.call(.GET, "/v1/events")
            #expect(events["data"]?.elements?.isEmpty == true)
        }
    }

    @Test func basicAuthWithTheKeyAsUserNameIsAccepted() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let credentials = Data("sk_test_abc:".utf8).base64EncodedString()
            let response = try await emulator.raw(
                .get,
                "/v1/customers",
                headers: ["Authorization": "Basic \(credentials)"],
                authorized: false
            )
            #expect(response.status == 200)
        }
    }
}
