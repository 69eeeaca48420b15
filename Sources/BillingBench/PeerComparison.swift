package import Foundation

/// Our webhook route and a peer's measured in the same run: for each round and each connection count, both sides
/// get the same wrk load of freshly signed, distinct events, one after the other, and the side that goes first
/// alternates between rounds, so a machine that gets busier or quieter during the run does not favour either side.
package enum PeerComparison {
    /// Which endpoint a sample measured.
    package enum Side: String, Sendable {
        case ours
        case peer
    }

    /// One wrk run against one side.
    package struct Sample: Sendable {
        package var round: Int
        package var connections: Int
        package var side: Side
        package var eventsPerSecond: Double
        /// wrk's latency percentiles in milliseconds (nil when wrk printed none).
        package var p50: Double?
        package var p99: Double?
        package var requests: Int
        package var non2xx: Int
    }

    /// Runs `rounds` × `connections` × both sides.
    /// - Parameters:
    ///   - events: distinct events prepared per run (more requests than that replay them as duplicates).
    ///   - settle: called after every run and before the next, so background work of the side just measured (our
    ///     event processor) does not run while the other side is measured.
    package static func run(
        wrk: String,
        ours: String,
        peer: String,
        rounds: Int,
        connections: [Int],
        seconds: Int,
        events: Int,
        directory: URL,
        settle: () async throws -> Void
    ) async throws -> [Sample] {
        var samples: [Sample] = []
        // Each run's events are created after the previous run's, so none ties with an event already stored.
        var firstCreated = 1_790_000_000
        for round in 0..<rounds {
            for count in connections {
                let order: [Side] = round % 2 == 0 ? [.ours, .peer] : [.peer, .ours]
                for side in order {
                    // Signed just before the run, so every signature is well inside the five-minute tolerance.
                    let deliveries = WebhookLoad.deliveries(
                        count: events,
                        prefix: "ab\(round)c\(count)\(side)",
                        firstCreated: firstCreated
                    )
                    firstCreated += events
                    let script = try WrkLoad.write(deliveries, to: directory)
                    let result = try await WrkLoad.run(
                        wrk,
                        url: side == .ours ? ours : peer,
                        script: script,
                        connections: count,
                        seconds: seconds
                    )
                    samples.append(
                        Sample(
                            round: round,
                            connections: count,
                            side: side,
                            eventsPerSecond: result.requestsPerSecond,
                            p50: WrkLoad.milliseconds(result.p50),
                            p99: WrkLoad.milliseconds(result.p99),
                            requests: result.requests,
                            non2xx: result.non2xx
                        )
                    )
                    try await settle()
                }
            }
        }
        return samples
    }

    /// The report: one line per run, then per connection count each side's mean events/s and median p50/p99, the
    /// ratio of the means, and the spread of the per-round ratios.
    package static func report(_ samples: [Sample], events: Int) -> [String] {
        var lines: [String] = []
        for sample in samples {
            lines.append(
                String(
                    format: "round %d, %3d connections, %@: %7.0f events/s, p50 %@, p99 %@, %d requests%@",
                    sample.round + 1,
                    sample.connections,
                    sample.side.rawValue.padding(toLength: 4, withPad: " ", startingAt: 0),
                    sample.eventsPerSecond,
                    format(sample.p50),
                    format(sample.p99),
                    sample.requests,
                    sample.non2xx > 0 ? ", \(sample.non2xx) non-2xx" : ""
                )
            )
            if sample.requests > events {
                lines.append("  note: more requests than prepared events; the rest were duplicates (raise --events)")
            }
        }
        var connections: [Int] = []
        for sample in samples where !connections.contains(sample.connections) { connections.append(sample.connections) }
        for count in connections {
            let ours = samples.filter { $0.connections == count && $0.side == .ours }
            let peer = samples.filter { $0.connections == count && $0.side == .peer }
            guard !ours.isEmpty, !peer.isEmpty else { continue }
            let ratios = zip(ours.sorted { $0.round < $1.round }, peer.sorted { $0.round < $1.round })
                .map { $0.eventsPerSecond / max($1.eventsPerSecond, 0.001) }
            let oursMean = mean(ours.map(\.eventsPerSecond))
            let peerMean = mean(peer.map(\.eventsPerSecond))
            lines.append(
                String(
                    format: "%d connections: ours %.0f events/s (p50 %@, p99 %@), peer %.0f events/s "
                        + "(p50 %@, p99 %@): %.2f× (per round %.2f–%.2f×, %d rounds)",
                    count,
                    oursMean,
                    format(median(ours.compactMap(\.p50))),
                    format(median(ours.compactMap(\.p99))),
                    peerMean,
                    format(median(peer.compactMap(\.p50))),
                    format(median(peer.compactMap(\.p99))),
                    oursMean / max(peerMean, 0.001),
                    ratios.min() ?? 0,
                    ratios.max() ?? 0,
                    ratios.count
                )
            )
        }
        return lines
    }

    private static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    private static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    private static func format(_ milliseconds: Double?) -> String {
        milliseconds.map { String(format: "%.2f ms", $0) } ?? "?"
    }
}
