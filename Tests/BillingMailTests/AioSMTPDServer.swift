import Foundation
import NIOCore
import NIOPosix
import Testing

/// A real SMTP server (aiosmtpd from PyPI) in a subprocess, storing each message in a maildir.
///
/// Python comes from `BILLING_TEST_PYTHON`, else `.venv-test/bin/python`, else `/tmp/venv/bin/python`; the first one
/// that can import aiosmtpd wins. Without one, ``python`` is nil and the tests that need it are skipped.
struct AioSMTPDServer {
    static let python: String? = {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidates = [
            ProcessInfo.processInfo.environment["BILLING_TEST_PYTHON"],
            repo.appendingPathComponent(".venv-test/bin/python").path,
            "/tmp/venv/bin/python",
        ].compactMap { $0 }
        return candidates.first { candidate in
            guard FileManager.default.isExecutableFile(atPath: candidate) else { return false }
            return (try? run(candidate, ["-c", "import aiosmtpd"]).status) == 0
        }
    }()

    static let skipReason: Comment =
        "aiosmtpd not found: set BILLING_TEST_PYTHON or `pip install aiosmtpd` into .venv-test or /tmp/venv"

    let port: Int
    let maildir: URL
    /// The self-signed certificate (PEM) when started with STARTTLS.
    let certificate: URL?
    private let process: Process

    /// Starts the server and waits until it accepts connections; with `startTLS`, it offers STARTTLS with a fresh
    /// self-signed certificate for `localhost` and refuses mail before it.
    static func start(startTLS: Bool = false) async throws -> AioSMTPDServer {
        let python = try #require(python)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("billing-mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let maildir = root.appendingPathComponent("maildir")
        let port = try await freePort()
        var tlsArguments: [String] = []
        var certificate: URL?
        if startTLS {
            let cert = root.appendingPathComponent("cert.pem")
            let key = root.appendingPathComponent("key.pem")
            let made = try run(
                "/usr/bin/openssl",
                [
                    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key.path, "-out", cert.path,
                ]
            )
            try #require(made.status == 0)
            tlsArguments = ["--tlscert", cert.path, "--tlskey", key.path]
            certificate = cert
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments =
            ["-m", "aiosmtpd", "-n", "-l", "127.0.0.1:\(port)"] + tlsArguments
            + ["-c", "aiosmtpd.handlers.Mailbox", maildir.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let server = AioSMTPDServer(port: port, maildir: maildir, certificate: certificate, process: process)
        // Readiness poll: the subprocess needs a moment to import and bind.
        for _ in 0..<200 {
            if (try? await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: port).get().close()) != nil
            {
                return server
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        server.stop()
        throw CancellationError()
    }

    func stop() {
        // aiosmtpd keeps running on SIGTERM while asyncio is busy; SIGKILL is fine for a throwaway sink.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// The stored messages, raw.
    func messages() throws -> [URL] {
        let new = maildir.appendingPathComponent("new")
        return try FileManager.default.contentsOfDirectory(at: new, includingPropertiesForKeys: nil)
    }

    /// Parses a stored message with Python's `email` package (policy.default decodes RFC 2047 and MIME parts).
    func parse(_ file: URL) throws -> ParsedMail {
        let script = """
            import email, email.policy, json, sys
            m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
            text = m.get_body(('plain',)); html = m.get_body(('html',))
            print(json.dumps({'subject': str(m['subject']), 'from': str(m['from']), 'to': str(m['to']),
              'date': str(m['date']), 'messageID': str(m['message-id']), 'contentType': m.get_content_type(),
              'text': text.get_content() if text else None, 'html': html.get_content() if html else None,
              'defects': len(m.defects) + sum(len(p.defects) for p in m.walk())}))
            """
        let result = try Self.run(try #require(Self.python), ["-c", script, file.path])
        return try JSONDecoder().decode(ParsedMail.self, from: Data(result.output.utf8))
    }

    private static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }

    private static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// A message as Python's `email` package reads it.
struct ParsedMail: Decodable {
    var subject: String
    var from: String
    var to: String
    var date: String
    var messageID: String
    var contentType: String
    var text: String?
    var html: String?
    var defects: Int
}
