public import BillingCore
import Foundation
public import Hummingbird

extension Billing {
    /// Mounts the probes for load balancers and orchestrators:
    /// - `GET {path}/live`: 200 while the process serves requests; it checks nothing else, so a slow database never
    ///   gets the process restarted.
    /// - `GET {path}/ready`: 200 when ``Billing/readiness(timeout:)`` passes, else 503 with
    ///   `{"status":"unavailable","checks":[{"name":"database","ready":false,"problem":"…"}]}` (no secrets).
    ///
    /// Mount them on the router itself, outside session middleware: probes carry no cookies.
    /// - Parameters:
    ///   - router: the host's router.
    ///   - path: the prefix, `/health` by default.
    ///   - timeout: how long the readiness query may take.
    public func addHealthRoutes<Context: RequestContext>(
        to router: Router<Context>,
        path: String = "/health",
        timeout: Duration = .seconds(2)
    ) {
        let prefix = path.hasSuffix("/") ? String(path.dropLast()) : path
        router.get(RouterPath(prefix + "/live")) { _, _ in
            Self.json(HealthBody(status: "ok", checks: []), status: .ok)
        }
        router.get(RouterPath(prefix + "/ready")) { _, _ in
            let readiness = await self.readiness(timeout: timeout)
            let body = HealthBody(
                status: readiness.isReady ? "ok" : "unavailable",
                checks: readiness.checks.map { .init(name: $0.name, ready: $0.isReady, problem: $0.problem) }
            )
            return Self.json(body, status: readiness.isReady ? .ok : .serviceUnavailable)
        }
    }

    private static func json(_ body: HealthBody, status: HTTPResponse.Status) -> Response {
        let data = (try? JSONEncoder().encode(body)) ?? Data(#"{"status":"unavailable"}"#.utf8)
        return Response(
            status: status,
            headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}

private struct HealthBody: Encodable {
    struct Check: Encodable {
        var name: String
        var ready: Bool
        var problem: String?
    }

    var status: String
    var checks: [Check]
}
