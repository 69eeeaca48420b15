import BillingDatabase
import BillingTestSupport
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SQLKit
import SampleApp
import StripeAPI

/// Builds the real sample app (`buildApplication`) against an in-process emulator or an unreachable Stripe.
enum ProductHarness {
    static let webhookSecret = "whsec_product_tests"
    static let publicURL = "https://notes.example.test"

    /// Where Stripe is for a test.
    enum Stripe {
        case emulator(RunningEmulator)
        case unreachable
    }

    static func reader(stripe: Stripe, databasePath: String, extra: [String: ConfigValue] = [:]) -> ConfigReader {
        let base: String
        switch stripe {
        case .emulator(let running): base = running.baseURL.absoluteString
        // Nothing listens on port 1: every request fails at once with "connection refused".
        case .unreachable: base = "http://127.0.0.1:1"
        }
        var values: [String: ConfigValue] = [
            "http.port": .init(.int(0), isSecret: false),
            "app.publicURL": .init(.string(publicURL), isSecret: false),
            "app.bcryptCost": .init(.int(4), isSecret: false),
            "database.url": .init(.string("sqlite:\(databasePath)"), isSecret: true),
            "stripe.secretKey": .init(.string("sk_test_emulator"), isSecret: true),
            "stripe.apiBaseURL": .init(.string(base), isSecret: false),
            "stripe.maxNetworkRetries": .init(.int(0), isSecret: false),
            // AsyncHTTPClient keeps retrying a refused connection until the request deadline; keep it short.
            "stripe.timeoutSeconds": .init(.double(0.5), isSecret: false),
            "stripe.webhookSecrets": .init(.string(webhookSecret), isSecret: true),
            "billing.events.pollIntervalMilliseconds": .init(.int(20), isSecret: false),
            "log.level": .init(.string("critical"), isSecret: false),
        ]
        values.merge(extra) { _, new in new }
        return .values(values)
    }

    /// Runs `body` with a router-test client on the real app, with Stripe at `stripe` and a fresh database file.
    static func withApp<T: Sendable>(
        stripe: Stripe,
        extra: [String: ConfigValue] = [:],
        _ body: @Sendable (Browser, String) async throws -> T
    ) async throws -> T {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("product-\(UUID().uuidString).sqlite")
            .path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let app = try await buildApplication(reader: reader(stripe: stripe, databasePath: path, extra: extra))
        return try await app.test(.router) { client in
            try await body(Browser(client: client), path)
        }
    }

    /// Runs `body` with the app against a fresh in-process emulator.
    static func withEmulatorApp<T: Sendable>(
        _ body: @Sendable (Browser, RunningEmulator, String) async throws -> T
    ) async throws -> T {
        try await EmulatorHarness.withEmulator { running in
            try await withApp(stripe: .emulator(running)) { browser, path in
                try await body(browser, running, path)
            }
        }
    }

    /// Counts rows of `billing_customers` in the app's database file (opened alongside the app's connection).
    static func mappedCustomers(databasePath: String) async throws -> Int {
        try await DatabaseConnector.withDatabase(
            DatabaseConfiguration(backend: .sqlite(.file(databasePath))),
            logger: TestDatabase.logger
        ) { database in
            try await database.read { sql in
                let row = try await sql.raw("SELECT COUNT(*) AS n FROM billing_customers").first()
                return try row?.decode(column: "n", as: Int.self) ?? 0
            }
        }
    }
}

/// A cookie-keeping client for router tests, like a browser without JavaScript.
actor Browser {
    let client: any TestClientProtocol
    private var cookies: [String: String] = [:]

    init(client: any TestClientProtocol) {
        self.client = client
    }

    struct Page: Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: String

        var location: String? { headers[.location] }

        /// The value of the first `csrf_token` field on the page.
        var csrfToken: String? {
            guard let range = body.range(of: "name=\"csrf_token\" value=\"") else { return nil }
            let rest = body[range.upperBound...]
            return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
        }
    }

    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> Page {
        try await send(uri, method: .get, headers: headers, body: nil)
    }

    func post(_ uri: String, form: [(String, String)], headers: HTTPFields = [:]) async throws -> Page {
        var headers = headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        let body = form.map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&")
        return try await send(uri, method: .post, headers: headers, body: body)
    }

    func send(_ uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: String?) async throws -> Page {
        var headers = headers
        if !cookies.isEmpty, headers[.cookie] == nil {
            headers[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
                separator: "; "
            )
        }
        let page = try await client.execute(
            uri: uri,
            method: method,
            headers: headers,
            body: body.map { ByteBuffer(string: $0) }
        ) { response in
            Page(status: response.status, headers: response.headers, body: String(buffer: response.body))
        }
        for header in page.headers[values: .setCookie] {
            let pair = header.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            if pair[1].isEmpty { cookies[String(pair[0])] = nil } else { cookies[String(pair[0])] = String(pair[1]) }
        }
        return page
    }

    func forgetCookies() { cookies = [:] }

    /// Signs up a new account and returns the billing page.
    @discardableResult
    func signUp(name: String = "Ada Lovelace", email: String) async throws -> Page {
        let form = try await get("/signup")
        let created = try await post(
            "/signup",
            form: [
                ("csrf_token", form.csrfToken ?? ""), ("name", name), ("email", email), ("password", "correct horse"),
            ]
        )
        guard created.status == .seeOther else { throw HTTPError(.internalServerError, message: "sign-up failed") }
        return try await get("/settings/billing")
    }

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}
