import BillingCLI
import BillingPortalConfig
import BillingTestSupport
import Foundation
import StripeAPI
import Testing

@Suite struct PortalBrandingSpecTests {
    static let brandedFile = """
        extends: support-gated
        app:
          support_contact: support@acme.test
        business_profile:
          headline: Manage your Acme Notes plan
          privacy_policy_url: https://notes.acme.test/privacy
        branding:
          business_name: Acme Notes
          logo_url: https://notes.acme.test/logo.png
          icon_url: http://localhost:8080/icon.png
          brand_color: "#0A2540"
          accent_color: "#635bff"
          button_style: pill
        """

    @Test func theBrandingBlockIsRead() throws {
        let spec = try PortalConfigSpec.parse(Self.brandedFile)

        #expect(spec.branding.businessName == "Acme Notes")
        #expect(spec.branding.logoURL == "https://notes.acme.test/logo.png")
        #expect(spec.branding.iconURL == "http://localhost:8080/icon.png")
        #expect(spec.branding.brandColor == "#0A2540")
        #expect(spec.branding.accentColor == "#635bff")
        #expect(spec.branding.buttonStyle == .pill)
        #expect(spec.businessProfile.headline == "Manage your Acme Notes plan")
        #expect(
            spec.branding.entries.map(\.key) == [
                "business_name", "logo_url", "icon_url", "brand_color", "accent_color", "button_style",
            ]
        )
    }

    @Test func noBrandingBlockMeansNoBranding() throws {
        let spec = try PortalConfigSpec.parse("extends: support-gated\napp:\n  support_contact: a@b.co\n")
        #expect(spec.branding.isEmpty)
        #expect(PortalBranding.dashboardInstructions(for: spec.branding).isEmpty)
    }

    @Test func everyBrandingProblemIsReportedWithItsLine() throws {
        let error = try #require(throws: PortalConfigError.self) {
            try PortalConfigSpec.parse(
                """
                extends: support-gated
                app:
                  support_contact: support@acme.test
                branding:
                  business_name: ""
                  logo_url: http://cdn.acme.test/logo.png
                  icon_url: javascript:alert(1)
                  brand_color: "red;}body{display:none"
                  accent_color: "#12345"
                  button_style: round
                  font: serif
                """
            )
        }
        #expect(error == .invalidSpec)
        let text = String(describing: error)
        #expect(text.contains("line 5: branding.business_name: must be 1–100 characters"))
        #expect(text.contains("line 6: branding.logo_url: must be an https URL (http only for localhost)"))
        #expect(text.contains("line 7: branding.icon_url: must be an https URL"))
        #expect(text.contains("line 8: branding.brand_color: must be a color as #RRGGBB"))
        #expect(text.contains("line 9: branding.accent_color: must be a color as #RRGGBB, found '#12345'"))
        #expect(
            text.contains(
                "line 10: branding.button_style: unknown value 'round' (expected one of rounded, square, pill)"
            )
        )
        #expect(text.contains("line 11: branding.font: unknown key"))
        #expect(error.issues.count == 7)
    }

    @Test func realStripeGetsDashboardInstructionsNotRequests() throws {
        let spec = try PortalConfigSpec.parse(Self.brandedFile)

        let lines = PortalBranding.dashboardInstructions(for: spec.branding)

        #expect(lines.first?.contains("nothing was sent") == true)
        #expect(lines.first?.contains("Settings → Branding") == true)
        #expect(lines.contains { $0.hasPrefix("  Brand color") && $0.hasSuffix("#0A2540") })
        #expect(lines.contains { $0.hasPrefix("  Logo") && $0.hasSuffix("https://notes.acme.test/logo.png") })
        #expect(lines.count == 7)
    }

    @Test func applySendsHeadlineToTheConfigurationAndBrandingToTheEmulator() async throws {
        try await EmulatorHarness.withEmulator { emulator in
            let context = try OperatorTestContext(emulator: emulator)
            defer { context.remove() }
            let file = try context.write("portal.yaml", Self.brandedFile)

            try await context.run(["portal-config", "apply", "--file", file])

            let configuration = try #require(
                try await PortalConfigCommandTests.managedConfigurations(emulator.stripe).first
            )
            #expect(configuration.businessProfile.headline == "Manage your Acme Notes plan")
            #expect(configuration.businessProfile.privacyPolicyURL == "https://notes.acme.test/privacy")
            let branding = try await emulator.stripe.send(.GET, "/v1/test_helpers/branding", as: JSONValue.self)
            #expect(branding["business_name"]?.stringValue == "Acme Notes")
            #expect(branding["brand_color"]?.stringValue == "#0a2540")
            #expect(branding["button_style"]?.stringValue == "pill")
            #expect(context.output.lines.last?.hasPrefix("branding: applied to the emulator (business_name,") == true)
        }
    }
}
