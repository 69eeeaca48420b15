import ArgumentParser
import BillingCLI
import BillingCore
import BillingDatabase
import BillingPortalConfig
import BillingTestSupport
import Foundation
import StripeAPI
import Testing

@Suite struct PortalConfigCommandTests {
    static let selfServeFile = """
        extends: self-serve
        name: acme-notes
        default_return_url: https://notes.acme.test/billing
        features:
          subscription_update:
            prices: [basic_monthly, pro_monthly, pro_yearly]
        app:
          support_contact: support@acme.test
        """

    static func seedPrices(_ stripe: StripeClient) async throws {
        let basic = try await stripe.products.create(ProductCreateParameters(name: "Basic"))
        let pro = try await stripe.products.create(ProductCreateParameters(name: "Pro"))
        for (product, key, amount, interval) in [
            (basic.id, "basic_monthly", 500, Price.Interval.month), (pro.id, "pro_monthly", 1500, .month),
            (pro.id, "pro_yearly", 15000, .year),
        ] {
            _ = try await stripe.prices.create(
                PriceCreateParameters(
                    currency: "usd",
                    product: product,
                    unitAmount: amount,
                    recurring: Price.Recurring(interval: interval),
                    lookupKey: key
                )
            )
        }
    }

    static func managedConfigurations(_ stripe: StripeClient) async throws -> [PortalConfiguration] {
        try await stripe.portalConfigurations.all().collect().filter {
            $0.metadata["managed_by"] == PortalConfigPlanner.managedBy
        }
    }

    @Test func applyCreatesOnceRecordsTheIDAndSecondApplyChangesNothing() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let context = try OperatorTestContext(emulator: emulator)
            defer { context.remove() }
            try await Self.seedPrices(emulator.stripe)
            let file = try context.write("portal.yaml", Self.selfServeFile)

            try await context.run(["portal-config", "apply", "--file", file])
            try await context.run(["portal-config", "apply", "--file", file])

            let managed = try await Self.managedConfigurations(emulator.stripe)
            #expect(managed.count == 1)
            let configuration = try #require(managed.first)
            #expect(context.output.lines.first == "created \(configuration.id)")
            #expect(context.output.lines.contains("\(configuration.id) already matches the file; nothing to do"))
            #expect(configuration.features.subscriptionUpdate?.products?.count == 2)
            #expect(configuration.features.subscriptionCancel?.mode == .atPeriodEnd)
            #expect(configuration.defaultReturnURL == "https://notes.acme.test/billing")
            #expect(configuration.metadata["config_hash"]?.count == 16)
            let recorded = try await DatabaseConnector.withDatabase(
                DatabaseConfiguration(url: context.databaseURL),
                logger: TestDatabase.logger
            ) { database in try await BillingSettings(database: database).value(for: .portalConfigurationID) }
            #expect(recorded == configuration.id.rawValue)
        }
    }

    @Test func diffReportsDriftAfterAnAPIChangeAndApplyRepairsIt() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let context = try OperatorTestContext(emulator: emulator)
            defer { context.remove() }
            try await Self.seedPrices(emulator.stripe)
            let file = try context.write("portal.yaml", Self.selfServeFile)
            try await context.run(["portal-config", "apply", "--file", file])
            try await context.run(["portal-config", "diff", "--file", file])
            let id = try #require(try await Self.managedConfigurations(emulator.stripe).first?.id)

            // Someone edits the configuration outside the file.
            _ = try await emulator.stripe.portalConfigurations.update(
                id,
                PortalConfigurationParameters(
                    features: .init(
                        invoiceHistory: .init(enabled: false),
                        subscriptionCancel: .init(mode: .immediately)
                    )
                )
            )

            await #expect(throws: ExitCode(OperatorExit.drift)) {
                try await context.run(["portal-config", "diff", "--file", file])
            }
            let report = context.output.text
            #expect(report.contains("\(id) differs from the file in 2 field(s):"))
            #expect(report.contains("features.invoice_history.enabled"))
            #expect(report.contains("stripe: immediately"))
            #expect(report.contains("file:   at_period_end"))

            try await context.run(["portal-config", "apply", "--file", file])
            #expect(context.output.lines.contains("updated \(id) (2 field(s) changed)"))
            try await context.run(["portal-config", "diff", "--file", file])
            #expect(context.output.lines.last == "\(id) matches the file")
            #expect(try await Self.managedConfigurations(emulator.stripe).count == 1)
        }
    }

    @Test func showPrintsTheEffectiveConfigurationAndTheSupportGatedActions() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let context = try OperatorTestContext(emulator: emulator)
            defer { context.remove() }
            let file = try context.write(
                "portal.yaml",
                "extends: support-gated\napp:\n  support_contact: help@acme.test\n"
            )

            try await context.run(["portal-config", "show", "--file", file])

            let text = context.output.text
            #expect(text.contains("extends:   support-gated"))
            #expect(text.contains("features.subscription_cancel.enabled: false"))
            #expect(text.contains("\"Contact support\" for cancel, change_plan, pause"))
            #expect(text.contains("stripe:    not created yet"))
        }
    }

    @Test func missingPricesFailBeforeAnyConfigurationIsWritten() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let context = try OperatorTestContext(emulator: emulator)
            defer { context.remove() }
            let file = try context.write("portal.yaml", Self.selfServeFile)

            let error = await #expect(throws: PortalConfigError.missingPrices) {
                try await context.run(["portal-config", "apply", "--file", file])
            }
            #expect(error.map { OperatorExit.code(for: $0) } == OperatorExit.badInput)
            #expect((error as? PortalConfigError)?.issues.count == 3)
            #expect(String(describing: error).contains("no active price with lookup key 'pro_yearly'"))
            #expect(
                try await emulator.stripe.portalConfigurations.all().collect().allSatisfy {
                    !$0.metadata.keys.contains("managed_by")
                }
            )
        }
    }

    /// The context points at a port that refuses connections: a request would surface as a network error.
    @Test(arguments: [
        ("malformed.yaml", "features: [oops\n", PortalConfigError.malformedFile),
        ("unknown.yaml", "extends: support-gated\nsuport_contact: x@y.z\n", PortalConfigError.invalidSpec),
        ("types.json", #"{"features": {"invoice_history": {"enabled": "sure"}}}"#, PortalConfigError.invalidSpec),
    ])
    func badFilesAreRejectedWithoutARequest(name: String, text: String, expected: PortalConfigError) async throws {
        let context = try OperatorTestContext(emulator: nil)
        defer { context.remove() }
        let file = try context.write(name, text)

        for subcommand in ["show", "diff", "apply"] {
            let error = await #expect(throws: expected) {
                try await context.run(["portal-config", subcommand, "--file", file])
            }
            #expect(error.map { OperatorExit.code(for: $0) } == OperatorExit.badInput)
        }
        #expect(context.output.lines.isEmpty)
    }

    @Test func aPublishableKeyIsRejectedWithoutARequestAndWithoutEchoingIt() async throws {
        let context = try OperatorTestContext(emulator: nil, secretKey: "pk_test_51NotASecretKey")
        defer { context.remove() }
        let file = try context.write("portal.yaml", "extends: support-gated\napp:\n  support_contact: a@b.co\n")

        let error = await #expect(throws: CLIError.wrongKeyType) {
            try await context.run(["portal-config", "diff", "--file", file])
        }
        #expect(String(describing: error).contains("publishable key"))
        #expect(!String(describing: error).contains("pk_test_51NotASecretKey"))
        #expect(error.map { OperatorExit.code(for: $0) } == OperatorExit.badInput)
    }

    @Test func aMissingFileIsAnUnreadableFileError() async throws {
        let context = try OperatorTestContext(emulator: nil)
        defer { context.remove() }
        await #expect(throws: PortalConfigError.unreadableFile) {
            try await context.run([
                "portal-config", "diff", "--file", context.directory.appendingPathComponent("nope.yaml").path,
            ])
        }
    }
}
