public import Configuration
import Foundation
public import Logging
public import OTel
public import ServiceLifecycle
import StripeAPI
import Tracing

/// The OTLP trace exporter of `billing serve`: billing's spans (`billing.webhook.receive`, `billing.event.process`,
/// Hummingbird's request spans, …) sent to an OpenTelemetry collector over OTLP/HTTP with swift-otel.
///
/// Off by default. It lives in the CLI rather than in the library targets, so a host that links billing chooses its
/// own tracing backend and does not build swift-otel.
///
/// Keys read (environment variable in brackets):
/// - `otel.traces.enabled` (`OTEL_TRACES_ENABLED`), bool, default false: export traces.
/// - `otel.endpoint` (`OTEL_ENDPOINT`), string, default `http://localhost:4318`: the collector's OTLP/HTTP base URL;
///   spans go to `{endpoint}/v1/traces`.
/// - `otel.protocol` (`OTEL_PROTOCOL`), string `http/protobuf` | `http/json`, default `http/protobuf`.
/// - `otel.service.name` (`OTEL_SERVICE_NAME`), string, default `billing`: the `service.name` resource attribute.
/// - `otel.traces.batchDelayMilliseconds` (`OTEL_TRACES_BATCH_DELAY_MILLISECONDS`), int, default 5000: how long
///   finished spans wait to be sent in one batch.
///
/// swift-otel's own `OTEL_*` variables (`OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_TRACES_SAMPLER`, …) apply on top.
public enum TraceExport {
    /// swift-otel's configuration for what `otel.*` asks, or nil when trace export is off.
    /// - Parameters:
    ///   - reader: the root configuration reader.
    ///   - logger: where swift-otel reports export failures.
    /// - Throws: ``StripeAPI/ConfigurationError`` naming the key when a value is unusable.
    public static func configuration(reader: ConfigReader, logger: Logger) throws -> OTel.Configuration? {
        guard reader.bool(forKey: "otel.traces.enabled", default: false) else { return nil }
        let base = reader.string(forKey: "otel.endpoint", default: "http://localhost:4318")
        guard let url = URL(string: base), let scheme = url.scheme, ["http", "https"].contains(scheme),
            url.host != nil
        else {
            throw ConfigurationError.invalid(
                "otel.endpoint",
                problem: "not an http(s) URL",
                fix: "set the collector's OTLP/HTTP base URL, such as http://otel-collector:4318"
            )
        }
        let protocolName = reader.string(forKey: "otel.protocol", default: "http/protobuf")
        let exportProtocol: OTel.Configuration.OTLPExporterConfiguration.`Protocol`
        switch protocolName {
        case "http/protobuf": exportProtocol = .httpProtobuf
        case "http/json": exportProtocol = .httpJSON
        default:
            throw ConfigurationError.invalid(
                "otel.protocol",
                problem: "unsupported protocol",
                fix: "use http/protobuf or http/json (OTLP/HTTP)"
            )
        }
        let serviceName = reader.string(forKey: "otel.service.name", default: "billing")
        guard !serviceName.isEmpty else {
            throw ConfigurationError.invalid(
                "otel.service.name",
                problem: "empty",
                fix: "name the service, e.g. billing"
            )
        }
        let delay = reader.int(forKey: "otel.traces.batchDelayMilliseconds", default: 5000)
        guard delay > 0 else {
            throw ConfigurationError.invalid(
                "otel.traces.batchDelayMilliseconds",
                problem: "must be positive",
                fix: "use the milliseconds spans may wait for a batch, such as 5000"
            )
        }

        var configuration = OTel.Configuration.default
        configuration.serviceName = serviceName
        configuration.diagnosticLogger = .custom(logger)
        configuration.logs.enabled = false
        configuration.metrics.enabled = false
        configuration.traces.enabled = true
        configuration.traces.exporter = .otlp
        configuration.traces.batchSpanProcessor.scheduleDelay = .milliseconds(delay)
        configuration.traces.otlpExporter.protocol = exportProtocol
        // Setting the endpoint makes swift-otel use it as is, so the signal path is added here.
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        configuration.traces.otlpExporter.endpoint = trimmed + "/v1/traces"
        return configuration
    }

    /// Bootstraps the process's tracer with the OTLP exporter when `otel.traces.enabled` is set, and returns the
    /// service that batches and sends the spans (run it in the same `ServiceGroup`, ahead of the application so it
    /// shuts down last and flushes what is left). Returns nil, bootstrapping nothing, when trace export is off.
    ///
    /// Call it at most once per process: the tracing system may be bootstrapped once.
    /// - Parameters:
    ///   - reader: the root configuration reader.
    ///   - logger: where swift-otel reports export failures.
    /// - Throws: ``StripeAPI/ConfigurationError`` naming the key when a value is unusable.
    public static func bootstrap(reader: ConfigReader, logger: Logger) throws -> (any Service)? {
        guard let configuration = try configuration(reader: reader, logger: logger) else { return nil }
        let backend = try OTel.makeTracingBackend(configuration: configuration)
        InstrumentationSystem.bootstrap(backend.factory)
        logger.info(
            "exporting traces over OTLP/HTTP",
            metadata: ["otel.service.name": "\(configuration.serviceName)"]
        )
        return backend.service
    }
}
