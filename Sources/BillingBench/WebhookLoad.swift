package import Foundation
import StripeAPI

/// Signed webhook deliveries and the two load shapes of `billing bench webhooks`, independent of where the deliveries
/// go (the real HTTP route or the intake function).
package struct WebhookLoad: Sendable {
    /// Delivers one signed body; throws when the delivery was not acknowledged.
    package typealias Deliver = @Sendable (_ body: Data, _ signature: String) async throws -> Void

    /// The signing secret the benchmark's application is configured with.
    package static let secret = "whsec_bench_secret"

    /// What a closed-loop run measured.
    package struct Throughput {
        package var events: Int
        package var seconds: Double
        package var latencies: [Double]

        package var eventsPerSecond: Double { Double(events) / seconds }
    }

    /// `concurrency` workers each deliver their share back to back (closed loop): the sustainable intake rate.
    package static func closedLoop(
        _ deliveries: [(Data, String)],
        concurrency: Int,
        deliver: @escaping Deliver
    ) async throws -> Throughput {
        let clock = ContinuousClock()
        let start = clock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var local: [Double] = []
                    for index in stride(from: worker, to: deliveries.count, by: concurrency) {
                        let (body, signature) = deliveries[index]
                        let began = clock.now
                        try await deliver(body, signature)
                        local.append(milliseconds(clock.now - began))
                    }
                    return local
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        return Throughput(
            events: deliveries.count,
            seconds: milliseconds(clock.now - start) / 1000,
            latencies: latencies
        )
    }

    /// What an open-loop run measured, per delivery.
    package struct Arrivals {
        /// From sending to the answer.
        package var latencies: [Double]
        /// How late the driver sent each delivery against its schedule (timer slack and CPU contention on the
        /// load generator, not the intake).
        package var lateness: [Double]
    }

    /// Deliveries start on a fixed schedule of `rate` per second whatever the answers do (open loop), so a slow
    /// answer cannot hide later ones from the latency figures (no coordinated omission).
    package static func openLoop(
        _ deliveries: [(Data, String)],
        rate: Int,
        deliver: @escaping Deliver
    ) async throws -> Arrivals {
        let clock = ContinuousClock()
        let pairs = try await withThrowingTaskGroup(of: (Double, Double).self) { group in
            let start = clock.now
            for (index, (body, signature)) in deliveries.enumerated() {
                let due = start + .microseconds(Int64(index) * 1_000_000 / Int64(rate))
                try await clock.sleep(until: due)
                group.addTask {
                    let sent = clock.now
                    try await deliver(body, signature)
                    return (milliseconds(clock.now - sent), milliseconds(sent - due))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        return Arrivals(latencies: pairs.map(\.0), lateness: pairs.map(\.1))
    }

    /// Realistic signed `customer.subscription.updated` deliveries over 500 subscriptions, each about 1.3 KB.
    ///
    /// Event `index` is created at `firstCreated + index`, so no two events of a subscription tie (a tie would make
    /// the processor re-fetch from Stripe). Sets sent to the same database must not overlap in `created`: start the
    /// next one at least `count` later.
    package static func deliveries(count: Int, prefix: String, firstCreated: Int = 1_790_000_000) -> [(Data, String)] {
        let signer = WebhookSigner(secret: secret)
        let now = Date()
        return (0..<count).map { index in
            let body = Data(
                event(id: "evt_\(prefix)_\(index)", subscription: "sub_\(index % 500)", created: firstCreated + index)
                    .utf8
            )
            return (body, signer.header(for: body, at: now))
        }
    }

    private static func event(id: String, subscription: String, created: Int) -> String {
        """
        {"id":"\(id)","object":"event","api_version":"2026-10-28.endive","created":\(created),\
        "type":"customer.subscription.updated","livemode":false,"pending_webhooks":1,\
        "request":{"id":"req_bench","idempotency_key":"idem-\(id)"},"data":{"object":{"id":"\(subscription)",\
        "object":"subscription","customer":"cus_\(subscription.dropFirst(4))","status":"active","livemode":false,\
        "created":1780000000,"start_date":1780000000,"currency":"usd","collection_method":"charge_automatically",\
        "billing_cycle_anchor":1780000000,"cancel_at_period_end":\(created % 7 == 0),"cancel_at":null,\
        "canceled_at":null,"ended_at":null,"trial_start":null,"trial_end":null,"pause_collection":null,\
        "cancellation_details":{"comment":null,"feedback":null,"reason":null},"default_payment_method":"pm_1",\
        "latest_invoice":"in_\(created)","metadata":{},"items":{"object":"list","has_more":false,\
        "url":"/v1/subscription_items?subscription=\(subscription)","data":[{"id":"si_\(subscription.dropFirst(4))",\
        "object":"subscription_item","quantity":1,"created":1780000000,"current_period_start":1789000000,\
        "current_period_end":1791592000,"subscription":"\(subscription)","price":{"id":"price_pro_monthly",\
        "object":"price","product":"prod_pro","lookup_key":"pro_monthly","currency":"usd","unit_amount":1900,\
        "type":"recurring","recurring":{"interval":"month","interval_count":1}}}]}},\
        "previous_attributes":{"cancel_at_period_end":false}}}
        """
    }

    package static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    /// The nearest-rank percentile (`p` in 0...1).
    package static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.down)))]
    }
}
