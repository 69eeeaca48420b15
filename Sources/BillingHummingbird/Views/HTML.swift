public import Hummingbird

/// An HTML response: `text/html; charset=utf-8` with a status.
public struct HTML: ResponseGenerator, Sendable {
    /// The document.
    public var body: String
    /// The status, 200 by default.
    public var status: HTTPResponse.Status

    /// Creates a response.
    public init(_ body: String, status: HTTPResponse.Status = .ok) {
        self.body = body
        self.status = status
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body))
        )
    }
}
