import Configuration
import Foundation
import Hummingbird
import Logging
import Metrics
package import Prometheus
import ServiceLifecycle

/// The host's side of metrics: the Prometheus backend billing's swift-metrics calls report to, and the listener that
/// serves it as `GET /metrics` on its own port (never on the public one).
package enum MetricsExport {
    /// The metrics listener that `metrics.*` asks for, or nil when `metrics.port` is unset (no listener, and no
    /// backend is bootstrapped).
    ///
    /// Keys read (environment variable in brackets):
    /// - `metrics.port` (`METRICS_PORT`), int, no default: the port of the Prometheus endpoint `GET /metrics`. Unset
    ///   serves no metrics; 0 picks a free port.
    /// - `metrics.host` (`METRICS_HOST`), string, default `127.0.0.1`: the interface it binds; keep it private
    ///   (loopback or an internal network), the text names routes and volumes.
    static func listener(reader: ConfigReader, logger: Logger) -> (any Service)? {
        guard let port = reader.int(forKey: "metrics.port") else { return nil }
        let host = reader.string(forKey: "metrics.host", default: "127.0.0.1")
        let registry = registry()
        let router = Router()
        router.get("/metrics") { _, _ in
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer))
            )
        }
        var metricsLogger = logger
        metricsLogger[metadataKey: "listener"] = "metrics"
        return Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            logger: metricsLogger
        )
    }

    /// The registry of the Prometheus factory in force for this task (a test's task-local one), or else the
    /// process-wide one, bootstrapped on first use.
    static func registry() -> PrometheusCollectorRegistry {
        if let factory = MetricsSystem.currentFactory as? PrometheusMetricsFactory { return factory.registry }
        return processRegistry
    }

    /// `MetricsSystem.bootstrap` may run once per process; a static's initializer runs exactly once, so several
    /// applications in one process (tests, `billing serve` restarts) share one backend.
    private static let processRegistry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(factory(registry: registry))
        return registry
    }()

    /// A Prometheus factory with billing's buckets and Prometheus names for Hummingbird's dotted metric names.
    package static func factory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        // Processing lag spans milliseconds (doorbell) to hours (a parked event retried); the default buckets stop
        // at 10 s.
        factory.durationHistogramBuckets["billing_event_processing_lag_seconds"] = [
            .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5),
            .seconds(30), .seconds(60), .seconds(300), .seconds(1800), .seconds(3600),
        ]
        factory.nameAndLabelSanitizer = { name, labels in
            let renamed =
                switch name {
                case "hb.requests": "http_server_requests_total"
                case "hb.request.errors": "http_server_request_errors_total"
                case "http.server.request.duration": "http_server_request_duration_seconds"
                default: name.replacingOccurrences(of: ".", with: "_")
                }
            return (renamed, labels.map { ($0.replacingOccurrences(of: ".", with: "_"), $1) })
        }
        return factory
    }
}
