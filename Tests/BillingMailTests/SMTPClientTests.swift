import BillingMail
import Foundation
import Logging
import NIOCore
import NIOSSL
import Testing

@Suite struct SMTPClientTests {
    let logger = Logger(label: "test.smtp")

    func client(port: Int, _ adjust: (inout SMTPConfiguration) -> Void = { _ in }) -> SMTPClient {
        var configuration = SMTPConfiguration(host: "127.0.0.1", port: port, security: .startTLSIfAvailable)
        configuration.replyTimeout = .seconds(10)
        adjust(&configuration)
        return SMTPClient(configuration: configuration, logger: logger)
    }

    func message(subject: String = "Your plan has ended", text: String = "Hello", html: String? = "<p>Hello</p>")
        throws -> MailMessage
    {
        MailMessage(
            from: try MailAddress("billing@acme.test", name: "Acme Notes"),
            to: [try MailAddress("ada@example.com", name: "Ada Lovelace")],
            subject: subject,
            text: text,
            html: html,
            date: Date(timeIntervalSince1970: 1_795_000_000),
            messageID: "winback-sub_1-ended@acme.test"
        )
    }

    @Test(.enabled(AioSMTPDServer.skipReason) { await AioSMTPDServer.python != nil })
    func realServerReceivesMultipartMailWithEncodedSubjectAndDotStuffedLines() async throws {
        try await AioSMTPDServer.run { server in
            let subject = "Wir vermissen Sie – 20 % Rabatt für Ihr nächstes Jahr bei Acme Notes ✓ Grüße aus Köln"
            let text = "Line one\n.starts with a dot\n..two dots\n.\nGrüße\n" + String(repeating: "long ", count: 40)
            let html = "<p>Grüße</p>\n.<b>dot</b>"
            try await client(port: server.port).send(try message(subject: subject, text: text, html: html))

            let files = try server.messages()
            try #require(files.count == 1)
            let parsed = try await server.parse(files[0])
            #expect(parsed.subject == subject)
            #expect(parsed.contentType == "multipart/alternative")
            #expect(parsed.text?.replacingOccurrences(of: "\r\n", with: "\n") == text)
            #expect(parsed.html?.replacingOccurrences(of: "\r\n", with: "\n") == html)
            #expect(parsed.from == "Acme Notes <billing@acme.test>")
            #expect(parsed.to == "Ada Lovelace <ada@example.com>")
            #expect(parsed.messageID == "<winback-sub_1-ended@acme.test>")
            #expect(parsed.date == "Wed, 18 Nov 2026 11:06:40 +0000")
            #expect(parsed.defects == 0)
            let raw = try String(contentsOf: files[0], encoding: .utf8)
            #expect(raw.split(separator: "\n").allSatisfy { $0.utf8.count <= 78 })
            #expect(raw.allSatisfy { $0.isASCII })
        }
    }

    @Test(.enabled(AioSMTPDServer.skipReason) { await AioSMTPDServer.python != nil })
    func realServerReceivesTextOnlyMail() async throws {
        try await AioSMTPDServer.run { server in
            try await client(port: server.port).send(try message(subject: "Plain", text: "Just text", html: nil))
            let parsed = try await server.parse(try #require(try server.messages().first))
            #expect(parsed.contentType == "text/plain")
            #expect(parsed.text == "Just text\n")
            #expect(parsed.html == nil)
        }
    }

    @Test(
        .enabled(AioSMTPDServer.skipReason) { await AioSMTPDServer.python != nil },
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), "needs openssl for a test cert")
    )
    func requiredStartTLSUpgradesTheConnectionBeforeSending() async throws {
        try await AioSMTPDServer.run(startTLS: true) { server in
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(try #require(server.certificate).path))
            let client = SMTPClient(
                configuration: SMTPConfiguration(host: "localhost", port: server.port, security: .startTLSRequired),
                tlsConfiguration: tls,
                logger: logger
            )
            try await client.send(try message(subject: "Over TLS", text: "secret", html: nil))
            let parsed = try await server.parse(try #require(try server.messages().first))
            #expect(parsed.subject == "Over TLS")
            #expect(parsed.text == "secret\n")
        }
    }

    @Test(
        .enabled(AioSMTPDServer.skipReason) { await AioSMTPDServer.python != nil },
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), "needs openssl for a test cert")
    )
    func untrustedCertificateFailsWithoutSending() async throws {
        try await AioSMTPDServer.run(startTLS: true) { server in
            let client = SMTPClient(
                configuration: SMTPConfiguration(host: "localhost", port: server.port, security: .startTLSRequired),
                logger: logger
            )
            await #expect(throws: MailError.self) { try await client.send(try message()) }
            let stored = try server.messages()
            #expect(stored.isEmpty)
        }
    }

    @Test func temporaryRejectionOfTheMessageIsTransient() async throws {
        try await withScriptedSMTP(SMTPScript(dataEndCode: 451)) { port, recorder in
            let error = await #expect(throws: MailError.self) { try await client(port: port).send(try message()) }
            #expect(error?.isTransient == true)
            #expect(error?.replyCode == 451)
            #expect(recorder.messages.count == 1)
        }
    }

    @Test func permanentRejectionOfTheRecipientIsNotTransient() async throws {
        try await withScriptedSMTP(SMTPScript(rcptCode: 550)) { port, recorder in
            let error = await #expect(throws: MailError.self) { try await client(port: port).send(try message()) }
            #expect(error?.isTransient == false)
            #expect(error?.replyCode == 550)
            #expect(!recorder.commands.contains("DATA"))
        }
    }

    @Test func connectionDroppedMidMessageIsTransient() async throws {
        try await withScriptedSMTP(SMTPScript(dropAfterDataLines: 3)) { port, recorder in
            let error = await #expect(throws: MailError.self) { try await client(port: port).send(try message()) }
            #expect(error == .connectionClosed)
            #expect(error?.isTransient == true)
            #expect(recorder.messages.isEmpty)
        }
    }

    @Test func authPlainSendsTheConfiguredCredentials() async throws {
        let script = SMTPScript(authMechanisms: ["PLAIN", "LOGIN"], credentials: ("mailer", "s3cret pass"))
        try await withScriptedSMTP(script) { port, recorder in
            try await client(port: port) {
                $0.username = "mailer"
                $0.password = "s3cret pass"
            }
            .send(try message())
            #expect(recorder.commands.contains { $0.hasPrefix("AUTH PLAIN ") })
            #expect(recorder.messages.count == 1)
        }
    }

    @Test func authLoginIsUsedWhenPlainIsNotOffered() async throws {
        let script = SMTPScript(authMechanisms: ["LOGIN"], credentials: ("mailer", "s3cret"))
        try await withScriptedSMTP(script) { port, recorder in
            try await client(port: port) {
                $0.username = "mailer"
                $0.password = "s3cret"
            }
            .send(try message())
            #expect(recorder.commands.contains("AUTH LOGIN"))
            #expect(recorder.messages.count == 1)
        }
    }

    @Test func wrongCredentialsArePermanent() async throws {
        let script = SMTPScript(authMechanisms: ["PLAIN"], credentials: ("mailer", "right"))
        try await withScriptedSMTP(script) { port, recorder in
            let error = await #expect(throws: MailError.self) {
                try await client(port: port) {
                    $0.username = "mailer"
                    $0.password = "wrong"
                }
                .send(try message())
            }
            #expect(error?.replyCode == 535)
            #expect(error.map { !$0.description.contains("wrong") } == true)
            #expect(!recorder.commands.contains { $0.hasPrefix("MAIL FROM") })
        }
    }

    @Test func requiredStartTLSFailsWithoutSendingWhenNotOffered() async throws {
        try await withScriptedSMTP(SMTPScript()) { port, recorder in
            let error = await #expect(throws: MailError.self) {
                try await client(port: port) { $0.security = .startTLSRequired }.send(try message())
            }
            #expect(error == .tlsUnavailable)
            #expect(!recorder.commands.contains { $0.hasPrefix("MAIL FROM") })
        }
    }

    @Test func refusedConnectionIsTransient() async throws {
        var port = 0
        try await withScriptedSMTP(SMTPScript()) { free, _ in port = free }
        let error = await #expect(throws: MailError.self) { try await client(port: port).send(try message()) }
        #expect(error?.isTransient == true)
    }
}
