import BillingCore
import BillingDatabase
import BillingTestSupport
import BillingVapor
import Configuration
import Foundation
import Logging
import NIOCore
import SQLKit
import Vapor
import VaporTesting

/// A Vapor host mounting billing the way an app does: the signed-in user comes from the `X-Test-User` header (the
/// host's auth), its session's CSRF token is `csrf-<user>`, and a stand-in session middleware marks the responses
/// it ran for.
enum VaporHarness {
    static let webhookSecret = "whsec_vapor_tests"
    static let publicURL = "https://notes.example.test"

    /// Where Stripe is for a test.
    enum Stripe {
        case emulator(RunningEmulator)
        case unreachable
    }

    static var logger: Logger {
        var logger = Logger(label: "billing.vapor.test")
        logger.logLevel = .critical
        return logger
    }

    static func reader(stripe: Stripe, databasePath: String) -> ConfigReader {
        let base: String
        switch stripe {
        case .emulator(let running): base = running.baseURL.absoluteString
        // Nothing listens on port 1: every request fails at once with "connection refused".
        case .unreachable: base = "http://127.0.0.1:1"
        }
        return configuration([
            "app.publicURL": .init(.string(publicURL), isSecret: false),
            "database.url": .init(.string("sqlite:\(databasePath)"), isSecret: true),
            "stripe.secretKey": .init(.string("sk_test_emulator"), isSecret: true),
            "stripe.apiBaseURL": .init(.string(base), isSecret: false),
            "stripe.maxNetworkRetries": .init(.int(0), isSecret: false),
            "stripe.timeoutSeconds": .init(.double(0.5), isSecret: false),
            "stripe.webhookSecrets": .init(.string(webhookSecret), isSecret: true),
            "billing.events.pollIntervalMilliseconds": .init(.int(20), isSecret: false),
        ])
    }

    /// A reader over fixed values named with dotted keys (`"stripe.secretKey"`).
    static func configuration(_ values: [String: ConfigValue]) -> ConfigReader {
        ConfigReader(
            providers: [
                InMemoryProvider(
                    values: Dictionary(
                        uniqueKeysWithValues: values.map { (AbsoluteConfigKey(ConfigKey($0.key)), $0.value) }
                    )
                )
            ]
        )
    }

    /// The host's auth: the account the `X-Test-User` header names.
    static func account(_ request: Request) -> BillingAccount? {
        guard let user = request.headers.first(name: "X-Test-User") else { return nil }
        return BillingAccount(id: AccountID("acct_\(user)"), email: "\(user)@example.test", name: user)
    }

    /// Runs `body` against a booted Vapor app with billing mounted, Stripe at `stripe`, and a fresh database file.
    static func withApp<T: Sendable>(
        stripe: Stripe,
        layout: BillingLayout? = nil,
        _ body: (Host) async throws -> T
    ) async throws -> T {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vapor-\(UUID().uuidString).sqlite")
            .path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let billing = try await Billing.open(reader: reader(stripe: stripe, databasePath: path), logger: logger)
        return try await withBilling(billing, layout: layout, body)
    }

    /// Runs `body` against a booted Vapor app that mounts `billing`.
    static func withBilling<T: Sendable>(
        _ billing: Billing,
        layout: BillingLayout? = nil,
        _ body: (Host) async throws -> T
    ) async throws -> T {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .critical
        do {
            app.lifecycle.use(BillingLifecycle(billing: billing))
            try await billing.register(
                on: app.routes,
                sessions: [SessionMarker()],
                account: { account($0) },
                csrfToken: { request in request.headers.first(name: "X-Test-User").map { "csrf-\($0)" } },
                layout: layout
            )
            try await app.asyncBoot()
            let result = try await body(Host(tester: try app.testing(), billing: billing))
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}

/// Stands in for the host's session middleware: marks every response it ran for.
struct SessionMarker: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "X-Session", value: "restored")
        return response
    }
}

/// A client for the test app, signed in as `user` when given.
struct Host: Sendable {
    let tester: any TestingApplicationTester
    let billing: Billing

    func get(_ path: String, as user: String? = nil, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var headers = headers
        if let user { headers.replaceOrAdd(name: "X-Test-User", value: user) }
        return try await tester.sendRequest(.GET, path, headers: headers)
    }

    func post(
        _ path: String,
        as user: String? = nil,
        form: [(String, String)],
        headers: HTTPHeaders = [:]
    ) async throws -> TestingHTTPResponse {
        var headers = headers
        if let user { headers.replaceOrAdd(name: "X-Test-User", value: user) }
        headers.contentType = .urlEncodedForm
        let body = form.map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&")
        return try await tester.sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    /// Sends a webhook delivery.
    func deliver(_ body: Data, signature: String?) async throws -> TestingHTTPResponse {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let signature { headers.add(name: "Stripe-Signature", value: signature) }
        return try await tester.sendRequest(.POST, "/webhooks/stripe", headers: headers, body: ByteBuffer(bytes: body))
    }

    /// Rows in billing's customer mapping.
    func mappedCustomers() async throws -> Int {
        try await count("billing_customers")
    }

    /// Rows in a billing table.
    func count(_ table: String) async throws -> Int {
        try await billing.database.read { sql in
            let row = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()
            return try row?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}

extension TestingHTTPResponse {
    /// The `Location` header.
    var location: String? { headers.first(name: .location) }
}
