import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import StripeAPI
import Testing

/// One request as the scripted server saw it.
struct RecordedRequest: Sendable {
    var method: String
    var path: String
    var query: String
    var body: String
    var headers: HTTPFields
    var receivedAt: ContinuousClock.Instant

    func header(_ name: String) -> String? {
        HTTPField.Name(name).flatMap { headers[$0] }
    }
}

/// What the scripted server does with the next request.
enum ScriptedResponse: Sendable {
    case json(status: Int, body: String, headers: [String: String] = [:])
    /// Sends headers promising a body, then aborts the stream so the client sees the connection die mid-response.
    case dropConnection
}

/// Records requests and plays back a script; when the script runs out it answers 500 so a test that retries more
/// than it planned fails loudly instead of passing on a default.
actor RequestScript {
    private(set) var requests: [RecordedRequest] = []
    private var script: [ScriptedResponse]

    init(_ script: [ScriptedResponse]) { self.script = script }

    func next(_ request: RecordedRequest) -> ScriptedResponse {
        requests.append(request)
        guard !script.isEmpty else {
            return .json(status: 500, body: #"{"error":{"type":"api_error","message":"script exhausted"}}"#)
        }
        return script.removeFirst()
    }
}

private struct ScriptAborted: Error {}

/// Runs a live Hummingbird server that answers every path from `script`, and a `StripeClient` pointed at it.
func withScriptedStripe(
    _ script: RequestScript,
    retryPolicy: RetryPolicy = RetryPolicy(
        maxRetries: 2,
        initialDelay: .milliseconds(20),
        maxDelay: .milliseconds(80),
        maxRetryAfter: .milliseconds(400)
    ),
    _ body: @Sendable (StripeClient) async throws -> Void
) async throws {
    let router = Router()
    for method in [HTTPRequest.Method.get, .post, .delete] {
        router.on("**", method: method) { request, context -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let recorded = RecordedRequest(
                method: request.method.rawValue,
                path: request.uri.path,
                // AsyncHTTPClient percent-encodes brackets in the query; Stripe (and this server) read both forms.
                query: (request.uri.query ?? "").replacingOccurrences(of: "%5B", with: "[")
                    .replacingOccurrences(of: "%5D", with: "]"),
                body: String(buffer: buffer),
                headers: request.headers,
                receivedAt: .now
            )
            switch await script.next(recorded) {
            case .json(let status, let json, let extra):
                var headers = HTTPFields()
                headers[.contentType] = "application/json"
                headers[HTTPField.Name("Request-Id")!] = "req_scripted_\(UUID().uuidString.prefix(8))"
                for (name, value) in extra { headers[HTTPField.Name(name)!] = value }
                return Response(
                    status: .init(code: status),
                    headers: headers,
                    body: .init(byteBuffer: ByteBuffer(string: json))
                )
            case .dropConnection:
                var headers = HTTPFields()
                headers[.contentType] = "application/json"
                headers[.contentLength] = "4096"
                return Response(
                    status: .ok,
                    headers: headers,
                    body: ResponseBody { writer in
                        try await writer.write(ByteBuffer(string: "{\"id\":"))
                        throw ScriptAborted()
                    }
                )
            }
        }
    }
    let app = Application(
        router: router,
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        logger: Logger(label: "scripted-stripe", factory: { _ in SwiftLogNoOpLogHandler() })
    )
    try await app.test(.live) { client in
        let port = try #require(client.port)
        let stripe = StripeClient(
            configuration: StripeConfiguration(
                secretKey: "sk_test_scripted",
                apiBaseURL: URL(string: "http://127.0.0.1:\(port)")!,
                timeout: .seconds(10),
                retryPolicy: retryPolicy
            )
        )
        try await body(stripe)
    }
}

/// A minimal valid customer body.
let customerJSON = #"{"id":"cus_123","object":"customer","created":1790000000,"livemode":false,"metadata":{}}"#
