import BillingTestSupport
import Foundation
import HTTPTypes
import NIOHTTP1
import StripeAPI
import Testing

/// Flat form parameters (`items[0][price]` keys) for `StripeClient.send`.
typealias Form = [String: String]

extension RunningEmulator {
    /// Sends a request through the real client and returns the JSON object.
    func call(
        _ method: StripeHTTPMethod,
        _ path: String,
        _ parameters: Form = [:],
        idempotencyKey: String? = nil,
        expand: [String] = []
    ) async throws -> JSONValue {
        try await stripe.send(
            method,
            path,
            parameters: parameters.isEmpty ? nil : parameters,
            options: RequestOptions(idempotencyKey: idempotencyKey, expand: expand),
            as: JSONValue.self
        )
    }

    /// Creates a product and a monthly price of `amount` cents; returns the price id.
    func monthlyPrice(_ amount: Int = 2000, interval: String = "month") async throws -> String {
        let product = try await call(.POST, "/v1/products", ["name": "Pro"])
        let price = try await call(
            .POST,
            "/v1/prices",
            [
                "product": try #require(product["id"]?.stringValue), "currency": "usd",
                "unit_amount": String(amount), "recurring[interval]": interval,
            ]
        )
        return try #require(price["id"]?.stringValue)
    }

    /// Creates a customer with `card` attached as the default payment method.
    func customer(card: String = "pm_card_visa", testClock: String? = nil) async throws -> String {
        var form: Form = [
            "email": "amy@example.com", "payment_method": card, "invoice_settings[default_payment_method]": card,
        ]
        if let testClock { form["test_clock"] = testClock }
        let customer = try await call(.POST, "/v1/customers", form)
        return try #require(customer["id"]?.stringValue)
    }

    /// Event types in creation order.
    func eventTypes() async throws -> [String] {
        let list = try await call(.GET, "/v1/events", ["limit": "100"])
        return (list["data"]?.elements ?? []).compactMap { $0["type"]?.stringValue }.reversed()
    }
}

extension JSONValue {
    /// The value at a dotted path, with numeric components indexing arrays.
    func at(_ path: String) -> JSONValue? {
        var current: JSONValue? = self
        for component in path.split(separator: ".") {
            if let index = Int(component), case .array(let elements)? = current {
                current = index < elements.count ? elements[index] : nil
            } else {
                current = current?[String(component)]
            }
        }
        return current
    }
}

extension JSONValue {
    /// The elements when this is an array.
    var elements: [JSONValue]? {
        if case .array(let values) = self { return values }
        return nil
    }
}
