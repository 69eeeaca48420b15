import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import StripeAPI

/// Stripe's wire conventions for every `/v1` request: API-key auth (Bearer or Basic), `Request-Id` and
/// `Stripe-Version` response headers, form/query parsing into ``EmulatorRequestContext/params``, and Stripe's
/// error envelope for every failure (including unknown routes).
struct StripeWireMiddleware: RouterMiddleware {
    typealias Context = EmulatorRequestContext

    static let stripeVersion = HTTPField.Name("Stripe-Version")!
    static let requestIDHeader = HTTPField.Name("Request-Id")!
    static let idempotencyKeyHeader = HTTPField.Name("Idempotency-Key")!

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/v1/") || path == "/v1" else {
            return try await next(request, context)
        }
        var context = context
        context.requestID = "req_" + EmulatorState.randomToken(14)
        let version = request.headers[Self.stripeVersion] ?? EmulatorState.apiVersion
        var response: Response
        do {
            try Self.authenticate(request.headers[.authorization])
            var values: [String: FormNode] = [:]
            if let query = request.uri.query { try FormParser.parse(query[...], into: &values) }
            if request.method == .post || request.method == .delete {
                let body = try await request.body.collect(upTo: context.maxUploadSize)
                if body.readableBytes > 0 {
                    let contentType = request.headers[.contentType] ?? ""
                    if contentType.hasPrefix("application/json") {
                        throw StripeAPIError.malformedBody(
                            "Invalid request: unsupported Content-Type application/json. Stripe's API accepts "
                                + "application/x-www-form-urlencoded bodies."
                        )
                    }
                    let text = String(buffer: body)
                    try FormParser.parse(text[...], into: &values)
                }
            }
            context.params = Params(values)
            context.idempotencyKey = request.headers[Self.idempotencyKeyHeader]
            if let key = context.idempotencyKey, key.count > 255 {
                throw StripeAPIError.invalid("Idempotency-Key", "Idempotency-Key must be at most 255 characters.")
            }
            response = try await next(request, context)
        } catch let error as StripeAPIError {
            response = Self.errorResponse(error)
        } catch let error as HTTPError where error.status == .notFound {
            response = Self.errorResponse(.notFound(request.method.rawValue, path))
        } catch let error as HTTPError where error.status == .contentTooLarge {
            response = Self.errorResponse(.malformedBody("The request body is too large."))
        } catch {
            context.logger.error("emulator request failed", metadata: ["error": "\(error)"])
            response = Self.errorResponse(
                StripeAPIError(status: 500, type: "api_error", message: "An unexpected error occurred.")
            )
        }
        if response.headers[Self.requestIDHeader] == nil {
            response.headers[Self.requestIDHeader] = context.requestID
        }
        response.headers[Self.stripeVersion] = version
        return response
    }

    /// Accepts any `sk_test_…` (or `rk_test_…`) key, as Bearer or as the Basic-auth user name.
    static func authenticate(_ header: String?) throws(StripeAPIError) {
        guard let header, !header.isEmpty else { throw .missingKey }
        var key: String
        if header.lowercased().hasPrefix("bearer ") {
            key = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        } else if header.lowercased().hasPrefix("basic ") {
            let encoded = String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)
            guard let data = Data(base64Encoded: encoded), let decoded = String(data: data, encoding: .utf8) else {
                throw .invalidKey("")
            }
            key = String(decoded.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        } else {
            throw .invalidKey("")
        }
        key = key.trimmingCharacters(in: .whitespaces)
        guard key.hasPrefix("sk_test_") || key.hasPrefix("rk_test_"), key.count > 8 else {
            throw .invalidKey(key)
        }
    }

    static func errorResponse(_ error: StripeAPIError) -> Response {
        json(error.json, status: error.status, headers: error.status == 409 ? ["Stripe-Should-Retry": "true"] : [:])
    }

    static func json(_ value: JSONValue, status: Int = 200, headers: [String: String] = [:]) -> Response {
        bytes(JSONWriter.bytes(value), status: status, headers: headers)
    }

    static func bytes(
        _ bytes: [UInt8],
        status: Int,
        headers extra: [String: String] = [:],
        contentType: String = "application/json"
    ) -> Response {
        buffer(ByteBuffer(bytes: bytes), status: status, headers: extra, contentType: contentType)
    }

    /// A response whose body is already encoded (shared, not copied).
    static func buffer(
        _ body: ByteBuffer,
        status: Int,
        headers extra: [String: String] = [:],
        contentType: String = "application/json"
    ) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        for (name, value) in extra {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return Response(
            status: HTTPResponse.Status(code: status),
            headers: headers,
            body: ResponseBody(byteBuffer: body)
        )
    }
}
