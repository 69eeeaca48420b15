import BillingCore
import BillingPortalConfig
import Foundation
import StripeAPI
import Testing

@Suite struct PortalConfigSpecTests {
    @Test func supportGatedPresetIsOneLinePlusASupportContact() throws {
        let spec = try PortalConfigSpec.parse(
            """
            extends: support-gated
            app:
              support_contact: support@acme.test
            """
        )

        #expect(spec.extends == "support-gated")
        #expect(spec.features.invoiceHistory)
        #expect(spec.features.paymentMethodUpdate)
        #expect(!spec.features.subscriptionCancel.enabled)
        #expect(!spec.features.subscriptionUpdate.enabled)
        #expect(spec.isSupportGated(.cancel))
        #expect(spec.isSupportGated(.changePlan))
        #expect(!spec.isSupportGated(.updatePaymentMethod))
        #expect(spec.app.supportContact == "support@acme.test")
    }

    @Test func fileOverridesThePresetItExtends() throws {
        let spec = try PortalConfigSpec.parse(
            """
            extends: self-serve
            features:
              subscription_cancel:
                mode: immediately
                proration_behavior: create_prorations
              subscription_update:
                prices: [pro_monthly, pro_yearly]
            """
        )

        #expect(spec.features.subscriptionCancel.enabled)
        #expect(spec.features.subscriptionCancel.mode == .immediately)
        #expect(spec.features.subscriptionCancel.prorationBehavior == .createProrations)
        #expect(spec.features.subscriptionCancel.reasons.count == 5)
        #expect(spec.features.subscriptionUpdate.prices == ["pro_monthly", "pro_yearly"])
        #expect(spec.supportGatedActions == [.pause])
    }

    @Test func jsonFilesAreAccepted() throws {
        let spec = try PortalConfigSpec.parse(
            #"{"extends": "support-gated", "name": "acme", "app": {"support_contact": "https://acme.test/help"}}"#
        )
        #expect(spec.name == "acme")
        #expect(spec.app.supportContact == "https://acme.test/help")
    }

    @Test func unknownKeysAreNamedWithTheirLine() throws {
        let error = try #require(throws: PortalConfigError.self) {
            try PortalConfigSpec.parse(
                """
                extends: support-gated
                app:
                  support_contact: support@acme.test
                features:
                  subscription_cancel:
                    modee: immediately
                  invoice_histroy:
                    enabled: true
                """
            )
        }
        #expect(error == .invalidSpec)
        #expect(error.issues.map(\.path) == ["features.subscription_cancel.modee", "features.invoice_histroy"])
        #expect(error.issues.map(\.line) == [6, 7])
        #expect(error.description.contains("line 6: features.subscription_cancel.modee: unknown key"))
    }

    @Test(arguments: [
        ("features:\n  invoice_history:\n    enabled: \"yes please\"\n", "features.invoice_history.enabled"),
        ("features:\n  subscription_cancel:\n    mode: whenever\n", "features.subscription_cancel.mode"),
        ("features:\n  customer_update:\n    allowed_updates: email\n", "features.customer_update.allowed_updates"),
        ("features: true\n", "features"),
        ("extends: everything\n", "extends"),
        ("default_return_url: not a url\n", "default_return_url"),
    ])
    func wrongTypesAndValuesNameTheField(text: String, path: String) throws {
        let error = try #require(throws: PortalConfigError.self) { try PortalConfigSpec.parse(text) }
        #expect(error == .invalidSpec)
        #expect(error.issues.map(\.path).contains(path), "\(error)")
    }

    @Test func invalidProrationCombinationsAreRejected() throws {
        let error = try #require(throws: PortalConfigError.self) {
            try PortalConfigSpec.parse(
                """
                extends: self-serve
                features:
                  subscription_cancel:
                    mode: at_period_end
                    proration_behavior: create_prorations
                  subscription_update:
                    prices: [pro_monthly]
                """
            )
        }
        #expect(error.issues.map(\.path) == ["features.subscription_cancel.proration_behavior"])
        #expect(error.issues.first?.message.contains("mode: immediately") == true)

        let alwaysInvoice = try #require(throws: PortalConfigError.self) {
            try PortalConfigSpec.parse(
                """
                features:
                  subscription_cancel:
                    enabled: true
                    mode: immediately
                    proration_behavior: always_invoice
                  subscription_update:
                    enabled: false
                app:
                  support_contact: help@acme.test
                """
            )
        }
        #expect(alwaysInvoice.issues.first?.message.contains("always_invoice") == true)
    }

    @Test func planChangesWithoutPricesAndGatingWithoutSupportContactAreRejected() throws {
        let error = try #require(throws: PortalConfigError.self) {
            try PortalConfigSpec.parse("extends: self-serve\n")
        }
        #expect(error.issues.map(\.path) == ["features.subscription_update.prices"])

        let gated = try #require(throws: PortalConfigError.self) {
            try PortalConfigSpec.parse("extends: support-gated\n")
        }
        #expect(gated.issues.map(\.path) == ["app.support_contact"])
    }

    @Test(arguments: ["features: [a, b\n", "key: value\n  bad indentation: x\n", "", "{\"a\": [1, 2}"])
    func malformedTextIsAMalformedFileError(text: String) throws {
        let error = try #require(throws: PortalConfigError.self) { try PortalConfigSpec.parse(text) }
        #expect(error == .malformedFile, "\(error)")
    }

    @Test func desiredFieldsDifferFromAConfigurationOnlyWhereTheFileDoes() throws {
        let spec = try PortalConfigSpec.parse("extends: support-gated\napp:\n  support_contact: help@acme.test\n")
        let desired = PortalConfigFields(desired: spec, prices: ResolvedPrices())
        var changed = spec
        changed.features.subscriptionCancel.enabled = true
        let other = PortalConfigFields(desired: changed, prices: ResolvedPrices())

        #expect(desired.differences(from: desired).isEmpty)
        #expect(
            desired.differences(from: other)
                == [PortalConfigDifference(path: "features.subscription_cancel.enabled", stripe: "true", file: "false")]
        )
        #expect(desired.hash != other.hash)
        #expect(desired.hash.count == 16)
    }
}

@Suite struct PortalConfigExampleTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/portal-config")

    @Test(arguments: ["support-gated.yaml", "self-serve.yaml", "full.json"])
    func documentedExamplesAreValid(name: String) throws {
        let spec = try PortalConfigSpec.load(contentsOf: Self.examples.appendingPathComponent(name))
        #expect(spec.name == "acme-notes")
    }
}
