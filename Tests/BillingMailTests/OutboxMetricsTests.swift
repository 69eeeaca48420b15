import BillingCore
import BillingDatabase
import BillingMail
import BillingTestSupport
import Foundation
import Metrics
import Prometheus
import SQLKit
import Testing

/// The running mailer counts what it sends in `billing_outbox_messages_total`, and the backlog monitor reports due
/// rows in `billing_outbox_backlog`, as a Prometheus scrape shows them.
@Suite struct OutboxMetricsTests {
    static func emitted(_ registry: PrometheusCollectorRegistry) -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    @Test func aSentMailMovesTheSentCounterAndTheBacklogFallsToZero() async throws {
        let registry = PrometheusCollectorRegistry()
        try await withMetricsFactory(PrometheusMetricsFactory(registry: registry)) {
            try await TestDatabase.with(.sqlite) { database in
                let now = Date().unixMillisecondsForTest
                let helper = OutboxMailerTests()
                try await database.transaction { sql in
                    try await helper.customer(on: sql)
                    try await helper.subscription("sub_m", cancelAtPeriodEnd: true, on: sql)
                    try await helper.enqueueCanceled("sub_m", now: now, on: sql)
                }
                let monitor = OutboxBacklogMonitor(database: database, logger: TestDatabase.logger)
                let seen = try await monitor.refresh()
                #expect(Self.emitted(registry).contains(#"billing_outbox_backlog{kind="subscription.canceled"} 1"#))

                let transport = RecordingTransport()
                let mailer = OutboxMailer(
                    configuration: .init(
                        from: try MailAddress("billing@acme.test"),
                        billingURL: "https://notes.acme.test/settings/billing",
                        pollInterval: .milliseconds(20)
                    ),
                    database: database,
                    transport: transport,
                    logger: TestDatabase.logger
                )
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await mailer.run() }
                    // The counter moves once the pass that sent the mail returns; bounded, for a loaded machine.
                    let sentLine = #"billing_outbox_messages_total{sender="mail",outcome="sent"}"#
                    for _ in 0..<1000 where !Self.emitted(registry).contains(sentLine) {
                        try await Task.sleep(for: .milliseconds(20))
                    }
                    group.cancelAll()
                }
                #expect(transport.sent.map(\.subject) == ["Sorry to see you go"])
                let text = Self.emitted(registry)
                #expect(text.contains(#"billing_outbox_messages_total{sender="mail",outcome="sent"} 1"#))

                try await monitor.refresh(previouslySeen: seen)
                #expect(Self.emitted(registry).contains(#"billing_outbox_backlog{kind="subscription.canceled"} 0"#))
            }
        }
    }
}

extension Date {
    fileprivate var unixMillisecondsForTest: Int64 { Int64(timeIntervalSince1970 * 1000) }
}
