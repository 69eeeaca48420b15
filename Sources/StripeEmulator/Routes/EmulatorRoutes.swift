import HTTPTypes
import Hummingbird
import StripeAPI

/// The path parameters of a matched route.
struct PathParameters: Sendable {
    private let values: [String: String]

    init(_ context: EmulatorRequestContext, names: [String]) {
        var values: [String: String] = [:]
        for name in names { values[name] = context.parameters.get(name) }
        self.values = values
    }

    subscript(name: String) -> String { values[name] ?? "" }
}

/// Registers Stripe endpoints: each is a read (`GET`) or a write (`POST`/`DELETE`) transaction on the store,
/// with `expand[]` applied to the result and Stripe's idempotency for POSTs.
struct EmulatorRoutes: Sendable {
    typealias Read = @Sendable (EmulatorState, Params, PathParameters) throws(StripeAPIError) -> JSONValue
    typealias Write = @Sendable (inout EmulatorState, Params, PathParameters) throws(StripeAPIError) -> JSONValue

    let store: EmulatorStore
    let idempotency: IdempotencyCache
    let clock: EmulatorClock

    static let replayedHeader = HTTPField.Name("Idempotent-Replayed")!
    static let originalRequestHeader = HTTPField.Name("Original-Request")!

    private static func names(in path: String) -> [String] {
        path.split(separator: "/").compactMap { $0.hasPrefix(":") ? String($0.dropFirst()) : nil }
    }

    func get(_ router: Router<EmulatorRequestContext>, _ path: String, _ body: @escaping Read) {
        let names = Self.names(in: path)
        router.get(RouterPath(path)) { _, context -> Response in
            try await read(context, names: names, body)
        }
    }

    /// Registers `GET …/:id` for an object the API returns exactly as stored.
    ///
    /// A request with no parameters is answered from the object's published encoding (made once per change and read without entering the store actor);
    /// `expand[]` needs the tree, and other parameters need the general read to refuse them.
    /// - Parameters:
    ///   - kind: the object's `object` value.
    ///   - name: the resource name in the 404 message (`No such customer: '…'`).
    func retrieve(_ router: Router<EmulatorRequestContext>, _ path: String, kind: String, name: String) {
        let names = Self.names(in: path)
        let body: Read = { state, params, path throws(StripeAPIError) in
            try params.requireOnly([])
            return .object(try state.require(path["id"], kind: kind, name: name))
        }
        router.get(RouterPath(path)) { _, context -> Response in
            if context.params.values.isEmpty, let id = context.parameters.get("id") {
                if let cached = store.published.body(id, kind: kind) {
                    return StripeWireMiddleware.buffer(cached, status: 200)
                }
                if let encoded = await store.encodedBody(id, kind: kind) {
                    return StripeWireMiddleware.buffer(encoded, status: 200)
                }
            }
            return try await read(context, names: names, body)
        }
    }

    private func read(_ context: EmulatorRequestContext, names: [String], _ body: @escaping Read) async throws
        -> Response
    {
        let params = context.params
        let path = PathParameters(context, names: names)
        let value = try await store.perform(requestID: context.requestID) { state throws(StripeAPIError) in
            try state.expand(body(state, params, path), paths: params.expand)
        }
        return StripeWireMiddleware.json(value)
    }

    func post(_ router: Router<EmulatorRequestContext>, _ path: String, _ body: @escaping Write) {
        write(router, .post, path, body)
    }

    func delete(_ router: Router<EmulatorRequestContext>, _ path: String, _ body: @escaping Write) {
        write(router, .delete, path, body)
    }

    private func write(
        _ router: Router<EmulatorRequestContext>,
        _ method: HTTPRequest.Method,
        _ routePath: String,
        _ body: @escaping Write
    ) {
        let names = Self.names(in: routePath)
        router.on(
            RouterPath(routePath),
            method: method,
            use: { (request: Request, context: EmulatorRequestContext) -> Response in
                let params = context.params
                let path = PathParameters(context, names: names)
                let key = method == .post ? context.idempotencyKey : nil
                if let key {
                    let decision = await idempotency.begin(
                        key: key,
                        endpoint: "\(method.rawValue) \(request.uri.path)",
                        fingerprint: FormNode.hash(params.values).canonical,
                        now: clock.now()
                    )
                    switch decision {
                    case .proceed: break
                    case .reject(let error): return StripeWireMiddleware.errorResponse(error)
                    case .replay(let stored):
                        var response = StripeWireMiddleware.bytes(stored.body, status: stored.status)
                        response.headers[Self.replayedHeader] = "true"
                        response.headers[Self.originalRequestHeader] = stored.requestID
                        return response
                    }
                }
                do throws(StripeAPIError) {
                    let value = try await store.mutate(requestID: context.requestID, idempotencyKey: key) {
                        state throws(StripeAPIError) in
                        // Mutate first, then expand against the updated state.
                        let value = try body(&state, params, path)
                        return try state.expand(value, paths: params.expand)
                    }
                    let bytes = JSONWriter.bytes(value)
                    if let key {
                        await idempotency.finish(
                            key: key,
                            stored: .init(status: 200, body: bytes, requestID: context.requestID)
                        )
                    }
                    return StripeWireMiddleware.bytes(bytes, status: 200)
                } catch {
                    if let key {
                        // Declines and server errors executed on Stripe's side, so they are replayed; validation
                        // failures are not stored and may be retried with the same key.
                        let stored: IdempotencyCache.Stored? =
                            error.status == 402 || error.status >= 500
                            ? .init(
                                status: error.status,
                                body: JSONWriter.bytes(error.json),
                                requestID: context.requestID
                            )
                            : nil
                        await idempotency.finish(key: key, stored: stored)
                    }
                    throw error
                }
            }
        )
    }
}
