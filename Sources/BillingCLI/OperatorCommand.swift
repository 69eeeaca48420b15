public import ArgumentParser
import BillingCore
import BillingDatabase
import BillingPortalConfig
import Foundation
import StripeAPI

/// Flags shared by the operator commands; each overrides one configuration key for this run.
public struct OperatorOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "Overrides DATABASE_URL (sqlite:<path>, postgres://…).")
    var databaseURL: String?

    @Option(name: .customLong("stripe-api-base-url"), help: "Overrides STRIPE_API_BASE_URL (e.g. the emulator's URL).")
    var stripeAPIBaseURL: String?

    public init() {}

    var overrides: [String: String] {
        var values: [String: String] = [:]
        if let databaseURL { values["database.url"] = databaseURL }
        if let stripeAPIBaseURL { values["stripe.apiBaseURL"] = stripeAPIBaseURL }
        return values
    }
}

/// An operator command: runs against a ``CLIEnvironment`` so tests can inject configuration and capture output.
public protocol OperatorCommand: AsyncParsableCommand {
    /// The flags that override configuration keys.
    var options: OperatorOptions { get }
    /// Runs the command.
    func run(in environment: CLIEnvironment) async throws
}

extension OperatorCommand {
    /// Runs against the process environment and turns failures into documented exit codes.
    public func run() async throws {
        do {
            try await run(in: .live(overrides: options.overrides))
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data(("error: \(error)\n").utf8))
            throw ExitCode(OperatorExit.code(for: error))
        }
    }
}

/// Exit codes of the operator commands: 0 success, 1 drift found (`portal-config diff`), 2 bad input (file, flag,
/// key type; nothing was sent to Stripe), 3 Stripe or database failure.
public enum OperatorExit {
    /// `portal-config diff` found differences.
    public static let drift: Int32 = 1
    /// The input was rejected before any request.
    public static let badInput: Int32 = 2
    /// Stripe or the database failed.
    public static let failure: Int32 = 3

    /// The exit code for an error thrown by ``OperatorCommand/run(in:)``.
    public static func code(for error: any Error) -> Int32 {
        switch error {
        case let exit as ExitCode: exit.rawValue
        case is PortalConfigError, is CLIError, is ValidationError, is ConfigurationError,
            is DatabaseConfigurationError:
            badInput
        case let stripe as StripeError where stripe == .invalidConfiguration: badInput
        default: failure
        }
    }
}
