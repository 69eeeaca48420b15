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
    ///
    /// Every `/v1` request passes here, so it works on the header's bytes: lowercasing the header and trimming it
    /// with Foundation's character sets were 6 % of the CPU time of a customer retrieve.
    static func authenticate(_ header: String?) throws(StripeAPIError) {
        guard let header, !header.isEmpty else { throw .missingKey }
        let key: Substring
        if let credentials = Self.credentials(of: header, scheme: "bearer ") {
            key = trimmed(credentials)
        } else if let credentials = Self.credentials(of: header, scheme: "basic ") {
            guard let data = Data(base64Encoded: String(trimmed(credentials))),
                let decoded = String(data: data, encoding: .utf8)
            else {
                throw .invalidKey("")
            }
            key = trimmed(decoded.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        } else {
            throw .invalidKey("")
        }
        guard key.hasPrefix("sk_test_") || key.hasPrefix("rk_test_"), key.utf8.count > 8 else {
            throw .invalidKey(String(key))
        }
    }

    /// What follows `scheme` (lowercase ASCII, with its space) when the header starts with it in any case.
    private static func credentials(of header: String, scheme: StaticString) -> Substring? {
        let utf8 = header.utf8
        guard utf8.count >= scheme.utf8CodeUnitCount else { return nil }
        var index = utf8.startIndex
        for expected in UnsafeBufferPointer(start: scheme.utf8Start, count: scheme.utf8CodeUnitCount) {
            // ASCII letters differ from their capitals in bit 0x20 only; the space matches itself.
            guard utf8[index] | 0x20 == expected else { return nil }
            index = utf8.index(after: index)
        }
        return header[index...]
    }

    /// `text` without leading and trailing spaces and tabs.
    private static func trimmed(_ text: Substring) -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isBlank($0) }), let last = text.lastIndex(where: { !isBlank($0) })
        else { return text[text.endIndex...] }
        return text[first...last]
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
