import AsyncHTTPClient
package import Configuration
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import SampleApp
import ServiceLifecycle

/// The real sample application (`buildApplication`, with its event processor and mailer running) on a free
/// loopback port, and an HTTP client that delivers signed webhooks to its `POST /webhooks/stripe`.
package struct BenchApplication {
    /// The configuration the application is built from: the benchmark's database and signing secret, Stripe at an
    /// address where nothing listens (the bench events never need it), and `overrides` on top.
    package static func reader(databaseURL: String, mailFolder: String, port: Int, overrides: [String: ConfigValue])
        -> ConfigReader
    {
        var values: [String: ConfigValue] = [
            "http.host": .init(.string("127.0.0.1"), isSecret: false),
            "http.port": .init(.int(port), isSecret: false),
            "app.publicURL": .init(.string("http://127.0.0.1:\(port)"), isSecret: false),
            "database.url": .init(.string(databaseURL), isSecret: true),
            "stripe.secretKey": .init(.string("sk_test_bench"), isSecret: true),
            "stripe.apiBaseURL": .init(.string("http://127.0.0.1:1"), isSecret: false),
            "stripe.webhookSecrets": .init(.string(WebhookLoad.secret), isSecret: true),
            "mail.folder": .init(.string(mailFolder), isSecret: false),
            "log.level": .init(.string("error"), isSecret: false),
        ]
        values.merge(overrides) { _, new in new }
        return .values(values)
    }

    /// Runs the application until `body` returns, then shuts it down gracefully (the processor finishes its batch).
    /// `body` receives a delivery function that POSTs to the webhook route over up to `connections` keep-alive
    /// connections and throws unless the answer is 200, and the route's URL (for an external load generator).
    package static func withApplication<T: Sendable>(
        databaseURL: String,
        mailFolder: String,
        connections: Int,
        overrides: [String: ConfigValue],
        _ body: @Sendable (@escaping WebhookLoad.Deliver, String) async throws -> T
    ) async throws -> T {
        let port = try await freePort()
        let app = try await buildApplication(
            reader: reader(databaseURL: databaseURL, mailFolder: mailFolder, port: port, overrides: overrides)
        )
        var logger = Logger(label: "billing.bench")
        logger.logLevel = .error
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60),
            concurrentHTTP1ConnectionsPerHostSoftLimit: connections
        )
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let url = "http://127.0.0.1:\(port)/webhooks/stripe"
        let deliver: WebhookLoad.Deliver = { body, signature in
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "Stripe-Signature", value: signature)
            request.body = .bytes(ByteBuffer(bytes: body))
            let response = try await client.execute(request, timeout: .seconds(30))
            _ = try await response.body.collect(upTo: 64 * 1024)
            guard response.status == .ok else {
                throw BenchmarkError("the webhook route answered \(response.status)")
            }
        }
        do {
            let result = try await withThrowingTaskGroup(of: T?.self) { tasks in
                tasks.addTask {
                    try await group.run()
                    return nil
                }
                try await waitUntilListening(client: client, port: port)
                let result = try await body(deliver, url)
                await group.triggerGracefulShutdown()
                for try await _ in tasks {}
                return result
            }
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private static func waitUntilListening(client: HTTPClient, port: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            do {
                let response = try await client.execute(
                    HTTPClientRequest(url: "http://127.0.0.1:\(port)/login"),
                    timeout: .seconds(2)
                )
                _ = try await response.body.collect(upTo: 1024 * 1024)
                return
            } catch {
                guard ContinuousClock.now < deadline else {
                    throw BenchmarkError("the application did not start")
                }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    /// A port nothing listens on right now (bound and released; the application binds it moments later).
    private static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }
}
