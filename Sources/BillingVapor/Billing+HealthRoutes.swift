public import BillingCore
public import Vapor

extension Billing {
    /// Mounts the probes for load balancers and orchestrators, answering exactly like the Hummingbird adapter's:
    /// - `GET {path}/live`: 200 while the process serves requests; it checks nothing else.
    /// - `GET {path}/ready`: 200 when every check of ``Billing/readiness(timeout:)`` passes (database, migrations,
    ///   event processor, processing lag), else 503; the JSON body names each check and its state
    ///   (``BillingReadiness/jsonBody``, no secrets).
    ///
    /// Mount them on `app.routes`, outside session middleware: probes carry no cookies. The `processor` check needs
    /// billing's services running (``BillingLifecycle``).
    /// - Parameters:
    ///   - routes: where to mount, usually `app.routes`.
    ///   - path: the prefix, `/health` by default.
    ///   - timeout: how long the readiness queries may take together.
    public func registerHealth(on routes: any RoutesBuilder, path: String = "/health", timeout: Duration = .seconds(2))
    {
        let prefix = path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
        routes.get(prefix + ["live"]) { _ async -> Response in
            Self.json(BillingReadiness(checks: []))
        }
        routes.get(prefix + ["ready"]) { _ async -> Response in
            Self.json(await self.readiness(timeout: timeout))
        }
    }

    private static func json(_ readiness: BillingReadiness) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.cacheControl = .init(noStore: true)
        return Response(
            status: HTTPResponseStatus(statusCode: readiness.httpStatus),
            headers: headers,
            body: .init(data: readiness.jsonBody)
        )
    }
}
