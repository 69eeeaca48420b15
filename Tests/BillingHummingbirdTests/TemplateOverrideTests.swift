import BillingCore
import BillingTestSupport
import BillingViews
import Configuration
import Foundation
import HTTPTypes
import Testing

/// A host's own page templates replace the library's one by one: from `billing.templates.directory` (the sample app
/// as the host) and registered in code.
@Suite struct TemplateOverrideTests {
    static let hostBilling = """
        <div class="host-billing" data-testid="host-billing">
          <h2>{{accountName}}</h2><p>{{planName}}</p>
          <form method="post" action="{{portalPath}}">
            <input type="hidden" name="csrf_token" value="{{csrfToken}}"><button>Open billing</button>
          </form>
        </div>
        """

    @Test func theHostsBillingPageReplacesTheLibrarysWithEveryValueEscaped() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("page-templates-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.hostBilling.write(
            to: directory.appendingPathComponent("billing.mustache"),
            atomically: true,
            encoding: .utf8
        )
        let extra: [String: ConfigValue] = [
            "billing.templates.directory": .init(.string(directory.path), isSecret: false)
        ]
        try await EmulatorHarness.withEmulator { running in
            try await ProductHarness.withApp(stripe: .emulator(running), extra: extra) { browser, _ in
                let page = try await browser.signUp(name: #"<i>Ada</i> & "Co""#, email: "host-page@example.test")

                #expect(page.status == .ok)
                #expect(page.body.contains(#"<div class="host-billing" data-testid="host-billing">"#))
                #expect(page.body.contains("<h2>&lt;i&gt;Ada&lt;/i&gt; &amp; &quot;Co&quot;</h2>"))
                #expect(!page.body.contains("<i>Ada</i>"))
                // The library's billing page is gone; the library's layout around it is not overridden.
                #expect(!page.body.contains(#"data-testid="billing""#))
                #expect(!page.body.contains("Manage billing"))
                // The host's form still carries the session's CSRF token, and posting it opens the portal.
                let token = try #require(page.csrfToken)
                #expect(page.body.contains(#"name="csrf_token" value="\#(token)""#))
                let portal = try await browser.post("/billing/portal", form: [("csrf_token", token)])
                #expect(portal.status == .seeOther)
            }
        }
    }

    @Test func aTemplateRegisteredInCodeWinsOverTheDirectoryAndTheLibrary() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("page-templates-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "<p>from the directory</p>".write(
            to: directory.appendingPathComponent("forbidden.mustache"),
            atomically: true,
            encoding: .utf8
        )
        let views = try await BillingViews(
            overrides: TemplateOverrides(
                directory: directory,
                templates: ["forbidden": #"<p class="host-forbidden"><a href="{{billingPath}}">back</a></p>"#]
            )
        )
        var configuration = BillingConfiguration(publicURL: URL(string: "https://notes.example.test")!)
        configuration.billingPath = "/settings/billing?a=<b>"
        let page = try views.forbiddenPage(configuration: configuration)

        #expect(page.html == #"<p class="host-forbidden"><a href="/settings/billing?a=&lt;b&gt;">back</a></p>"#)
    }
}
