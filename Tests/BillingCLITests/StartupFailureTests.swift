import Foundation
import Testing

/// `billing serve` refusing to start: every configuration value is checked before anything is opened, and a
/// failure is one line on standard error naming the environment variable, exit status 1, no "ready" line, and no
/// crash report; whatever was opened is closed (an unclosed SQLite connection would trip SQLiteNIO's assertion).
///
/// These run the built debug binary (`swift build` first), because what matters is what an operator sees.
@Suite(.enabled(if: BillingProcess.binary != nil, "build the debug binary first: swift build"))
struct StartupFailureTests {
    /// A secret key whose API is unreachable: nothing at start-up may need Stripe.
    static let offlineStripe = [
        "STRIPE_SECRET_KEY": "sk_test_startup", "STRIPE_API_BASE_URL": "http://127.0.0.1:1",
    ]

    /// Runs `billing serve` and checks the failure shape; returns the one line on standard error.
    @discardableResult
    static func expectRefusal(
        _ environment: [String: String],
        arguments: [String] = [],
        naming variable: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String? {
        // A free port unless the test names one: the default 8080 may be taken by anything else on the machine,
        // and the port is checked before the configuration a test is about.
        let port = arguments.contains("--port") ? [] : ["--port", "\(try LoopbackSocket.closedPort())"]
        let run = try await BillingProcess.run(["serve"] + arguments + port, environment: environment)
        let output = run.standardOutput
        let errors = run.errorLines

        #expect(
            run.exited && run.status == 1,
            "\(run.exitDescription); stderr: \(errors)",
            sourceLocation: sourceLocation
        )
        #expect(errors.count == 1, "stderr: \(errors)", sourceLocation: sourceLocation)
        // The last line is the error itself; checking it separately keeps its message in view when log lines
        // come before it.
        let line = errors.last
        #expect(line?.hasPrefix("error: ") == true, "stderr: \(errors)", sourceLocation: sourceLocation)
        #expect(line?.contains(variable) == true, "stderr: \(errors)", sourceLocation: sourceLocation)
        #expect(!output.lowercased().contains("ready"), "stdout: \(output)", sourceLocation: sourceLocation)
        for text in [output, run.standardError] {
            #expect(!text.contains("Fatal error"), "\(text)", sourceLocation: sourceLocation)
            #expect(!text.lowercased().contains("assertion"), "\(text)", sourceLocation: sourceLocation)
        }
        return line
    }

    @Test func theSingularWebhookSecretAloneIsAccepted() async throws {
        let port = try LoopbackSocket.closedPort()
        let run = try await BillingProcess.run(
            ["serve", "--port", "\(port)"],
            environment: Self.offlineStripe.merging(["STRIPE_WEBHOOK_SECRET": "whsec_singular"]) { _, new in new },
            signal: (when: "ready", signal: SIGTERM)
        )

        #expect(run.standardOutput.contains("ready"), "stdout: \(run.standardOutput) stderr: \(run.standardError)")
        #expect(run.exited && run.status == 0, "\(run.exitDescription)")
        #expect(!run.standardError.contains("Fatal error"))
        #expect(!run.standardError.lowercased().contains("assertion"))
    }

    @Test func aMissingWebhookSecretNamesThePluralVariable() async throws {
        try await Self.expectRefusal(Self.offlineStripe, naming: "STRIPE_WEBHOOK_SECRETS")
    }

    @Test func aPortInUseIsRefusedBeforeSayingReady() async throws {
        let taken = try LoopbackSocket(listening: true)

        try await Self.expectRefusal(
            Self.offlineStripe.merging(["STRIPE_WEBHOOK_SECRETS": "whsec_startup"]) { _, new in new },
            arguments: ["--port", "\(taken.port)"],
            naming: "HTTP_PORT"
        )
        withExtendedLifetime(taken) {}
    }

    @Test func aPostgresServerThatIsDownFailsWithinTheConnectTimeout() async throws {
        let port = try LoopbackSocket.closedPort()

        let line = try await Self.expectRefusal(
            Self.offlineStripe.merging([
                "STRIPE_WEBHOOK_SECRETS": "whsec_startup",
                "DATABASE_URL": "postgres://app:hunter2@127.0.0.1:\(port)/billing?sslmode=disable",
                "DATABASE_CONNECT_TIMEOUT_SECONDS": "2",
            ]) { _, new in new },
            naming: "DATABASE_URL"
        )

        #expect(line?.contains("127.0.0.1:\(port)") == true)
        #expect(line?.contains("hunter2") == false)
    }

    @Test func aPublishableKeyIsRefusedWithoutQuotingIt() async throws {
        let line = try await Self.expectRefusal(
            [
                "STRIPE_SECRET_KEY": "pk_test_51PublishableStartup", "STRIPE_API_BASE_URL": "http://127.0.0.1:1",
                "STRIPE_WEBHOOK_SECRETS": "whsec_startup",
            ],
            naming: "STRIPE_SECRET_KEY"
        )

        #expect(line?.contains("publishable") == true)
        #expect(line?.contains("pk_test_51PublishableStartup") == false)
    }

    @Test func aSQLiteDirectoryThatCannotBeCreatedIsExplainedInWords() async throws {
        let line = try await Self.expectRefusal(
            Self.offlineStripe.merging([
                "STRIPE_WEBHOOK_SECRETS": "whsec_startup", "DATABASE_URL": "sqlite:/proc/nope/d.sqlite",
            ]) { _, new in new },
            naming: "DATABASE_URL"
        )

        #expect(line?.contains("/proc/nope") == true)
        #expect(line?.contains("NSCocoaErrorDomain") == false)
    }
}
