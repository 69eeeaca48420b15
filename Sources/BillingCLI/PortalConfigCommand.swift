public import ArgumentParser
import BillingCore
import BillingDatabase
import BillingPortalConfig
import Configuration
import Foundation
import StripeAPI

/// `billing portal-config show|diff|apply`: the customer-portal configuration as code.
public struct PortalConfigCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "portal-config",
        abstract: "Keep Stripe's customer-portal configuration in a file (YAML or JSON).",
        discussion: """
            The file is billing.portalConfigFile (BILLING_PORTAL_CONFIG_FILE), default portal-config.yaml; \
            --file overrides it. See docs/portal-config.md for the format and the presets self-serve and \
            support-gated.
            """,
        subcommands: [Show.self, Diff.self, Apply.self]
    )

    public init() {}

    /// `--file` plus the shared flags.
    public struct FileOptions: ParsableArguments {
        @Option(name: .shortAndLong, help: "The configuration file (default: $BILLING_PORTAL_CONFIG_FILE).")
        var file: String?

        public init() {}

        func url(in environment: CLIEnvironment) -> URL {
            let path =
                file ?? environment.reader.string(forKey: "billing.portalConfigFile", default: "portal-config.yaml")
            return URL(fileURLWithPath: path)
        }
    }

    /// Loads the file (no request is made when it is invalid), then plans against Stripe.
    static func plan(
        _ fileOptions: FileOptions,
        in environment: CLIEnvironment,
        database: any BillingDatabase
    ) async throws -> PortalConfigPlanner.Plan {
        // `billing.survey.enabled` (default true, see RetentionPolicy): the app asks why before the portal opens.
        let spec = try PortalConfigSpec.load(
            contentsOf: fileOptions.url(in: environment),
            inAppSurvey: environment.reader.bool(forKey: "billing.survey.enabled", default: true)
        )
        let stripe = try environment.stripeClient()
        let recorded = try await BillingSettings(database: database).value(for: .portalConfigurationID)
        return try await PortalConfigPlanner(stripe: stripe).plan(spec, recordedID: recorded.map { .init($0) })
    }

    /// `portal-config show`: the effective configuration (presets applied) and its state in Stripe.
    public struct Show: OperatorCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Print the effective configuration (after extends:) and whether Stripe matches it."
        )

        @OptionGroup var file: FileOptions
        @OptionGroup public var options: OperatorOptions

        public init() {}

        public func run(in environment: CLIEnvironment) async throws {
            try await environment.withDatabase { database in
                let plan = try await PortalConfigCommand.plan(file, in: environment, database: database)
                environment.print("file:      \(file.url(in: environment).lastPathComponent)")
                environment.print("extends:   \(plan.spec.extends ?? "(none)")")
                for path in PortalConfigFields.paths {
                    environment.print("  \(path): \(plan.desired.values[path] ?? "(none)")")
                }
                let gated = plan.spec.supportGatedActions.map(\.rawValue).joined(separator: ", ")
                environment.print("billing page: \"Contact support\" for \(gated.isEmpty ? "nothing" : gated)")
                environment.print("support:   \(plan.spec.app.supportContact ?? "(none)")")
                for entry in plan.spec.branding.entries {
                    environment.print("  branding.\(entry.key): \(entry.value)")
                }
                guard let current = plan.current else {
                    environment.print("stripe:    not created yet (run billing portal-config apply)")
                    return
                }
                let count = plan.differences.count
                environment.print(
                    "stripe:    \(current.id) "
                        + (count == 0 ? "(in sync)" : "(\(count) field\(count == 1 ? "" : "s") differ)")
                )
            }
        }
    }

    /// `portal-config diff`: exit 1 when Stripe differs from the file.
    public struct Diff: OperatorCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Compare the file with the configuration in Stripe, field by field (exit 1 on drift)."
        )

        @OptionGroup var file: FileOptions
        @OptionGroup public var options: OperatorOptions

        public init() {}

        public func run(in environment: CLIEnvironment) async throws {
            let differences = try await environment.withDatabase { database in
                let plan = try await PortalConfigCommand.plan(file, in: environment, database: database)
                let differences = plan.differences
                guard !differences.isEmpty, let current = plan.current else {
                    environment.print(
                        plan.current.map { "\($0.id) matches the file" } ?? "no managed configuration in Stripe yet"
                    )
                    return plan.current == nil ? PortalConfigFields.paths.count : 0
                }
                environment.print("\(current.id) differs from the file in \(differences.count) field(s):")
                let width = differences.map(\.path.count).max() ?? 0
                for difference in differences {
                    let padded = difference.path.padding(toLength: width, withPad: " ", startingAt: 0)
                    environment.print("  \(padded)  stripe: \(difference.stripe)")
                    environment.print("  \(String(repeating: " ", count: width))  file:   \(difference.file)")
                }
                return differences.count
            }
            if differences > 0 { throw ExitCode(OperatorExit.drift) }
        }
    }

    /// `portal-config apply`: create or update the configuration and record its id.
    public struct Apply: OperatorCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Create or update the configuration in Stripe so it matches the file, and record its id."
        )

        @OptionGroup var file: FileOptions
        @OptionGroup public var options: OperatorOptions

        public init() {}

        public func run(in environment: CLIEnvironment) async throws {
            try await environment.withDatabase { database in
                let plan = try await PortalConfigCommand.plan(file, in: environment, database: database)
                let stripe = try environment.stripeClient()
                let outcome = try await PortalConfigPlanner(stripe: stripe).apply(plan)
                let settings = BillingSettings(database: database)
                try await settings.set(outcome.id.rawValue, for: .portalConfigurationID)
                try await settings.set(plan.desired.hash, for: .portalConfigurationHash)
                switch outcome {
                case .created(let id): environment.print("created \(id)")
                case .updated(let id, let changed): environment.print("updated \(id) (\(changed) field(s) changed)")
                case .unchanged(let id): environment.print("\(id) already matches the file; nothing to do")
                }
                environment.print(
                    "recorded \(outcome.id) as the portal configuration (\(BillingSettings.Key.portalConfigurationID.rawValue))"
                )
                try await Self.applyBranding(plan.spec.branding, stripe: stripe, in: environment)
            }
        }

        /// Branding is account-wide and Dashboard-only on Stripe: the emulator gets it through its test helper,
        /// real Stripe gets nothing and the operator gets the values to enter.
        static func applyBranding(
            _ branding: PortalConfigSpec.Branding,
            stripe: StripeClient,
            in environment: CLIEnvironment
        ) async throws {
            guard !branding.isEmpty else { return }
            if environment.talksToRealStripe(stripe) {
                for line in PortalBranding.dashboardInstructions(for: branding) { environment.print(line) }
                return
            }
            try await PortalBranding(stripe: stripe).applyToEmulator(branding)
            let fields = branding.entries.map(\.key).joined(separator: ", ")
            environment.print("branding: applied to the emulator (\(fields))")
        }
    }
}
