import BillingMail
import Foundation
import Testing

@Suite struct MIMEWriterTests {
    func render(subject: String, text: String, html: String? = nil) throws -> String {
        MIMEWriter.render(
            MailMessage(
                from: try MailAddress("billing@acme.test"),
                to: [try MailAddress("ada@example.com")],
                subject: subject,
                text: text,
                html: html,
                date: Date(timeIntervalSince1970: 0),
                messageID: "m1@acme.test"
            ),
            boundary: "BOUNDARY"
        )
    }

    @Test func everyLineEndsWithCRLFAndStaysWithinLimits() throws {
        let rendered = try render(
            subject: "Ünïcödé " + String(repeating: "ä", count: 80),
            text: "a\nb\r\nc\r" + String(repeating: "x", count: 300) + "=",
            html: "<p>" + String(repeating: "é", count: 200) + "</p>"
        )
        #expect(!rendered.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!rendered.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        let lines = rendered.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 78 })
        #expect(rendered.allSatisfy { $0.isASCII })
    }

    @Test func asciiSubjectIsLeftReadable() throws {
        let rendered = try render(subject: "Your plan has ended", text: "x")
        #expect(rendered.contains("\r\nSubject: Your plan has ended\r\n"))
        #expect(rendered.hasPrefix("Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"))
        #expect(rendered.contains("\r\nMessage-ID: <m1@acme.test>\r\n"))
    }

    @Test func nonASCIISubjectBecomesEncodedWords() throws {
        let rendered = try render(subject: "Grüße", text: "x")
        #expect(rendered.contains("Subject: =?UTF-8?B?R3LDvMOfZQ==?="))
    }

    @Test func multipartHasTextThenHTMLAndAClosingBoundary() throws {
        let rendered = try render(subject: "s", text: "plain", html: "<b>html</b>")
        let text = try #require(rendered.range(of: "Content-Type: text/plain; charset=UTF-8"))
        let html = try #require(rendered.range(of: "Content-Type: text/html; charset=UTF-8"))
        #expect(text.lowerBound < html.lowerBound)
        #expect(rendered.contains("Content-Type: multipart/alternative;\r\n boundary=\"BOUNDARY\""))
        #expect(rendered.hasSuffix("--BOUNDARY--\r\n"))
    }

    @Test func quotedPrintableEscapesEqualsTrailingSpaceAndUTF8() throws {
        let rendered = try render(subject: "s", text: "a=b \nü")
        #expect(rendered.contains("\r\na=3Db=20\r\n=C3=BC\r\n"))
    }

    @Test func addressesWithLineBreaksOrBracketsAreRejected() {
        #expect(throws: MailError.invalidAddress) { try MailAddress("a@b.test\r\nBcc: x@y.test") }
        #expect(throws: MailError.invalidAddress) { try MailAddress("<a@b.test>") }
        #expect(throws: MailError.invalidAddress) { try MailAddress("nodomain@") }
        #expect(throws: MailError.invalidAddress) { try MailAddress("a@b.test", name: "Evil\r\nBcc: x@y.test") }
    }

    @Test func smtpURLSelectsSecurityAndDecodesCredentials() throws {
        let required = try SMTPConfiguration(url: "smtp://us%40er:p%3Ass@mail.test:587?starttls=required")
        #expect(required.security == .startTLSRequired)
        #expect(required.port == 587)
        #expect(required.username == "us@er")
        #expect(required.password == "p:ss")
        #expect(!required.description.contains("p:ss"))
        let implicit = try SMTPConfiguration(url: "smtps://mail.test")
        #expect(implicit.security == .implicitTLS)
        #expect(implicit.port == 465)
        #expect(
            try SMTPConfiguration(url: "smtp://localhost:1025?starttls=never").security
                == SMTPConfiguration.Security.none
        )
        #expect(throws: MailError.self) { try SMTPConfiguration(url: "http://mail.test") }
        #expect(throws: MailError.self) { try SMTPConfiguration(url: "smtp://mail.test?starttls=maybe") }
    }
}
