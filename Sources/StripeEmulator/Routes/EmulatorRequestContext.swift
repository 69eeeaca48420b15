public import Hummingbird

/// The request context of the emulator's router: Stripe's request id and the parsed parameters.
public struct EmulatorRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// `req_…`, sent back in the `Request-Id` header and stamped on events.
    var requestID = ""
    /// Query-string and form-body parameters, merged.
    var params = Params([:])
    /// The request's `Idempotency-Key`, if any.
    var idempotencyKey: String?

    public init(source: Source) {
        self.coreContext = .init(source: source)
    }
}
