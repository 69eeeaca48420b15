package import Foundation

/// Drives the throughput phase with `wrk` (Debian's `wrk`), replaying pre-signed deliveries from a file through a
/// Lua script, so a C client in its own process generates the load instead of this one.
package enum WrkLoad {
    /// What wrk reported.
    package struct Result {
        package var requests: Int
        package var requestsPerSecond: Double
        package var non2xx: Int
        package var p50: String
        package var p99: String
        /// The slowest request ("12.34ms").
        package var max: String
    }

    /// The `wrk` on the PATH, if any.
    package static func executable() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/wrk" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Writes the deliveries (one `signature<TAB>body` line each; bodies are single-line JSON) and the script that
    /// gives each wrk thread every n-th of them; returns the script's path.
    ///
    /// With `pauseMilliseconds` each connection waits that long after every response before its next request
    /// (wrk's `delay()`), which paces the load: `c` connections pausing `p` ms send about `c / (p + latency)`
    /// requests per millisecond. wrk itself has no fixed-rate mode, so the achieved rate is reported, not assumed.
    package static func write(
        _ deliveries: [(Data, String)],
        to directory: URL,
        name: String = "webhooks",
        pauseMilliseconds: Int? = nil
    ) throws -> String {
        let data = directory.appendingPathComponent("wrk-\(name).txt")
        var lines = Data()
        for (body, signature) in deliveries {
            lines.append(Data(signature.utf8))
            lines.append(0x09)
            lines.append(body)
            lines.append(0x0A)
        }
        try lines.write(to: data)
        let script = directory.appendingPathComponent("wrk-\(name).lua")
        let pause = pauseMilliseconds.map { "function delay()\n  return \($0)\nend\n" } ?? ""
        try """
        -- Each thread replays its share of the pre-signed deliveries; after the last it starts again (duplicates).
        local counter = 0
        function setup(thread)
          thread:set("id", counter)
          counter = counter + 1
        end
        function init(args)
          local threads = tonumber(args[1])
          requests = {}
          local line_number = 0
          for line in io.lines("\(data.path)") do
            if line_number % threads == id then
              local tab = line:find("\\t", 1, true)
              requests[#requests + 1] = wrk.format("POST", nil, {
                ["Content-Type"] = "application/json",
                ["Stripe-Signature"] = line:sub(1, tab - 1),
              }, line:sub(tab + 1))
            end
            line_number = line_number + 1
          end
          next_request = 0
        end
        function request()
          next_request = next_request % #requests + 1
          return requests[next_request]
        end
        \(pause)
        """.write(to: script, atomically: true, encoding: .utf8)
        return script.path
    }

    /// Runs wrk with two threads against `url` and parses its summary. Waits for the process without blocking a
    /// thread of the concurrency pool (the application under test runs on it).
    package static func run(_ wrk: String, url: String, script: String, connections: Int, seconds: Int) async throws
        -> Result
    {
        let threads = 2
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrk)
        process.arguments = [
            "-t\(threads)", "-c\(max(connections, threads))", "-d\(seconds)s", "--latency", "-s", script, url, "--",
            "\(threads)",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard status == 0 else { throw BenchmarkError("wrk exited with \(status): \(text)") }
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        func field(_ prefix: String) -> String? {
            lines.first { $0.hasPrefix(prefix) }.map { $0.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces) }
        }
        // "180000 requests in 3.00s, 20.60MB read"
        let total = lines.first { $0.contains(" requests in ") }?.split(separator: " ").first.flatMap { Int($0) }
        guard let perSecond = field("Requests/sec:").flatMap(Double.init), let requests = total else {
            throw BenchmarkError("could not read wrk's summary: \(text)")
        }
        return Result(
            requests: requests,
            requestsPerSecond: perSecond,
            non2xx: field("Non-2xx or 3xx responses:").flatMap { Int($0) } ?? 0,
            p50: field("50%") ?? "?",
            p99: field("99%") ?? "?",
            // "Latency   850.00us  120.00us   4.00ms   90.00%": average, deviation, maximum, share within one deviation.
            max: field("Latency").map { $0.split(separator: " ").filter { !$0.isEmpty } }.flatMap {
                $0.count >= 3 ? String($0[2]) : nil
            } ?? "?"
        )
    }

    /// A wrk duration ("850.00us", "1.23ms", "1.02s", "2.00m") in milliseconds; nil when it is not one.
    package static func milliseconds(_ text: String) -> Double? {
        for (unit, factor) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0), ("m", 60_000.0)] where text.hasSuffix(unit) {
            return Double(text.dropLast(unit.count)).map { $0 * factor }
        }
        return nil
    }
}
