import BillingCore
public import BillingDatabase
public import Configuration
import Foundation
public import Logging
public import StripeAPI

/// What the operator commands (`portal-config`, `webhooks setup|list`, `sync`, `events`) read and write:
/// configuration, standard output, and whether that output is a terminal.
///
/// `run()` uses ``live(overrides:)``; tests build one with an `InMemoryProvider` and an output recorder and call
/// the command's `run(in:)`.
public struct CLIEnvironment: Sendable {
    /// The configuration (flags, then environment variables).
    public var reader: ConfigReader
    /// Receives each output line (without the newline).
    public var output: @Sendable (String) -> Void
    /// Whether output goes to a terminal (progress bars redraw in place only then).
    public var isTerminal: Bool
    /// The logger handed to the database and client; warnings and above by default.
    public var logger: Logger

    /// Creates an environment.
    public init(
        reader: ConfigReader,
        output: @escaping @Sendable (String) -> Void,
        isTerminal: Bool = false,
        logger: Logger = CLIEnvironment.quietLogger
    ) {
        self.reader = reader
        self.output = output
        self.isTerminal = isTerminal
        self.logger = logger
    }

    /// A logger at `warning`, so command output stays readable.
    public static var quietLogger: Logger {
        var logger = Logger(label: "billing.cli")
        logger.logLevel = .warning
        return logger
    }

    /// The process environment: `overrides` (from flags, dotted keys such as `database.url`) over environment
    /// variables, output to standard output.
    public static func live(overrides: [String: String] = [:]) -> CLIEnvironment {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, value) in overrides {
            values[AbsoluteConfigKey(ConfigKey(key))] = ConfigValue(
                .string(value),
                isSecret: key.lowercased().contains("secret") || key == "database.url"
            )
        }
        let reader = ConfigReader(providers: [InMemoryProvider(values: values), EnvironmentVariablesProvider()])
        return CLIEnvironment(
            reader: reader,
            output: { line in FileHandle.standardOutput.write(Data((line + "\n").utf8)) },
            isTerminal: isatty(STDOUT_FILENO) == 1
        )
    }

    /// Writes one line.
    public func print(_ line: String) { output(line) }

    /// Redraws the current terminal line (progress); only meaningful when ``isTerminal``.
    public func rewrite(_ text: String) {
        // Carriage return and erase-line, no newline: the next rewrite draws over it.
        FileHandle.standardOutput.write(Data(("\r\u{1B}[K" + text).utf8))
    }

    /// The Stripe client for `stripe.secretKey` / `stripe.apiBaseURL`, after checking the key is a secret key.
    /// - Throws: ``CLIError/wrongKeyType`` for a publishable or unknown key, before any request is made.
    public func stripeClient() throws -> StripeClient {
        let configuration: StripeConfiguration
        do {
            configuration = try StripeConfiguration(reader: reader.scoped(to: "stripe"))
        } catch let error as ConfigurationError where error.key == "stripe.secretKey" && !error.isMissing {
            throw CLIError.wrongKeyType(error.description)
        } catch let error as StripeError {
            throw error
        } catch {
            throw CLIError.invalidArgument("set STRIPE_SECRET_KEY (stripe.secretKey) to a secret key")
        }
        // `StripeConfiguration` has refused anything but a secret (sk_…) or restricted (rk_…) key.
        return StripeClient(configuration: configuration, logger: logger)
    }

    /// Whether the client talks to Stripe itself rather than an emulator.
    public func talksToRealStripe(_ stripe: StripeClient) -> Bool {
        stripe.configuration.apiBaseURL.host?.lowercased() == StripeConfiguration.productionBaseURL.host
    }

    /// Opens `database.url`, runs `body`, closes it. Migrations are applied first, so the commands work on a
    /// fresh database (the same code as `billing migrate`).
    public func withDatabase<T: Sendable>(_ body: (any BillingDatabase) async throws -> T) async throws -> T {
        let configuration = try DatabaseConfiguration(reader: reader.scoped(to: "database"))
        let logger = logger
        return try await DatabaseConnector.withDatabase(configuration, logger: logger) { database in
            try await Migrator().migrate(database, logger: logger)
            return try await body(database)
        }
    }
}

/// An operator-command failure with a message meant for the terminal.
public struct CLIError: Error, Equatable, CustomStringConvertible, Sendable {
    private enum Code: String, Sendable {
        case wrongKeyType
        case notFound
        case invalidArgument
        case benchmarkFailed
    }

    private let code: Code
    /// What went wrong, in words.
    public let message: String

    private init(_ code: Code, _ message: String = "") {
        self.code = code
        self.message = message
    }

    /// The configured key cannot make server-side calls (a publishable key, or not a key at all).
    public static var wrongKeyType: Self { Self(.wrongKeyType) }
    /// The named object does not exist.
    public static var notFound: Self { Self(.notFound) }
    /// An argument is malformed.
    public static var invalidArgument: Self { Self(.invalidArgument) }

    static func wrongKeyType(_ message: String) -> Self { Self(.wrongKeyType, message) }
    static func notFound(_ message: String) -> Self { Self(.notFound, message) }
    static func invalidArgument(_ message: String) -> Self { Self(.invalidArgument, message) }
    /// A benchmark run could not complete (an unexpected answer, a missing tool, a timeout).
    static func benchmarkFailed(_ message: String) -> Self { Self(.benchmarkFailed, message) }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    public var description: String { message.isEmpty ? code.rawValue : message }
}
