public import BillingCore
import Foundation
public import Hummingbird

extension Billing {
    /// Mounts the probes for load balancers and orchestrators:
    /// - `GET {path}/live`: 200 while the process serves requests; it checks nothing else, so a slow database never
    ///   gets the process restarted.
    /// - `GET {path}/ready`: 200 when every check of ``Billing/readiness(timeout:)`` passes (database, migrations,
    ///   event processor, processing lag), else 503; the JSON body names each check and its state
    ///   (``BillingReadiness/jsonBody``, no secrets).
    ///
    /// Mount them on the router itself, outside session middleware: probes carry no cookies.
    /// - Parameters:
    ///   - router: the host's router.
    ///   - path: the prefix, `/health` by default.
    ///   - timeout: how long the readiness queries may take together.
    public func addHealthRoutes<Context: RequestContext>(
        to router: Router<Context>,
        path: String = "/health",
        timeout: Duration = .seconds(2)
    ) {
        let prefix = path.hasSuffix("/") ? String(path.dropLast()) : path
        router.get(RouterPath(prefix + "/live")) { _, _ in
            Self.json(BillingReadiness(checks: []))
        }
        router.get(RouterPath(prefix + "/ready")) { _, _ in
            Self.json(await self.readiness(timeout: timeout))
        }
    }

    private static func json(_ readiness: BillingReadiness) -> Response {
        Response(
            status: HTTPResponse.Status(code: readiness.httpStatus),
            headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: readiness.jsonBody))
        )
    }
}
