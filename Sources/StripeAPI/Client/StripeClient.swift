public import AsyncHTTPClient
import Foundation
public import Logging
import Metrics
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import Tracing

/// A typed Stripe API client over AsyncHTTPClient.
///
/// The same client talks to real Stripe and to the emulator; only ``StripeConfiguration/apiBaseURL`` differs.
/// Resources hang off namespaces: `stripe.customers.create(...)`, `stripe.subscriptions.update(...)`.
/// Every POST carries an `Idempotency-Key` (yours or a generated one) that stays the same across retries.
///
/// Each request is one `stripe.request` client span (attributes `stripe.resource`, `http.request.method`,
/// `http.response.status_code`, `stripe.retries`); each attempt counts in
/// `billing_stripe_requests_total{resource,method,status,retry}` and `billing_stripe_request_duration_seconds`.
public struct StripeClient: Sendable {
    /// Where and how requests are sent.
    public let configuration: StripeConfiguration
    let httpClient: HTTPClient
    let logger: Logger

    /// The largest response body accepted; Stripe's largest list page is far smaller.
    static let maxResponseBytes = 16 << 20

    /// Creates a client.
    /// - Parameters:
    ///   - configuration: key, base URL, version, timeouts and retries.
    ///   - httpClient: the shared HTTP client (one per process; never one per request).
    ///   - logger: receives request and retry logs (method, path, status, request id; never keys or bodies).
    public init(
        configuration: StripeConfiguration,
        httpClient: HTTPClient = StripeClient.sharedHTTPClient,
        logger: Logger = Logger(label: "stripe", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.logger = logger
    }

    /// Sends one API request, retrying per the ``RetryPolicy``, and decodes the response.
    /// - Parameters:
    ///   - method: `GET`, `POST` or `DELETE`.
    ///   - path: the path below the base URL, such as `/v1/customers`.
    ///   - parameters: encoded into the query string (GET/DELETE) or the form body (POST).
    ///   - options: idempotency key and `expand[]`.
    /// - Returns: the decoded response.
    /// - Throws: ``StripeError``.
    public func send<Response: Decodable>(
        _ method: StripeHTTPMethod,
        _ path: String,
        parameters: (any Encodable)? = nil,
        options: RequestOptions = RequestOptions(),
        as type: Response.Type = Response.self
    ) async throws -> Response {
        var pairs: [(key: String, value: String)] = []
        if let parameters {
            do {
                pairs = try FormEncoder().pairs(parameters)
            } catch {
                throw StripeError.invalidConfiguration("parameters could not be form-encoded: \(error)")
            }
        }
        for (index, field) in options.expand.enumerated() {
            pairs.append(("expand[\(index)]", field))
        }
        let encoded = FormEncoder.serialize(pairs)
        let idempotencyKey = method == .POST ? (options.idempotencyKey ?? Self.generateIdempotencyKey()) : nil

        var request = HTTPClientRequest(url: url(for: path, query: method == .POST ? "" : encoded))
        request.method = method.nioMethod
        request.headers.add(name: "Authorization", value: "Bearer \(configuration.secretKey)")
        request.headers.add(name: "Stripe-Version", value: configuration.apiVersion)
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        request.headers.add(name: "Accept", value: "application/json")
        if let idempotencyKey {
            request.headers.add(name: "Idempotency-Key", value: idempotencyKey)
        }
        if method == .POST {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: encoded))
        }

        let resource = Self.resource(of: path)
        let (status, headers, body) = try await withSpan("stripe.request", ofKind: .client) { span in
            span.attributes["stripe.resource"] = resource
            span.attributes["http.request.method"] = method.rawValue
            return try await execute(request, method: method, path: path, resource: resource, span: span)
        }
        do {
            return try StripeJSON.decoder.decode(Response.self, from: body)
        } catch {
            throw StripeError.decoding(
                "could not decode \(Response.self) from \(method) \(path): \(error)",
                httpStatus: status,
                requestID: headers.first(name: "Request-Id")
            )
        }
    }

    /// The process-wide HTTP client Stripe clients use unless given another; never shut down, like
    /// `HTTPClient.shared`.
    ///
    /// It differs from `HTTPClient.shared` in one way that matters for a billing page: a refused or failed connection
    /// fails the attempt at once instead of being re-dialled inside the pool until the request deadline (80 s), so
    /// ``RetryPolicy`` alone decides how long a user waits before the "Stripe is unavailable" page.
    public static var sharedHTTPClient: HTTPClient { stripeSharedHTTPClient }

    /// A fresh idempotency key in the format Stripe's SDKs use (a UUID).
    public static func generateIdempotencyKey() -> String {
        UUID().uuidString.lowercased()
    }

    private func url(for path: String, query: String) -> String {
        var base = configuration.apiBaseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return query.isEmpty ? base + path : base + path + "?" + query
    }

    /// Runs the request with retries; returns the 2xx response or throws the final ``StripeError``.
    private func execute(
        _ request: HTTPClientRequest,
        method: StripeHTTPMethod,
        path: String,
        resource: String,
        span: any Span
    ) async throws -> (status: Int, headers: HTTPHeaders, body: Data) {
        let policy = configuration.retryPolicy
        var retry = 0
        while true {
            let outcome: Outcome
            let started = ContinuousClock.now
            defer {
                span.attributes["stripe.retries"] = retry
                Self.recordAttempt(
                    resource: resource,
                    method: method,
                    outcome: outcome,
                    isRetry: retry > 0,
                    duration: ContinuousClock.now - started
                )
            }
            do {
                let response = try await httpClient.execute(
                    request,
                    timeout: .nanoseconds(configuration.timeout.nanoseconds),
                    logger: logger
                )
                let buffer = try await response.body.collect(upTo: Self.maxResponseBytes)
                outcome = .response(Int(response.status.code), response.headers, Data(buffer: buffer))
            } catch is CancellationError {
                outcome = .failure("canceled")
                throw CancellationError()
            } catch {
                outcome = .failure(String(describing: error))
            }
            if case .response(let status, _, _) = outcome {
                span.attributes["http.response.status_code"] = status
                if status >= 400 { span.setStatus(SpanStatus(code: .error)) }
            }

            switch outcome {
            case .response(let status, let headers, let body) where (200..<300).contains(status):
                logger.debug(
                    "stripe request succeeded",
                    metadata: [
                        "stripe.method": "\(method.rawValue)", "stripe.path": "\(path)", "http.status": "\(status)",
                        "stripe.request_id": "\(headers.first(name: "Request-Id") ?? "")",
                    ]
                )
                return (status, headers, body)
            case .response(let status, let headers, let body):
                let requestID = headers.first(name: "Request-Id")
                let envelope = try? StripeJSON.decoder.decode(StripeErrorEnvelope.self, from: body)
                let error = StripeError.response(status: status, requestID: requestID, envelope: envelope?.error)
                guard retry < policy.maxRetries, Self.shouldRetry(status: status, headers: headers) else {
                    throw error
                }
                retry += 1
                let delay = policy.delay(
                    beforeRetry: retry,
                    retryAfter: headers.first(name: "Retry-After").flatMap(Double.init).map { .seconds($0) },
                    unit: Double.random(in: 0..<1)
                )
                logger.notice(
                    "stripe request will be retried",
                    metadata: [
                        "stripe.method": "\(method.rawValue)", "stripe.path": "\(path)", "http.status": "\(status)",
                        "stripe.retry": "\(retry)", "stripe.request_id": "\(requestID ?? "")",
                    ]
                )
                try await Task.sleep(for: delay)
            case .failure(let description):
                guard retry < policy.maxRetries else {
                    throw StripeError.network("\(method.rawValue) \(path) failed: \(description)")
                }
                retry += 1
                let delay = policy.delay(beforeRetry: retry, retryAfter: nil, unit: Double.random(in: 0..<1))
                logger.notice(
                    "stripe request failed without a response; retrying",
                    metadata: [
                        "stripe.method": "\(method.rawValue)", "stripe.path": "\(path)", "stripe.retry": "\(retry)",
                        "error": "\(description)",
                    ]
                )
                try await Task.sleep(for: delay)
            }
        }
    }

    private enum Outcome {
        case response(Int, HTTPHeaders, Data)
        case failure(String)
    }

    private static func recordAttempt(
        resource: String,
        method: StripeHTTPMethod,
        outcome: Outcome,
        isRetry: Bool,
        duration: Duration
    ) {
        let status: String
        switch outcome {
        case .response(let code, _, _): status = String(code)
        case .failure: status = "network_error"
        }
        Counter(
            label: "billing_stripe_requests_total",
            dimensions: [
                ("resource", resource), ("method", method.rawValue), ("status", status),
                ("retry", isRetry ? "true" : "false"),
            ]
        ).increment()
        Timer(
            label: "billing_stripe_request_duration_seconds",
            dimensions: [("resource", resource)],
            preferredDisplayUnit: .seconds
        ).record(duration: duration)
    }

    /// The resource a path names, for metric labels and span attributes: its segments after `/v1` without object
    /// ids (`/v1/customers/cus_123/payment_methods` → `customers.payment_methods`), so a label never carries an id.
    static func resource(of path: String) -> String {
        let segments = path.split(separator: "?").first.map { $0.split(separator: "/") } ?? []
        let names = segments.filter { segment in
            segment != "v1" && !segment.isEmpty
                && segment.allSatisfy { $0 == "_" || ($0.isASCII && $0.isLowercase) }
        }
        return names.isEmpty ? "unknown" : names.joined(separator: ".")
    }

    /// Stripe's rule: its `Stripe-Should-Retry` header decides when present; otherwise 409, 429 and 5xx retry.
    static func shouldRetry(status: Int, headers: HTTPHeaders) -> Bool {
        switch headers.first(name: "Stripe-Should-Retry")?.lowercased() {
        case "false": return false
        case "true": return true
        default: return status == 409 || status == 429 || status >= 500
        }
    }
}

/// The HTTP methods Stripe's v1 API uses.
public enum StripeHTTPMethod: String, Sendable {
    case GET, POST, DELETE

    var nioMethod: HTTPMethod {
        switch self {
        case .GET: .GET
        case .POST: .POST
        case .DELETE: .DELETE
        }
    }
}

/// Per-request options.
public struct RequestOptions: Sendable {
    /// The `Idempotency-Key` for a POST; generated when nil. Reuse it when you retry the same logical operation.
    public var idempotencyKey: String?
    /// Fields to expand, such as `latest_invoice` or `data.default_payment_method`.
    public var expand: [String]

    /// Creates options.
    public init(idempotencyKey: String? = nil, expand: [String] = []) {
        self.idempotencyKey = idempotencyKey
        self.expand = expand
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

private let stripeSharedHTTPClient: HTTPClient = {
    var configuration = HTTPClient.Configuration()
    configuration.connectionPool.retryConnectionEstablishment = false
    configuration.timeout.connect = .seconds(10)
    return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
}()
