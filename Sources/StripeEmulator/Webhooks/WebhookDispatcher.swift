import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
public import ServiceLifecycle
import StripeAPI

/// Delivers queued events to webhook endpoints, signed like Stripe's, with retries and exponential backoff.
///
/// A `Service`: it drains the store's queue and runs each delivery (with its retries) as a child task, so
/// graceful shutdown ends it cleanly. Delivery is at-least-once: anything but a 2xx within the timeout is retried
/// after each delay in ``retryDelays``; deliveries to a disabled or deleted endpoint stop.
public struct WebhookDispatcher: Service {
    let queue: WebhookQueue
    let store: EmulatorStore
    let log: DeliveryLog
    let retryDelays: [Duration]
    let timeout: Duration
    let httpClient: HTTPClient
    let logger: Logger

    /// The `User-Agent` Stripe sends with webhooks.
    static let userAgent = "Stripe/1.0 (+https://stripe.com/docs/webhooks)"

    public func run() async throws {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                for await delivery in queue.stream {
                    group.addTask { await deliver(delivery) }
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            queue.finish()
        }
    }

    func deliver(_ delivery: WebhookDelivery) async {
        let signer = WebhookSigner(secret: delivery.secret)
        for attempt in 1...(retryDelays.count + 1) {
            guard await store.endpointIsActive(delivery.endpointID), !Task.isCancelled else { return }
            var request = HTTPClientRequest(url: delivery.url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
            request.headers.add(name: "User-Agent", value: Self.userAgent)
            request.headers.add(
                name: "Stripe-Signature",
                value: signer.header(for: delivery.payload, timestamp: Int(Date().timeIntervalSince1970))
            )
            request.body = .bytes(ByteBuffer(bytes: delivery.payload))
            var status: Int?
            var failure: String?
            do {
                let response = try await httpClient.execute(request, timeout: .nanoseconds(timeout.nanosecondsValue))
                status = Int(response.status.code)
                _ = try? await response.body.collect(upTo: 1 << 20)
                if !(200..<300).contains(Int(response.status.code)) { failure = "HTTP \(response.status.code)" }
            } catch {
                failure = String(describing: error)
            }
            let succeeded = failure == nil
            await log.record(
                DeliveryLog.Attempt(
                    eventID: delivery.eventID,
                    eventType: delivery.eventType,
                    endpointID: delivery.endpointID,
                    url: delivery.url,
                    attempt: attempt,
                    status: status,
                    error: failure,
                    succeeded: succeeded,
                    at: Int(Date().timeIntervalSince1970)
                )
            )
            if succeeded {
                await store.markDelivered(eventID: delivery.eventID)
                return
            }
            logger.debug(
                "webhook delivery failed",
                metadata: [
                    "stripe.event_id": "\(delivery.eventID)", "attempt": "\(attempt)", "error": "\(failure ?? "")",
                ]
            )
            guard attempt <= retryDelays.count else { break }
            do {
                try await Task.sleep(for: retryDelays[attempt - 1])
            } catch {
                return
            }
        }
        logger.notice(
            "webhook delivery gave up",
            metadata: ["stripe.event_id": "\(delivery.eventID)", "endpoint": "\(delivery.endpointID)"]
        )
    }
}

extension Duration {
    var nanosecondsValue: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
