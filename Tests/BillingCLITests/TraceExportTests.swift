import BillingCLI
import Configuration
import Foundation
import Hummingbird
import Logging
import NIOCore
import OTel
import ServiceLifecycle
import StripeAPI
import Synchronization
import Testing
import Tracing

/// `otel.*`: off by default, mapped onto swift-otel when set, and spans reach an OTLP/HTTP receiver.
@Suite struct TraceExportTests {
    static func reader(_ values: [String: ConfigValue]) -> ConfigReader {
        ConfigReader(providers: [
            InMemoryProvider(
                values: Dictionary(
                    uniqueKeysWithValues: values.map { (AbsoluteConfigKey(ConfigKey($0.key)), $0.value) }
                )
            )
        ])
    }

    static var logger: Logger {
        var logger = Logger(label: "billing.otel.test")
        logger.logLevel = .critical
        return logger
    }

    @Test func offByDefault() throws {
        #expect(try TraceExport.configuration(reader: Self.reader([:]), logger: Self.logger) == nil)
        // Nothing is bootstrapped and no service joins the group.
        #expect(try TraceExport.bootstrap(reader: Self.reader([:]), logger: Self.logger) == nil)
        let off = Self.reader(["otel.traces.enabled": .init(.bool(false), isSecret: false)])
        #expect(try TraceExport.configuration(reader: off, logger: Self.logger) == nil)
    }

    @Test func keysMapOntoSwiftOTel() throws {
        let configuration = try #require(
            try TraceExport.configuration(
                reader: Self.reader([
                    "otel.traces.enabled": .init(.bool(true), isSecret: false),
                    "otel.endpoint": .init(.string("http://collector.internal:4318/"), isSecret: false),
                    "otel.protocol": .init(.string("http/json"), isSecret: false),
                    "otel.service.name": .init(.string("billing-eu"), isSecret: false),
                    "otel.traces.batchDelayMilliseconds": .init(.int(250), isSecret: false),
                ]),
                logger: Self.logger
            )
        )
        #expect(configuration.serviceName == "billing-eu")
        #expect(configuration.traces.enabled)
        #expect(!configuration.metrics.enabled, "metrics stay on Prometheus")
        #expect(!configuration.logs.enabled)
        #expect(configuration.traces.otlpExporter.endpoint == "http://collector.internal:4318/v1/traces")
        #expect(configuration.traces.otlpExporter.protocol == .httpJSON)
        #expect(configuration.traces.batchSpanProcessor.scheduleDelay == .milliseconds(250))

        let defaults = try #require(
            try TraceExport.configuration(
                reader: Self.reader(["otel.traces.enabled": .init(.bool(true), isSecret: false)]),
                logger: Self.logger
            )
        )
        #expect(defaults.serviceName == "billing")
        #expect(defaults.traces.otlpExporter.endpoint == "http://localhost:4318/v1/traces")
        #expect(defaults.traces.otlpExporter.protocol == .httpProtobuf)
    }

    @Test(arguments: [
        ("otel.endpoint", ConfigValue(.string("collector:4318"), isSecret: false)),
        ("otel.protocol", ConfigValue(.string("grpc"), isSecret: false)),
        ("otel.service.name", ConfigValue(.string(""), isSecret: false)),
        ("otel.traces.batchDelayMilliseconds", ConfigValue(.int(0), isSecret: false)),
    ])
    func unusableValuesNameTheirKey(key: String, value: ConfigValue) throws {
        let reader = Self.reader(["otel.traces.enabled": .init(.bool(true), isSecret: false), key: value])
        #expect {
            _ = try TraceExport.configuration(reader: reader, logger: Self.logger)
        } throws: { error in
            (error as? ConfigurationError)?.key == key
        }
    }

    /// What a local OTLP/HTTP receiver got.
    final class Received: Sendable {
        private let requests = Mutex<[(path: String, contentType: String, body: [UInt8])]>([])
        func add(path: String, contentType: String, body: [UInt8]) {
            requests.withLock { $0.append((path, contentType, body)) }
        }
        var all: [(path: String, contentType: String, body: [UInt8])] { requests.withLock { $0 } }
    }

    @Test func spansReachALocalOTLPHTTPReceiver() async throws {
        let received = Received()
        let router = Router()
        router.post("/v1/traces") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            received.add(
                path: request.uri.path,
                contentType: request.headers[.contentType] ?? "",
                body: Array(buffer: body)
            )
            return Response(status: .ok, headers: [.contentType: "application/x-protobuf"])
        }
        let port = Mutex<Int?>(nil)
        let receiver = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in port.withLock { $0 = channel.localAddress?.port } },
            logger: Self.logger
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            let receiverGroup = ServiceGroup(services: [receiver], logger: Self.logger)
            group.addTask { try await receiverGroup.run() }
            for _ in 0..<200 where port.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(10)) }
            let bound = try #require(port.withLock { $0 })

            let configuration = try #require(
                try TraceExport.configuration(
                    reader: Self.reader([
                        "otel.traces.enabled": .init(.bool(true), isSecret: false),
                        "otel.endpoint": .init(.string("http://127.0.0.1:\(bound)"), isSecret: false),
                        "otel.service.name": .init(.string("billing-otel-test"), isSecret: false),
                        "otel.traces.batchDelayMilliseconds": .init(.int(50), isSecret: false),
                    ]),
                    logger: Self.logger
                )
            )
            // The process-wide tracer is not touched: the backend's own tracer makes the span.
            let backend = try OTel.makeTracingBackend(configuration: configuration)
            let exporter = ServiceGroup(services: [backend.service], logger: Self.logger)
            group.addTask { try await exporter.run() }
            let span = backend.factory.startSpan("billing.event.process")
            span.attributes["stripe.event_id"] = "evt_otel_1"
            span.end()
            for _ in 0..<300 where received.all.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
            // The exporter stops first (flushing), then the receiver.
            await exporter.triggerGracefulShutdown()
            try await group.next()
            await receiverGroup.triggerGracefulShutdown()
            try await group.waitForAll()

            let request = try #require(received.all.first, "the receiver got the batch")
            #expect(request.path == "/v1/traces")
            #expect(request.contentType == "application/x-protobuf")
            let body = String(decoding: request.body, as: UTF8.self)
            for text in ["billing-otel-test", "billing.event.process", "evt_otel_1"] {
                #expect(body.contains(text), "\(text) in the exported spans")
            }
        }
    }
}
