/// An error from the Stripe API or from reaching it.
///
/// Compare with the static members (`error == .cardDeclined`-style checks go through ``code`` and
/// ``declineCode``); the stored properties carry Stripe's own error envelope for diagnostics. The description never
/// includes the secret key.
public struct StripeError: Error, Equatable, CustomStringConvertible, Sendable {
    private enum Kind: String, Sendable {
        case apiError = "api_error"
        case cardError = "card_error"
        case invalidRequest = "invalid_request_error"
        case idempotency = "idempotency_error"
        case authentication
        case permission
        case rateLimited = "rate_limit"
        case network
        case decoding
        case invalidConfiguration = "invalid_configuration"
    }

    private let kind: Kind
    /// The HTTP status, when a response arrived.
    public let httpStatus: Int?
    /// Stripe's `Request-Id` header, to quote to Stripe support.
    public let requestID: String?
    /// Stripe's `error.type`, such as `invalid_request_error`.
    public let type: String?
    /// Stripe's `error.code`, such as `resource_missing`.
    public let code: String?
    /// Stripe's `error.decline_code` for card errors.
    public let declineCode: String?
    /// Stripe's `error.param`, the offending parameter.
    public let param: String?
    /// Stripe's human-readable message (safe to show for card errors), or our own.
    public let message: String?

    private init(
        _ kind: Kind,
        httpStatus: Int? = nil,
        requestID: String? = nil,
        envelope: StripeErrorEnvelope.Body? = nil,
        message: String? = nil
    ) {
        self.kind = kind
        self.httpStatus = httpStatus
        self.requestID = requestID
        self.type = envelope?.type
        self.code = envelope?.code
        self.declineCode = envelope?.declineCode
        self.param = envelope?.param
        self.message = envelope?.message ?? message
    }

    /// Stripe could not process the request (5xx, `api_error`).
    public static var apiError: Self { Self(.apiError) }
    /// A card was declined or could not be charged (402, `card_error`).
    public static var cardError: Self { Self(.cardError) }
    /// The request was invalid (400/404, `invalid_request_error`).
    public static var invalidRequest: Self { Self(.invalidRequest) }
    /// An `Idempotency-Key` was reused with different parameters.
    public static var idempotency: Self { Self(.idempotency) }
    /// The API key was missing or wrong (401).
    public static var authentication: Self { Self(.authentication) }
    /// The key may not do this (403).
    public static var permission: Self { Self(.permission) }
    /// Too many requests (429), after retries.
    public static var rateLimited: Self { Self(.rateLimited) }
    /// No response: connection refused or reset, timeout, after retries.
    public static var network: Self { Self(.network) }
    /// The response did not have the expected shape.
    public static var decoding: Self { Self(.decoding) }
    /// Our own configuration is unusable.
    public static var invalidConfiguration: Self { Self(.invalidConfiguration) }

    static func invalidConfiguration(_ message: String) -> Self { Self(.invalidConfiguration, message: message) }
    static func network(_ message: String) -> Self { Self(.network, message: message) }
    static func decoding(_ message: String, httpStatus: Int, requestID: String?) -> Self {
        Self(.decoding, httpStatus: httpStatus, requestID: requestID, message: message)
    }

    /// Builds the error for a non-2xx response, from Stripe's status-to-class mapping (as in its SDKs).
    static func response(status: Int, requestID: String?, envelope: StripeErrorEnvelope.Body?) -> Self {
        let kind: Kind
        if envelope?.type == "idempotency_error" {
            kind = .idempotency
        } else if status == 429 || envelope?.code == "rate_limit" {
            kind = .rateLimited
        } else {
            switch status {
            case 400, 404: kind = .invalidRequest
            case 401: kind = .authentication
            case 402: kind = .cardError
            case 403: kind = .permission
            default: kind = envelope?.type == "card_error" ? .cardError : .apiError
            }
        }
        let fallback = envelope == nil ? "HTTP \(status) without a Stripe error body" : nil
        return Self(kind, httpStatus: status, requestID: requestID, envelope: envelope, message: fallback)
    }

    /// Errors compare by kind, so `#expect(throws: StripeError.rateLimited)` matches any rate-limit error.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.kind == rhs.kind }

    /// Whether Stripe said the requested object does not exist (`resource_missing`).
    public var isResourceMissing: Bool { code == "resource_missing" }

    public var description: String {
        var parts = ["StripeError.\(kind)"]
        if let httpStatus { parts.append("status=\(httpStatus)") }
        if let code { parts.append("code=\(code)") }
        if let declineCode { parts.append("decline_code=\(declineCode)") }
        if let param { parts.append("param=\(param)") }
        if let requestID { parts.append("request_id=\(requestID)") }
        if let message { parts.append("message=\"\(message)\"") }
        return parts.joined(separator: " ")
    }
}

/// Stripe's error response body, `{"error": {...}}`.
public struct StripeErrorEnvelope: Codable, Sendable {
    /// The error object.
    public struct Body: Codable, Sendable, Equatable {
        public var type: String?
        public var code: String?
        public var declineCode: String?
        public var param: String?
        public var message: String?
        public var docURL: String?

        /// Creates an error body (the emulator builds these).
        public init(
            type: String,
            code: String? = nil,
            declineCode: String? = nil,
            param: String? = nil,
            message: String? = nil,
            docURL: String? = nil
        ) {
            self.type = type
            self.code = code
            self.declineCode = declineCode
            self.param = param
            self.message = message
            self.docURL = docURL
        }

        enum CodingKeys: String, CodingKey {
            case type, code, param, message
            case declineCode = "decline_code"
            case docURL = "doc_url"
        }
    }

    /// The error.
    public var error: Body

    /// Wraps an error body.
    public init(error: Body) { self.error = error }
}
