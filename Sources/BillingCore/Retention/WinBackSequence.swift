public import SQLKit

/// One mail of the win-back sequence.
public struct WinBackStep: Sendable, Equatable, Hashable {
    /// What the step's delay counts from.
    public enum Anchor: String, Codable, Sendable, Equatable, Hashable {
        /// The moment the cancellation was recorded (scheduled or immediate).
        case cancellationRecorded = "cancellation_recorded"
        /// The moment the subscription ends (`cancel_at`, `ended_at` or the period end).
        case subscriptionEnded = "subscription_ended"
    }

    /// The step id, part of the dedupe key `winback:<subscription>:<id>` and the template name.
    public var id: String
    /// What ``delaySeconds`` counts from.
    public var anchor: Anchor
    /// Seconds after the anchor.
    public var delaySeconds: Int64

    /// Creates a step.
    public init(id: String, anchor: Anchor, delaySeconds: Int64 = 0) {
        self.id = id
        self.anchor = anchor
        self.delaySeconds = delaySeconds
    }
}

/// The configured win-back steps and how they are scheduled.
///
/// The projection transaction enqueues one `subscription-canceled:<sub>` outbox row per subscription (unique key).
/// ``expand(subscriptionID:now:on:)`` turns that row into one `winback:<sub>:<step>` row per step, inside the
/// transaction that marks the trigger row done; the unique keys make duplicated, replayed or reordered events
/// enqueue each step once. ``cancelPending(subscriptionID:now:on:)`` cancels the steps not yet sent when the
/// customer renews or resubscribes.
public struct WinBackSequence: Sendable, Equatable {
    /// The outbox `kind` of the trigger row (``OutboxMessage/subscriptionCanceled(subscription:customer:)``).
    public static let triggerKind = "subscription.canceled"
    /// The outbox `kind` of a step row.
    public static let stepKind = "winback.step"

    /// The steps, in order.
    public var steps: [WinBackStep]

    /// Creates a sequence.
    public init(steps: [WinBackStep]) { self.steps = steps }

    /// "Sorry to see you go" when cancellation is recorded, "your plan has ended" at the end, a come-back offer
    /// 14 days later.
    public static let standard = WinBackSequence(steps: [
        WinBackStep(id: "scheduled", anchor: .cancellationRecorded),
        WinBackStep(id: "ended", anchor: .subscriptionEnded),
        WinBackStep(id: "comeback", anchor: .subscriptionEnded, delaySeconds: 14 * 86_400),
    ])

    /// The dedupe key of one step.
    public static func dedupeKey(subscriptionID: String, step: String) -> String {
        "winback:\(subscriptionID):\(step)"
    }

    /// Enqueues every step for `subscriptionID` (those already enqueued are skipped) and returns how many were new.
    ///
    /// `now` is Unix milliseconds. End-anchored steps use the subscription's end (`ended_at`, `cancel_at`, or the
    /// period end for `cancel_at_period_end`); the sender re-checks the projection before sending.
    @discardableResult
    public func expand(subscriptionID: String, now: Int64, on sql: any SQLDatabase) async throws -> Int {
        let endMillis = try await Self.endMillis(subscriptionID: subscriptionID, now: now, on: sql)
        var inserted = 0
        for step in steps {
            let base = step.anchor == .cancellationRecorded ? now : endMillis
            let message = OutboxMessage(
                dedupeKey: Self.dedupeKey(subscriptionID: subscriptionID, step: step.id),
                kind: Self.stepKind,
                subjectID: subscriptionID,
                payload: WinBackStepPayload(subscription: subscriptionID, step: step.id, anchor: step.anchor)
            )
            let isNew = try await OutboxStore.enqueue(
                message,
                sendAfter: base + step.delaySeconds * 1000,
                sourceEventID: nil,
                now: now,
                on: sql
            )
            if isNew { inserted += 1 }
        }
        return inserted
    }

    /// When the subscription ends or ended (Unix ms, never before `now`): `ended_at`, else `cancel_at`, else the
    /// period end; `now` when the projection does not have it.
    static func endMillis(subscriptionID: String, now: Int64, on sql: any SQLDatabase) async throws -> Int64 {
        let row = try await sql.raw(
            """
            SELECT ended_at, cancel_at, current_period_end, cancel_at_period_end FROM billing_subscriptions \
            WHERE id = \(bind: subscriptionID)
            """
        ).first()
        let endSeconds =
            try row?.decode(column: "ended_at", as: Int64?.self)
            ?? row?.decode(column: "cancel_at", as: Int64?.self)
            ?? row?.decode(column: "current_period_end", as: Int64?.self)
        return endSeconds.map { max($0 * 1000, now) } ?? now
    }

    /// Cancels the unsent steps of `subscriptionID`; returns how many were pending.
    @discardableResult
    public static func cancelPending(subscriptionID: String, now: Int64, on sql: any SQLDatabase) async throws -> Int {
        try await OutboxStore.cancelPending(kind: stepKind, subjectID: subscriptionID, now: now, on: sql)
    }
}
