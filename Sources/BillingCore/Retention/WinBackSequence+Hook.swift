public import BillingDatabase
import BillingSupport
public import Foundation
import SQLKit
import StripeAPI

extension WinBackSequence {
    /// The name the win-back sequence is registered under in ``BillingHooks`` (its rows are
    /// `hook:win-back:<fact key>`).
    public static let hookName = "win-back"

    /// Registers the sequence as a handler of cancellation facts: a scheduled cancellation or an ended subscription
    /// enqueues the steps (once per subscription, whatever the order of the facts), and an ended subscription moves
    /// the steps that count from the end to the actual end, so "your plan has ended" follows an immediate
    /// cancellation that replaced a scheduled one instead of waiting for the old period end.
    /// - Parameters:
    ///   - hooks: the registry to add the handler to.
    ///   - database: the billing database.
    ///   - now: the clock.
    public func register(
        in hooks: BillingHooks,
        database: any BillingDatabase,
        now: @escaping @Sendable () -> Date
    ) {
        hooks.register(
            [.cancellationScheduled, .subscriptionCanceled],
            name: Self.hookName,
            handler: .builtIn { fact in
                guard let subscription = fact.subscription?.rawValue else { return }
                let millis = now().unixMilliseconds
                try await database.transaction { sql in
                    let state = try await SubscriptionState.load(subscription, on: sql)
                    if state?.customerCameBack == true { return }
                    try await expand(subscriptionID: subscription, now: millis, on: sql)
                    if fact.kind == .subscriptionCanceled {
                        try await rescheduleEndAnchored(subscriptionID: subscription, now: millis, on: sql)
                    }
                }
            }
        )
    }

    /// Moves the unsent end-anchored steps of `subscriptionID` to the subscription's end as the projection now
    /// shows it; returns how many moved.
    @discardableResult
    func rescheduleEndAnchored(subscriptionID: String, now: Int64, on sql: any SQLDatabase) async throws -> Int {
        let endMillis = try await Self.endMillis(subscriptionID: subscriptionID, now: now, on: sql)
        var moved = 0
        for step in steps where step.anchor == .subscriptionEnded {
            let key = Self.dedupeKey(subscriptionID: subscriptionID, step: step.id)
            if try await OutboxStore.reschedule(key, sendAfter: endMillis + step.delaySeconds * 1000, on: sql) {
                moved += 1
            }
        }
        return moved
    }
}
