public import ArgumentParser
import Foundation
import StripeAPI

/// `billing bench signatures`: webhook signature verification throughput.
///
/// Verifies a realistic signed event payload (3 KB by default) repeatedly, with one secret and with two secrets where
/// only the second matches (the rotation worst case), and reports verifications per second and time per call.
public struct BenchSignaturesCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "signatures",
        abstract: "Webhook signature verification throughput."
    )

    @Option(help: "Payload size in bytes.")
    var bytes = 3 * 1024

    @Option(help: "Verifications per measured round.")
    var iterations = 100_000

    @Option(help: "Measured rounds (the median is reported).")
    var rounds = 5

    public init() {}

    public func run() async throws {
        let payload = Data(Self.payload(size: bytes).utf8)
        let secret = "whsec_bench_" + String(repeating: "k", count: 32)
        let timestamp = 1_790_000_000
        let header = WebhookSigner(secret: secret).header(for: payload, timestamp: timestamp)
        let now = Date(timeIntervalSince1970: TimeInterval(timestamp + 1))

        let single = try WebhookVerifier(secrets: [secret])
        let rotated = try WebhookVerifier(secrets: ["whsec_old_secret_not_matching", secret])

        print("payload: \(payload.count) bytes, \(iterations) verifications x \(rounds) rounds")
        for (name, verifier) in [("1 secret", single), ("2 secrets (second matches)", rotated)] {
            var perSecond: [Double] = []
            for _ in 0..<rounds {
                let clock = ContinuousClock()
                let elapsed = try clock.measure {
                    for _ in 0..<iterations {
                        try verifier.verify(payload: payload, header: header, now: now)
                    }
                }
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                perSecond.append(Double(iterations) / seconds)
            }
            perSecond.sort()
            let median = perSecond[perSecond.count / 2]
            let line = String(
                format: "%@: median %.0f verifications/s (%.2f µs each; min %.0f, max %.0f)",
                name,
                median,
                1e6 / median,
                perSecond.first!,
                perSecond.last!
            )
            print(line)
        }
    }

    /// A `customer.subscription.updated` event padded with metadata to the requested size.
    static func payload(size: Int) -> String {
        let head = """
            {"id":"evt_bench","object":"event","api_version":"2026-10-28.endive","created":1790000000,\
            "type":"customer.subscription.updated","livemode":false,"pending_webhooks":1,\
            "request":{"id":null,"idempotency_key":null},"data":{"object":{"id":"sub_bench","object":"subscription",\
            "status":"active","customer":"cus_bench","cancel_at_period_end":true,"metadata":{"padding":"
            """
        let tail = "\"}}}}"
        let fill = max(0, size - head.utf8.count - tail.utf8.count)
        return head + String(repeating: "x", count: fill) + tail
    }
}
