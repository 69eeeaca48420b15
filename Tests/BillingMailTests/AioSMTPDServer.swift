import Foundation
import NIOCore
import NIOPosix
import Subprocess
import Testing

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// A real SMTP server (aiosmtpd from PyPI) in a subprocess, storing each message in a maildir.
///
/// Python comes from `BILLING_TEST_PYTHON`, else `.venv-test/bin/python`, else `/tmp/venv/bin/python`; the first one
/// that can import aiosmtpd wins. Without one, ``python`` is nil and the tests that need it are skipped.
struct AioSMTPDServer: Sendable {
    /// The Python that has aiosmtpd, looked up once.
    static var python: String? {
        get async { await pythonLookup.value }
    }

    private static let pythonLookup = Task<String?, Never> {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidates = [
            ProcessInfo.processInfo.environment["BILLING_TEST_PYTHON"],
            repo.appendingPathComponent(".venv-test/bin/python").path,
            "/tmp/venv/bin/python",
        ].compactMap { $0 }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            if (try? await output(candidate, ["-c", "import aiosmtpd"]).status) == 0 { return candidate }
        }
        return nil
    }

    static let skipReason: Comment =
        "aiosmtpd not found: set BILLING_TEST_PYTHON or `pip install aiosmtpd` into .venv-test or /tmp/venv"

    let port: Int
    let maildir: URL
    /// The self-signed certificate (PEM) when started with STARTTLS.
    let certificate: URL?

    /// Runs `body` against a server that accepts connections, then kills it; with `startTLS`, it offers STARTTLS
    /// with a fresh self-signed certificate for `localhost` and refuses mail before it.
    static func run<Result: Sendable>(
        startTLS: Bool = false,
        _ body: (AioSMTPDServer) async throws -> Result
    ) async throws -> Result {
        let python = try #require(await python)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("billing-mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let maildir = root.appendingPathComponent("maildir")
        let port = try await freePort()
        var tlsArguments: [String] = []
        var certificate: URL?
        if startTLS {
            let cert = root.appendingPathComponent("cert.pem")
            let key = root.appendingPathComponent("key.pem")
            let made = try await output(
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
        let server = AioSMTPDServer(port: port, maildir: maildir, certificate: certificate)
        let arguments =
            ["-m", "aiosmtpd", "-n", "-l", "127.0.0.1:\(port)"] + tlsArguments
            + ["-c", "aiosmtpd.handlers.Mailbox", maildir.path]
        let outcome = try await Subprocess.run(
            .path(FilePath(python)),
            arguments: Arguments(arguments),
            input: .none,
            output: .discarded,
            error: .discarded
        ) { execution -> Swift.Result<Result, any Error> in
            // aiosmtpd keeps running on SIGTERM while asyncio is busy; SIGKILL is fine for a throwaway sink.
            defer { try? execution.send(signal: .kill) }
            do {
                try await server.waitUntilAccepting()
                return .success(try await body(server))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.closureResult.get()
    }

    /// Readiness poll: the subprocess needs a moment to import and bind.
    private func waitUntilAccepting() async throws {
        for _ in 0..<200 {
            if (try? await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: port).get().close()) != nil
            {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw NotAccepting()
    }

    /// The server did not accept connections within ten seconds.
    struct NotAccepting: Error {}

    /// The stored messages, raw.
    func messages() throws -> [URL] {
        let new = maildir.appendingPathComponent("new")
        return try FileManager.default.contentsOfDirectory(at: new, includingPropertiesForKeys: nil)
    }

    /// Parses a stored message with Python's `email` package (policy.default decodes RFC 2047 and MIME parts).
    func parse(_ file: URL) async throws -> ParsedMail {
        let script = """
            import email, email.policy, json, sys
            m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
            text = m.get_body(('plain',)); html = m.get_body(('html',))
            print(json.dumps({'subject': str(m['subject']), 'from': str(m['from']), 'to': str(m['to']),
              'date': str(m['date']), 'messageID': str(m['message-id']), 'contentType': m.get_content_type(),
              'text': text.get_content() if text else None, 'html': html.get_content() if html else None,
              'defects': len(m.defects) + sum(len(p.defects) for p in m.walk())}))
            """
        let result = try await Self.output(try #require(await Self.python), ["-c", script, file.path])
        return try JSONDecoder().decode(ParsedMail.self, from: Data(result.output.utf8))
    }

    private static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }

    /// Runs a command to its end; the status is nil when a signal ended it.
    private static func output(_ executable: String, _ arguments: [String]) async throws -> (
        status: Int32?, output: String
    ) {
        let result = try await Subprocess.run(
            .path(FilePath(executable)),
            arguments: Arguments(arguments),
            output: .string(limit: 1 << 20),
            error: .discarded
        )
        guard case .exited(let status) = result.terminationStatus else { return (nil, result.standardOutput) }
        return (status, result.standardOutput)
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
