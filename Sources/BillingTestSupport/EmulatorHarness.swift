public import Foundation
public import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
public import StripeAPI
public import StripeEmulator

/// A running in-process Stripe emulator with a ``StripeClient`` pointed at it.
public struct RunningEmulator: Sendable {
    /// The emulator (its store and delivery log).
    public let emulator: StripeEmulator
    /// `http://127.0.0.1:PORT`.
    public let baseURL: URL
    /// A client with key `sk_test_emulator` and no retries.
    public let stripe: StripeClient

    /// A raw HTTP response from the emulator.
    public struct RawResponse: Sendable {
        /// The status code.
        public let status: Int
        /// The response headers.
        public let headers: HTTPFields
        /// The body bytes.
        public let body: Data

        /// The body parsed as JSON.
        public var json: JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: body) }
        /// The body as UTF-8 text.
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    let execute: @Sendable (HTTPRequest.Method, String, HTTPFields, String?) async throws -> RawResponse

    /// Sends a raw request (for malformed input and header checks the typed client cannot produce).
    /// - Parameters:
    ///   - method: the HTTP method.
    ///   - path: the path and query, such as `/v1/customers?limit=3`.
    ///   - headers: extra headers; `Authorization: Bearer sk_test_emulator` is added unless `authorized` is false.
    ///   - body: a form body.
    ///   - authorized: whether to send the test key.
    public func raw(
        _ method: HTTPRequest.Method,
        _ path: String,
        headers: [String: String] = [:],
        body: String? = nil,
        authorized: Bool = true
    ) async throws -> RawResponse {
        var fields = HTTPFields()
        if authorized { fields[.authorization] = "Bearer sk_test_emulator" }
        if body != nil { fields[.contentType] = "application/x-www-form-urlencoded" }
        for (name, value) in headers {
            if let field = HTTPField.Name(name) { fields[field] = value }
        }
        return try await execute(method, path, fields, body)
    }
}

/// Starts emulators in-process on an ephemeral loopback port for tests.
public enum EmulatorHarness {
    /// A configuration suited to tests: ephemeral port, fast webhook retries, quiet.
    public static func testConfiguration(
        clock: EmulatorClock = .system,
        retryDelays: [Duration] = [.milliseconds(50), .milliseconds(100), .milliseconds(200)]
    ) -> EmulatorConfiguration {
        EmulatorConfiguration(
            port: 0,
            webhookRetryDelays: retryDelays,
            webhookTimeout: .seconds(5),
            clock: clock,
            housekeepingInterval: .milliseconds(100)
        )
    }

    /// Runs `body` against a live emulator; the emulator stops when `body` returns.
    public static func withEmulator<T: Sendable>(
        configuration: EmulatorConfiguration = testConfiguration(),
        _ body: @Sendable (RunningEmulator) async throws -> T
    ) async throws -> T {
        var logger = Logger(label: "stripe-emulator-test")
        logger.logLevel = .warning
        let emulator = try StripeEmulator(configuration: configuration, logger: logger)
        let app = emulator.buildApplication()
        return try await app.test(.live) { client in
            guard let port = client.port else { throw HTTPError(.internalServerError, message: "no port") }
            let baseURL = URL(string: "http://127.0.0.1:\(port)")!
            await emulator.store.setPublicBaseURL(baseURL.absoluteString)
            let stripe = StripeClient(
                configuration: StripeConfiguration(
                    secretKey: "sk_test_emulator",
                    apiBaseURL: baseURL,
                    timeout: .seconds(10),
                    retryPolicy: RetryPolicy(maxRetries: 0)
                )
            )
            let running = RunningEmulator(emulator: emulator, baseURL: baseURL, stripe: stripe) {
                method,
                path,
                headers,
                body in
                try await client.execute(
                    uri: path,
                    method: method,
                    headers: headers,
                    body: body.map { ByteBuffer(string: $0) }
                ) { response in
                    RunningEmulator.RawResponse(
                        status: Int(response.status.code),
                        headers: response.headers,
                        body: Data(response.body.readableBytesView)
                    )
                }
            }
            return try await body(running)
        }
    }
}
