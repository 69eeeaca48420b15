import Foundation
import StripeAPI

/// An error the emulator answers with, in Stripe's envelope `{"error": {...}}` and with Stripe's status code.
struct StripeAPIError: Error, Equatable {
    let status: Int
    let type: String
    let code: String?
    let message: String
    let param: String?
    let declineCode: String?

    init(
        status: Int,
        type: String = "invalid_request_error",
        code: String? = nil,
        message: String,
        param: String? = nil,
        declineCode: String? = nil
    ) {
        self.status = status
        self.type = type
        self.code = code
        self.message = message
        self.param = param
        self.declineCode = declineCode
    }

    /// The `error` object of the envelope; every documented key is present (null when unset).
    var json: JSONValue {
        var body: [String: JSONValue] = [
            "type": .string(type),
            "message": .string(message),
            "code": .text(code),
            "param": .text(param),
            "doc_url": code.map {
                .string("https://stripe.com/docs/error-codes/\($0.replacingOccurrences(of: "_", with: "-"))")
            }
                ?? .null,
            "request_log_url": .null,
        ]
        if type == "card_error" {
            body["decline_code"] = .text(declineCode)
            body["charge"] = .null
        }
        return .object(["error": .object(body)])
    }

    static func missing(_ param: String) -> Self {
        Self(status: 400, code: "parameter_missing", message: "Missing required param: \(param).", param: param)
    }

    static func unknown(_ param: String) -> Self {
        Self(status: 400, code: "parameter_unknown", message: "Received unknown parameter: \(param)", param: param)
    }

    static func invalid(_ param: String, _ message: String) -> Self {
        Self(status: 400, code: "parameter_invalid", message: message, param: param)
    }

    static func invalidInteger(_ param: String, _ value: String) -> Self {
        Self(
            status: 400,
            code: "parameter_invalid_integer",
            message: "Invalid integer: \(value)",
            param: param
        )
    }

    static func emptyString(_ param: String) -> Self {
        Self(
            status: 400,
            code: "parameter_invalid_empty",
            message: "You passed an empty string for '\(param)'. We assume empty values are an attempt to unset a "
                + "parameter; however '\(param)' cannot be unset. You should remove '\(param)' from your request or "
                + "supply a non-empty value.",
            param: param
        )
    }

    static func noSuch(_ resource: String, _ id: String, param: String = "id") -> Self {
        Self(status: 404, code: "resource_missing", message: "No such \(resource): '\(id)'", param: param)
    }

    static func state(_ message: String, code: String? = nil, param: String? = nil) -> Self {
        Self(status: 400, code: code, message: message, param: param)
    }

    static func malformedBody(_ message: String) -> Self {
        Self(status: 400, message: message)
    }

    static func malformedKey(_ key: String) -> Self {
        Self(status: 400, code: "parameter_invalid", message: "Invalid parameter name: \(key)", param: key)
    }

    static func conflictingShape(_ key: String) -> Self {
        Self(
            status: 400,
            code: "parameter_invalid",
            message: "Invalid \(key): conflicting hash, array and string values",
            param: key
        )
    }

    static func notFound(_ method: String, _ path: String) -> Self {
        Self(
            status: 404,
            message: "Unrecognized request URL (\(method): \(path)). Please see https://stripe.com/docs or we can "
                + "help at https://support.stripe.com/."
        )
    }

    static var missingKey: Self {
        Self(
            status: 401,
            message: "You did not provide an API key. You need to provide your API key in the Authorization header, "
                + "using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY')."
        )
    }

    static func invalidKey(_ key: String) -> Self {
        let suffix = key.count > 4 ? String(key.suffix(4)) : ""
        let prefix = key.hasPrefix("sk_test_") ? "sk_test_" : String(key.prefix(3))
        return Self(status: 401, message: "Invalid API Key provided: \(prefix)****\(suffix)")
    }

    static func idempotencyMismatch(_ key: String) -> Self {
        Self(
            status: 400,
            type: "idempotency_error",
            message: "Keys for idempotent requests can only be used with the same parameters they were first used "
                + "with. Try using a key other than '\(key)' if you meant to execute a different request."
        )
    }

    static func idempotencyEndpoint(_ key: String) -> Self {
        Self(
            status: 400,
            type: "idempotency_error",
            message: "Keys for idempotent requests can only be used for the same endpoint they were first used for "
                + "('\(key)')."
        )
    }

    static var idempotencyInFlight: Self {
        Self(
            status: 409,
            type: "idempotency_error",
            code: "idempotency_key_in_use",
            message: "There is currently another in-progress request using this Idempotency Key (that probably "
                + "means you submitted twice, and the other request is still going through). Please try again later."
        )
    }

    static func cardDeclined(code: String, declineCode: String?, message: String, param: String? = nil) -> Self {
        Self(status: 402, type: "card_error", code: code, message: message, param: param, declineCode: declineCode)
    }
}
