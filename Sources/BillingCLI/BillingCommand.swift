public import ArgumentParser
import Foundation
import Logging

/// `billing`: serve the sample product, run the Stripe emulator, migrate, manage webhooks, benchmark.
///
/// The executable only calls `BillingCommand.main()`; every subcommand is a type in this library so tests can parse
/// and run it in-process (`BillingCommand.parseAsRoot([...])`).
public struct BillingCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "billing",
        abstract: "Self-serve billing for Swift server apps, on Stripe's Customer Portal.",
        discussion: """
            Configuration comes from flags, then environment variables (STRIPE_SECRET_KEY, DATABASE_URL, ...), \
            then a .env file. See the README's configuration table.
            """,
        subcommands: [
            ServeCommand.self,
            EmulatorCommand.self,
            MigrateCommand.self,
            WebhooksCommand.self,
            PortalConfigCommand.self,
            EventsCommand.self,
            StatusCommand.self,
            SyncCommand.self,
            BenchCommand.self,
        ]
    )

    public init() {}

    /// Parses the command line, runs the command and exits.
    ///
    /// A command's failure is one line, `error: <description>`, on standard error and exit status 1, so a failed
    /// start names what to fix instead of dumping a Swift error. Command-line mistakes (unknown flags,
    /// `ValidationError`) keep ArgumentParser's usage message and exit status 64; `ExitCode` (the operator
    /// commands' documented codes) and help requests pass through unchanged.
    public static func main() async {
        LoggingSystem.bootstrap { label in DeferredMetadataLogHandler(StreamLogHandler.standardError(label: label)) }
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ExitCode {
            exit(withError: error)
        } catch let error as CleanExit {
            exit(withError: error)
        } catch let error as ValidationError {
            exit(withError: error)
        } catch let error where exitCode(for: error) == .success {
            // `--help`, `-h` and `help <command>` parse to ArgumentParser's built-in help command, whose `run()`
            // throws the help request; ArgumentParser prints the help text for it and exits 0.
            exit(withError: error)
        } catch {
            FileHandle.standardError.write(Data((Self.errorLine(for: error) + "\n").utf8))
            exit(withError: ExitCode.failure)
        }
    }

    /// `error: <description>` on one line: descriptions that span lines are joined, so a log scraper or a test
    /// reading standard error sees one line per failure.
    static func errorLine(for error: any Error) -> String {
        let description = String(describing: error)
            .split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
        return "error: " + description
    }
}

/// `billing bench …`: benchmarks. They print numbers; they never assert timings.
public struct BenchCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput and latency of the billing hot paths.",
        subcommands: [
            BenchSignaturesCommand.self,
            BenchWebhooksCommand.self,
        ]
    )

    public init() {}
}

/// `billing webhooks …`: tools for Stripe webhook endpoints.
public struct WebhooksCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "webhooks",
        abstract: "Sign test payloads and manage Stripe webhook endpoints.",
        subcommands: [
            WebhooksSignCommand.self,
            WebhooksSetupCommand.self,
            WebhooksListCommand.self,
        ]
    )

    public init() {}
}
