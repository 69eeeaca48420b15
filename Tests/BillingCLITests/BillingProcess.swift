import Foundation
import Subprocess

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// The built `billing` executable run as a child process to its end, in its own temporary directory with a scrubbed
/// environment, both outputs collected.
///
/// Start-up failures are about what an operator sees (one line on standard error, the exit status, no crash
/// report), which only the real process shows.
enum BillingProcess {
    /// `.build/debug/billing` next to this package, nil when it has not been built.
    static let binary: URL? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let binary = root.appendingPathComponent(".build/debug/billing")
        return FileManager.default.isExecutableFile(atPath: binary.path) ? binary : nil
    }()

    /// How the process ended, and what it wrote.
    struct Run: Sendable {
        /// The exit status, or the signal that ended it.
        var status: Int32
        /// Whether it exited (rather than being ended by a signal).
        var exited: Bool
        /// Whether it had to be killed because it did not end in time.
        var killed: Bool
        /// Everything written to standard output.
        var standardOutput: String
        /// Everything written to standard error.
        var standardError: String

        /// The non-empty lines of standard error.
        var errorLines: [String] {
            standardError.split(whereSeparator: \.isNewline).map(String.init)
                .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        }

        /// The exit, for a failure message.
        var exitDescription: String {
            killed ? "killed after the time limit" : exited ? "exit \(status)" : "signal \(status)"
        }
    }

    /// Runs `billing arguments…` with only `PATH`, `HOME` and `environment` set, until it ends and both outputs
    /// close (the process and everything it started have let go of them).
    ///
    /// - Parameters:
    ///   - signal: sent once standard output contains its text (`SIGTERM` after "ready" asks for a graceful
    ///     shutdown).
    ///   - limit: the process is killed after this long, so a hanging start-up fails the test instead of hanging
    ///     the run.
    static func run(
        _ arguments: [String],
        environment: [String: String],
        signal: (when: String, signal: Int32)? = nil,
        killingAfter limit: Duration = .seconds(60)
    ) async throws -> Run {
        guard let binary else { throw MissingBinary() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("billing-startup-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var variables: [Environment.Key: String] = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory.path,
        ]
        for (key, value) in environment { variables[Environment.Key(stringLiteral: key)] = value }

        let result = try await Subprocess.run(
            .path(FilePath(binary.path)),
            arguments: Arguments(arguments),
            environment: .custom(variables),
            workingDirectory: FilePath(directory.path),
            input: .none,
            output: .sequence,
            error: .sequence
        ) { execution in
            try await withThrowingTaskGroup(of: Piece.self) { group in
                group.addTask {
                    var data = Data()
                    var signalled = false
                    for try await chunk in execution.standardOutput {
                        chunk.withUnsafeBytes { data.append(contentsOf: $0) }
                        if let signal, !signalled, String(decoding: data, as: UTF8.self).contains(signal.when) {
                            signalled = true
                            try? execution.send(signal: Signal(rawValue: signal.signal))
                        }
                    }
                    return .output(data)
                }
                group.addTask {
                    var data = Data()
                    for try await chunk in execution.standardError {
                        chunk.withUnsafeBytes { data.append(contentsOf: $0) }
                    }
                    return .error(data)
                }
                group.addTask {
                    try await Task.sleep(for: limit)
                    try? execution.send(signal: .kill)
                    return .killed
                }
                var collected = Collected()
                while collected.output == nil || collected.error == nil, let piece = try await group.next() {
                    switch piece {
                    case .output(let data): collected.output = String(decoding: data, as: UTF8.self)
                    case .error(let data): collected.error = String(decoding: data, as: UTF8.self)
                    case .killed: collected.killed = true
                    }
                }
                group.cancelAll()
                return collected
            }
        }
        let (status, exited): (Int32, Bool) =
            switch result.terminationStatus {
            case .exited(let code): (code, true)
            case .signaled(let signal): (signal, false)
            }
        let collected = result.closureResult
        return Run(
            status: status,
            exited: exited,
            killed: collected.killed,
            standardOutput: collected.output ?? "",
            standardError: collected.error ?? ""
        )
    }

    /// What one reader of the group saw.
    private enum Piece: Sendable {
        case output(Data)
        case error(Data)
        case killed
    }

    /// Both outputs once they close, and whether the time limit ran out first.
    private struct Collected: Sendable {
        var output: String?
        var error: String?
        var killed = false
    }

    /// The `.build/debug/billing` executable is missing.
    struct MissingBinary: Error, CustomStringConvertible {
        var description: String { "build the debug binary first: swift build" }
    }
}

/// A TCP socket on the loopback interface, for a port that is taken (listening) or known to be closed.
final class LoopbackSocket: Sendable {
    /// The port it is bound to.
    let port: Int
    private let descriptor: Int32

    /// Binds a free port and, when `listening`, accepts connections on it (so nobody else can bind it).
    init(listening: Bool) throws {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw SocketError() }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(descriptor, address, length) == 0 && getsockname(descriptor, address, &length) == 0
            }
        }
        guard bound, !listening || listen(descriptor, 16) == 0 else {
            close(descriptor)
            throw SocketError()
        }
        self.descriptor = descriptor
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// A port on which nothing listens: bound once to find it, then released.
    static func closedPort() throws -> Int {
        try LoopbackSocket(listening: false).port
    }

    deinit {
        close(descriptor)
    }

    struct SocketError: Error {}
}
