import BillingCore
import BillingDatabase
import BillingMail
import BillingTemplates
import BillingTestSupport
import Configuration
import Foundation
import SQLKit
import Testing

/// The mail templates: every library mail renders its three parts with escaped values, and a host's templates (a
/// directory, templates registered in code) replace the library's one by one.
@Suite struct MailTemplateTests {
    static let mails = [
        MailTemplates.Name.winBackScheduled, MailTemplates.Name.winBackScheduledEnded, MailTemplates.Name.winBackEnded,
        MailTemplates.Name.winBackComeback, MailTemplates.Name.trialEnding, MailTemplates.Name.paymentFailed,
        MailTemplates.Name.paymentRecovered,
    ]
    static let hostile = "<script>alert(\"x\")</script> & Co"

    /// Values for every template, each carrying markup that must not reach the HTML part as markup.
    static let values = [
        "productName": hostile, "supportAddress": "help@acme.test", "billingURL": "https://acme.test/billing?a=1&b=2",
        "email": "ada@example.com", "endDate": hostile, "trialEndDate": hostile, "amount": hostile,
        "nextAttemptDate": hostile, "updatePaymentURL": "https://acme.test/billing?a=1&b=2",
        "invoiceURL": "https://invoice.stripe.com/i/in_1",
    ]

    @Test(arguments: mails)
    func everyLibraryMailRendersEscapedHTMLAndPlainText(_ name: String) throws {
        let mail = try MailTemplates.bundled.render(name, values: Self.values)

        #expect(!mail.subject.isEmpty)
        #expect(!mail.subject.contains("\n"))
        #expect(!mail.html.contains("<script>"))
        #expect(mail.html.contains("&lt;script&gt;"))
        #expect(mail.html.contains("https://acme.test/billing?a=1&amp;b=2"))
        #expect(mail.html.contains("help@acme.test"))  // the layout's footer
        // Plain text is not HTML: values go in as they are.
        #expect(!mail.text.contains("&lt;"))
        #expect(mail.text.contains("https://acme.test/billing?a=1&b=2"))
        #expect(!mail.text.contains("{{"))
    }

    @Test func paymentFailedSaysWhenThereIsNoRetry() throws {
        var values = Self.values
        values["nextAttemptDate"] = nil
        let mail = try MailTemplates.bundled.render(MailTemplates.Name.paymentFailed, values: values)
        #expect(mail.text.contains("We will not retry this payment on our own."))
        #expect(!mail.text.contains("We will try again"))
    }

    @Test func aMissingDirectoryOrABrokenTemplateFailsLoudly() throws {
        let missing = URL(fileURLWithPath: "/nonexistent/billing-templates")
        #expect(throws: TemplateError.directoryMissing(missing.path)) {
            try MailTemplates(overrides: TemplateOverrides(directory: missing))
        }
        #expect(throws: TemplateError.invalid("mail-winback-ended.html")) {
            try MailTemplates(overrides: TemplateOverrides(templates: ["mail-winback-ended.html": "{{#open}}"]))
        }
    }

    @Test func theDirectoryIsReadFromConfiguration() throws {
        let reader = ConfigReader(provider: InMemoryProvider(values: ["billing.templates.directory": "/srv/templates"]))
        #expect(TemplateOverrides(reader: reader).directory?.path == "/srv/templates")
        #expect(TemplateOverrides(reader: ConfigReader(provider: InMemoryProvider(values: [:]))).directory == nil)
    }

    @Test func configuredSenderNamesTheProductUnlessItIsSet() throws {
        let named = try MailConfiguration(
            reader: ConfigReader(provider: InMemoryProvider(values: ["mail.from": "Acme Notes <billing@acme.test>"]))
        )
        #expect(named.from == (try MailAddress("billing@acme.test", name: "Acme Notes")))
        #expect(named.productName == "Acme Notes")
        #expect(named.supportAddress == "billing@acme.test")
        let explicit = try MailConfiguration(
            reader: ConfigReader(
                provider: InMemoryProvider(values: [
                    "mail.from": "billing@acme.test", "mail.productName": "Notes Pro",
                    "mail.supportAddress": "help@acme.test",
                ])
            )
        )
        #expect(explicit.productName == "Notes Pro")
        #expect(explicit.supportAddress == "help@acme.test")
        #expect(throws: MailError.invalidAddress) { try MailAddress(parsing: "Acme <not an address>") }
    }

    /// A host's directory replaces the win-back HTML part and a template registered in code its subject; the mail
    /// the mailer sends carries the host's markup, none of the library's, and escaped values.
    @Test func hostTemplatesReplaceTheWinBackMail() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mail-templates-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try
            #"<section class="host-mail">{{productName}} ends on {{endDate}}: <a href="{{billingURL}}">stay</a></section>"#
            .write(
                to: directory.appendingPathComponent("mail-winback-scheduled.html.mustache"),
                atomically: true,
                encoding: .utf8
            )
        let templates = try MailTemplates(
            overrides: TemplateOverrides(
                directory: directory,
                templates: ["mail-winback-scheduled.subject": "{{% CONTENT_TYPE: TEXT}}Leaving {{productName}}?"]
            )
        )

        try await TestDatabase.with(.sqlite) { database in
            try await database.transaction { sql in
                try await sql.raw(
                    """
                    INSERT INTO billing_stripe_customers (id, email, deleted, snapshot_created, updated_at) \
                    VALUES ('cus_1', 'ada@example.com', \(bind: false), 0, 0)
                    """
                ).run()
            }
            var scheduled = SubscriptionFixture(id: "sub_1", customer: "cus_1")
            scheduled.cancelAtPeriodEnd = true
            let body = StripeEventFactory(secret: "whsec_test").subscriptionEvent(
                id: "evt_1",
                created: 100,
                subscription: scheduled
            )
            _ = try await EventLog(database: database).record(
                try EventEnvelope.parse(body),
                payload: String(decoding: body, as: UTF8.self),
                receivedAt: 1
            )
            try await WinBackEventFlowTests().process(database)
            let transport = RecordingTransport()
            let clock = TestClock()
            let mailer = OutboxMailer(
                configuration: .init(
                    from: try MailAddress("billing@acme.test"),
                    templates: templates,
                    billingURL: "https://acme.test/billing?from=mail&x=1",
                    productName: Self.hostile
                ),
                database: database,
                transport: transport,
                logger: TestDatabase.logger,
                now: clock.now
            )
            _ = try await ClockedMailer(mailer: mailer, clock: clock).drainOnce(now: 1_780_000_200_000)

            let mail = try #require(transport.sent.first)
            #expect(mail.subject == "Leaving \(Self.hostile)?")
            let html = try #require(mail.html)
            #expect(
                html.hasPrefix(
                    #"<section class="host-mail">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co"#
                )
            )
            #expect(html.contains(#"<a href="https://acme.test/billing?from=mail&amp;x=1">stay</a>"#))
            #expect(!html.contains("Renew in one click"))
            #expect(!html.contains("<script>"))
            // The text part was not overridden: the library's stays.
            #expect(mail.text.contains("Renew in one click"))
        }
    }
}
