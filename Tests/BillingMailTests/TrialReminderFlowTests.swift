import BillingCore
import BillingDatabase
import BillingMail
import BillingTestSupport
import Foundation
import SQLKit
import Testing

/// The "your trial ends in 3 days" mail, fed by real `customer.subscription.trial_will_end` events through the event
/// log and the event processor.
@Suite struct TrialReminderFlowTests {
    let flow = WinBackEventFlowTests()
    let trialEnd = 1_780_300_000
    /// When Stripe sends `trial_will_end`: three days before the trial ends.
    var reminderTime: Int { trialEnd - 3 * 86_400 }

    func trialing(trialEnd: Int? = nil) -> SubscriptionFixture {
        var subscription = SubscriptionFixture(id: "sub_1", customer: "cus_1")
        subscription.status = "trialing"
        subscription.trialEnd = trialEnd ?? self.trialEnd
        return subscription
    }

    func willEnd(id: String, created: Int, _ subscription: SubscriptionFixture) -> Data {
        flow.factory.subscriptionEvent(
            id: id,
            type: "customer.subscription.trial_will_end",
            created: created,
            subscription: subscription
        )
    }

    func reminderKeys(_ database: any BillingDatabase) async throws -> [String] {
        try await OutboxStore(database: database).allMessages().filter { $0.kind == OutboxMessage.trialEndingKind }
            .map(\.dedupeKey)
    }

    @Test func duplicatedTrialWillEndEventsSendOneReminder() async throws {
        try await flow.withCustomer { database in
            let event = willEnd(id: "evt_1", created: reminderTime, trialing())
            // Stripe redelivers, and an update of the same trial arrives too (same trial end, new event id).
            let again = willEnd(id: "evt_2", created: reminderTime + 1, trialing())
            for body in [event, again, event] {
                try await flow.record(body, in: database)
                try await flow.process(database)
            }
            let transport = RecordingTransport()
            let mailer = try flow.mailer(database, transport)
            for now in [reminderTime, reminderTime + 60, reminderTime + 3_600] {
                _ = try await mailer.drainOnce(now: Int64(now) * 1000)
            }
            #expect(try await reminderKeys(database) == ["trial-ending:sub_1:\(trialEnd)"])
            #expect(transport.sent.map(\.subject) == ["Your trial ends in 3 days"])
            #expect(transport.sent.first?.to.map(\.address) == ["ada@example.com"])
            #expect(transport.sent.first?.text.contains("https://acme.test/billing") == true)
        }
    }

    @Test func aSubscriptionNoLongerTrialingGetsNoReminder() async throws {
        try await flow.withCustomer { database in
            try await flow.record(willEnd(id: "evt_1", created: reminderTime, trialing()), in: database)
            var paid = trialing()
            paid.status = "active"
            // The customer paid early: the update is processed before the mailer gets to the reminder.
            try await flow.record(
                flow.factory.subscriptionEvent(id: "evt_2", created: reminderTime + 10, subscription: paid),
                in: database
            )
            try await flow.process(database)
            let transport = RecordingTransport()
            let report = try await flow.mailer(database, transport).drainOnce(now: Int64(reminderTime + 20) * 1000)
            #expect(report.canceled == 1)
            #expect(transport.sent.isEmpty)
            let stored = try await OutboxStore(database: database).allMessages()
                .filter { $0.kind == OutboxMessage.trialEndingKind }
            #expect(stored.count == 1)
            #expect(stored.first?.canceledAt != nil)
            #expect(stored.first?.sentAt == nil)
        }
    }

    @Test func anExtendedTrialIsRemindedOfItsNewEndOnly() async throws {
        try await flow.withCustomer { database in
            let extendedEnd = trialEnd + 7 * 86_400
            try await flow.record(willEnd(id: "evt_1", created: reminderTime, trialing()), in: database)
            try await flow.record(
                flow.factory.subscriptionEvent(
                    id: "evt_2",
                    created: reminderTime + 10,
                    subscription: trialing(trialEnd: extendedEnd)
                ),
                in: database
            )
            try await flow.process(database)
            let transport = RecordingTransport()
            let mailer = try flow.mailer(database, transport)
            _ = try await mailer.drainOnce(now: Int64(reminderTime + 20) * 1000)
            #expect(transport.sent.isEmpty)
            try await flow.record(
                willEnd(id: "evt_3", created: extendedEnd - 3 * 86_400, trialing(trialEnd: extendedEnd)),
                in: database
            )
            try await flow.process(database)
            _ = try await mailer.drainOnce(now: Int64(extendedEnd - 3 * 86_400) * 1000)
            #expect(transport.sent.map(\.subject) == ["Your trial ends in 3 days"])
            #expect(
                try await reminderKeys(database).sorted()
                    == ["trial-ending:sub_1:\(extendedEnd)", "trial-ending:sub_1:\(trialEnd)"].sorted()
            )
        }
    }
}
