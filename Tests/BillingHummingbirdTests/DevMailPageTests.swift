import BillingMail
import Configuration
import Foundation
import HTTPTypes
import Testing

@Suite struct DevMailPageTests {
    func withFolder(_ body: (MailFolder, [String: ConfigValue]) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dev-mail-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await body(
            MailFolder(directory: directory),
            [
                "mail.folder": .init(.string(directory.path), isSecret: false),
                "app.devMailPage": .init(.bool(true), isSecret: false),
            ]
        )
    }

    @Test func listsStoredMailWithDecodedAndEscapedSubjects() async throws {
        try await withFolder { folder, extra in
            try await folder.deliver(
                MailMessage(
                    from: try MailAddress("billing@acme.test"),
                    to: [try MailAddress("ada@example.com")],
                    subject: "<script>alert(1)</script> Grüße",
                    text: "Hello <b>",
                    html: "<p>Hello</p>",
                    messageID: "m1@acme.test"
                )
            )
            try await ProductHarness.withApp(stripe: .unreachable, extra: extra) { browser, _ in
                let list = try await browser.get("/dev/mail")
                #expect(list.status == .ok)
                #expect(list.body.contains("&lt;script&gt;alert(1)&lt;/script&gt; Grüße"))
                #expect(!list.body.contains("<script>alert(1)"))
                #expect(list.body.contains("ada@example.com"))
                let name = try #require(try folder.list().first?.lastPathComponent)
                let message = try await browser.get("/dev/mail/\(name)")
                #expect(message.status == .ok)
                #expect(message.body.contains("Hello &lt;b&gt;"))
                let traversal = try await browser.get("/dev/mail/..%2Fsecret.eml")
                #expect([.notFound, .badRequest].contains(traversal.status))
                let hidden = try await browser.get("/dev/mail/.hidden.eml")
                #expect(hidden.status == .notFound)
                #expect(try await browser.get("/dev/mail/missing.eml").status == .notFound)
            }
        }
    }

    @Test func pageIsNotMountedWhenSwitchedOff() async throws {
        try await withFolder { _, extra in
            var extra = extra
            extra["app.devMailPage"] = .init(.bool(false), isSecret: false)
            try await ProductHarness.withApp(stripe: .unreachable, extra: extra) { browser, _ in
                let page = try await browser.get("/dev/mail")
                #expect(page.status == .notFound)
            }
        }
    }

    @Test func pageIsNotMountedWhenMailGoesOverSMTP() async throws {
        try await withFolder { _, extra in
            var extra = extra
            extra["mail.smtpURL"] = .init(.string("smtp://127.0.0.1:2525?starttls=never"), isSecret: true)
            try await ProductHarness.withApp(stripe: .unreachable, extra: extra) { browser, _ in
                let page = try await browser.get("/dev/mail")
                #expect(page.status == .notFound)
            }
        }
    }
}
