import ArgumentParser
import BillingCLI
import BillingTestSupport
import Configuration
import Foundation
import StripeAPI
import Synchronization

/// Collects a command's output lines.
final class OutputRecorder: Sendable {
    private let storage = Mutex<[String]>([])

    var lines: [String] { storage.withLock { $0 } }
    var text: String { lines.joined(separator: "\n") }

    func append(_ line: String) { storage.withLock { $0.append(line) } }
}

/// A temporary SQLite file, a recorder and a configuration pointing at a running emulator.
struct OperatorTestContext {
    let directory: URL
    let output = OutputRecorder()
    let baseURL: URL
    let secretKey: String

    init(emulator: RunningEmulator?, secretKey: String = "sk_test_emulator") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("billing-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // Port 9 (discard) on loopback refuses connections: any request sent there fails loudly.
        baseURL = emulator?.baseURL ?? URL(string: "http://127.0.0.1:9")!
        self.secretKey = secretKey
    }

    var databaseURL: String { "sqlite:" + directory.appendingPathComponent("billing.sqlite").path }

    func environment(extra: [String: String] = [:], isTerminal: Bool = false) -> CLIEnvironment {
        var values: [AbsoluteConfigKey: ConfigValue] = [
            AbsoluteConfigKey(["stripe", "secretKey"]): ConfigValue(.string(secretKey), isSecret: true),
            AbsoluteConfigKey(["stripe", "apiBaseURL"]): ConfigValue(.string(baseURL.absoluteString), isSecret: false),
            AbsoluteConfigKey(["stripe", "maxNetworkRetries"]): ConfigValue(.int(0), isSecret: false),
            AbsoluteConfigKey(["database", "url"]): ConfigValue(.string(databaseURL), isSecret: false),
        ]
        for (key, value) in extra {
            values[AbsoluteConfigKey(ConfigKey(key))] = ConfigValue(
                .string(value),
                isSecret: false
            )
        }
        let output = output
        return CLIEnvironment(
            reader: ConfigReader(provider: InMemoryProvider(values: values)),
            output: { output.append($0) },
            isTerminal: isTerminal
        )
    }

    /// Writes a file in the context's directory and returns its path.
    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Parses `arguments` as `billing …` and runs the resulting operator command in this context.
    func run(_ arguments: [String], extra: [String: String] = [:]) async throws {
        let parsed = try BillingCommand.parseAsRoot(arguments)
        guard let command = parsed as? any OperatorCommand else {
            throw CLIError.invalidArgument
        }
        try await command.run(in: environment(extra: extra))
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
