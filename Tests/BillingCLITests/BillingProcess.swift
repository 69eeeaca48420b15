import Foundation
import Synchronization

/// The built `billing` executable run as a child process, in its own temporary directory with a scrubbed
/// environment, its output collected as it arrives.
///
/// Start-up failures are about what an operator sees (one line on standard error, the exit status, no crash
/// report), which only the real process shows.
final class BillingProcess: Sendable {
    /// `.build/debug/billing` next to this package, nil when it has not been built.
    static let binary: URL? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let binary = root.appendingPathComponent(".build/debug/billing")
        return FileManager.default.isExecutableFile(atPath: binary.path) ? binary : nil
    }()

    /// How the process ended.
    struct Exit: Sendable, CustomStringConvertible {
        /// The exit status, or the signal that ended it.
        var status: Int32
        /// Whether it exited (rather than being ended by a signal).
        var exited: Bool
        /// Whether it had to be killed because it did not end in time.
        var killed: Bool

        var description: String {
            killed ? "killed after the time limit" : exited ? "exit \(status)" : "signal \(status)"
        }
    }

    let directory: URL
    let standardOutput: Output
    let standardError: Output
    private let process: Process
    private let termination = Mutex<(exit: Exit?, waiters: [UUID: CheckedContinuation<Exit?, Never>])>((nil, [:]))
    private let wasKilled = Mutex(false)

    /// Starts `billing arguments…` with only `PATH`, `HOME` and `environment` set.
    init(_ arguments: [String], environment: [String: String]) throws {
        guard let binary = Self.binary else { throw MissingBinary() }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("billing-startup-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment =
            [
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                "HOME": directory.path,
            ].merging(environment) { _, new in new }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        standardOutput = Output(out)
        standardError = Output(err)
        self.process = process
        process.terminationHandler = { [weak self] process in
            self?.ended(status: process.terminationStatus, exited: process.terminationReason == .exit)
        }
        try process.run()
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Sends a signal (`SIGTERM` to ask for a graceful shutdown).
    func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the process to end, killing it after `limit` so a hanging start-up fails the test instead of
    /// hanging the run; then waits for both outputs to close.
    func exit(killingAfter limit: Duration = .seconds(60)) async -> Exit {
        let exit = await withTaskGroup(of: Exit?.self) { group in
            group.addTask { await self.terminated() }
            group.addTask {
                do {
                    try await Task.sleep(for: limit)
                } catch {
                    return nil
                }
                self.wasKilled.withLock { $0 = true }
                self.signal(SIGKILL)
                // Normally the termination arrives right after; this answer only counts if it never does.
                try? await Task.sleep(for: .seconds(5))
                return Exit(status: SIGKILL, exited: false, killed: true)
            }
            var exit: Exit?
            while exit == nil, let next = await group.next() {
                exit = next
            }
            group.cancelAll()
            return exit ?? Exit(status: SIGKILL, exited: false, killed: true)
        }
        await standardOutput.closed()
        await standardError.closed()
        return exit
    }

    private func ended(status: Int32, exited: Bool) {
        let exit = Exit(status: status, exited: exited, killed: wasKilled.withLock { $0 })
        let waiters = termination.withLock { state in
            state.exit = exit
            defer { state.waiters = [:] }
            return state.waiters
        }
        for waiter in waiters.values { waiter.resume(returning: exit) }
    }

    /// The exit, or nil when the waiting task is cancelled first.
    private func terminated() async -> Exit? {
        let id = UUID()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let exit = termination.withLock { state in
                    if state.exit == nil, !Task.isCancelled { state.waiters[id] = continuation }
                    return state.exit
                }
                if let exit {
                    continuation.resume(returning: exit)
                } else if Task.isCancelled {
                    continuation.resume(returning: nil)
                }
            }
        } onCancel: {
            termination.withLock { $0.waiters.removeValue(forKey: id) }?.resume(returning: nil)
        }
    }

    /// The `.build/debug/billing` executable is missing.
    struct MissingBinary: Error, CustomStringConvertible {
        var description: String { "build the debug binary first: swift build" }
    }

    /// One output stream of the process, collected as it arrives.
    final class Output: Sendable {
        private struct State {
            var data = Data()
            var isClosed = false
            var waiters: [(needle: String?, continuation: CheckedContinuation<Bool, Never>)] = []
        }

        private let state = Mutex(State())

        init(_ pipe: Pipe) {
            let handle = pipe.fileHandleForReading
            // A blocking reader of its own: it sees the end of the stream for certain, where a readability handler
            // can miss it for a process that exits at once.
            Thread.detachNewThread { [self] in
                while true {
                    let chunk = handle.availableData
                    receive(chunk)
                    if chunk.isEmpty { return }
                }
            }
        }

        /// Everything received so far.
        var text: String { state.withLock { String(decoding: $0.data, as: UTF8.self) } }

        /// The non-empty lines received so far.
        var lines: [String] {
            text.split(whereSeparator: \.isNewline).map(String.init)
                .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        }

        /// Waits until `needle` has been received (true) or the stream closed without it (false).
        func contains(_ needle: String) async -> Bool {
            await wait(for: needle)
        }

        /// Waits until the stream is closed (the process and everything it started have let go of it).
        func closed() async {
            _ = await wait(for: nil)
        }

        private func wait(for needle: String?) async -> Bool {
            await withCheckedContinuation { continuation in
                let answer: Bool? = state.withLock { state in
                    if let needle, String(decoding: state.data, as: UTF8.self).contains(needle) { return true }
                    if state.isClosed { return needle == nil }
                    state.waiters.append((needle, continuation))
                    return nil
                }
                if let answer { continuation.resume(returning: answer) }
            }
        }

        private func receive(_ chunk: Data) {
            let ready = state.withLock { state in
                if chunk.isEmpty { state.isClosed = true } else { state.data.append(chunk) }
                let text = String(decoding: state.data, as: UTF8.self)
                var ready: [(CheckedContinuation<Bool, Never>, Bool)] = []
                state.waiters.removeAll { waiter in
                    if let needle = waiter.needle, text.contains(needle) {
                        ready.append((waiter.continuation, true))
                        return true
                    }
                    if state.isClosed {
                        ready.append((waiter.continuation, waiter.needle == nil))
                        return true
                    }
                    return false
                }
                return ready
            }
            for (continuation, answer) in ready { continuation.resume(returning: answer) }
        }
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
