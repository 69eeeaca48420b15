public import BillingDatabase
import SQLKit

/// The numbers behind the admin insights page: why customers leave, how often a save offer works, what the
/// win-back mails achieve, and which webhook events are stuck.
public struct RetentionInsights: Sendable, Equatable {
    /// Cancellations with one reason in one week.
    public struct WeeklyReason: Sendable, Equatable {
        /// The week's start, Unix seconds (Monday 00:00 UTC).
        public var weekStart: Int64
        /// The survey reason.
        public var reason: String
        /// How many.
        public var count: Int

        /// Creates a value.
        public init(weekStart: Int64, reason: String, count: Int) {
            self.weekStart = weekStart
            self.reason = reason
            self.count = count
        }
    }

    /// Save offers shown and accepted in one week: the week's save rate.
    public struct WeeklyOffers: Sendable, Equatable {
        /// The week's start, Unix seconds (Monday 00:00 UTC).
        public var weekStart: Int64
        /// Surveys that showed an offer.
        public var shown: Int
        /// Offers the customer accepted.
        public var accepted: Int

        /// Creates a value.
        public init(weekStart: Int64, shown: Int, accepted: Int) {
            self.weekStart = weekStart
            self.shown = shown
            self.accepted = accepted
        }

        /// Accepted over shown, or nil when no offer was shown that week.
        public var saveRate: Double? { shown == 0 ? nil : Double(accepted) / Double(shown) }
    }

    /// A webhook event that failed processing and waits for a retry.
    public typealias FailedEvent = EventLog.FailedEvent

    /// Survey answers of customers who left (offer declined or none), by week and reason, oldest week first.
    public var cancellations: [WeeklyReason]
    /// Surveys that showed a save offer.
    public var offersShown: Int
    /// Offers the customer accepted.
    public var offersAccepted: Int
    /// Win-back mails delivered.
    public var winBackSent: Int
    /// Subscriptions that received a win-back mail and whose customer came back (their later steps were canceled).
    public var reactivatedAfterWinBack: Int
    /// Failed webhook events, newest first.
    public var failedEvents: [FailedEvent]
    /// The latest survey comments with their reasons, newest first (raw text: escape when showing).
    public var recentComments: [(reason: String, comment: String)] = []
    /// Save offers shown and accepted per week (weeks with an offer only), oldest week first.
    public var offersByWeek: [WeeklyOffers] = []

    /// Field-by-field equality (tuples are not `Equatable`).
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.cancellations == rhs.cancellations && lhs.offersShown == rhs.offersShown
            && lhs.offersAccepted == rhs.offersAccepted && lhs.winBackSent == rhs.winBackSent
            && lhs.reactivatedAfterWinBack == rhs.reactivatedAfterWinBack && lhs.failedEvents == rhs.failedEvents
            && lhs.recentComments.elementsEqual(rhs.recentComments) { $0 == $1 }
            && lhs.offersByWeek == rhs.offersByWeek
    }

    /// Accepted over shown, or nil before any offer was shown.
    public var saveRate: Double? { offersShown == 0 ? nil : Double(offersAccepted) / Double(offersShown) }

    /// Reads the insights for the `weeks` weeks up to `now` (Unix milliseconds).
    public static func load(database: any BillingDatabase, now: Int64, weeks: Int = 8) async throws -> Self {
        let week: Int64 = 7 * 86_400
        // 1970-01-01 was a Thursday; shifting by four days puts week starts on Mondays.
        let monday: Int64 = 4 * 86_400
        let currentWeek = (now / 1000 - monday) / week * week + monday
        let since = currentWeek - Int64(weeks - 1) * week
        return try await database.read { sql in
            var buckets: [String: Int] = [:]
            var offers: [Int64: WeeklyOffers] = [:]
            for row in try await sql.raw(
                """
                SELECT outcome, created_at FROM cancellation_surveys \
                WHERE outcome <> 'none' AND created_at >= \(bind: since * 1000)
                """
            ).all() {
                let created = try row.decode(column: "created_at", as: Int64.self) / 1000
                let start = (created - monday) / week * week + monday
                offers[start, default: WeeklyOffers(weekStart: start, shown: 0, accepted: 0)].shown += 1
                if try row.decode(column: "outcome", as: String.self) == "accepted" {
                    offers[start]?.accepted += 1
                }
            }
            for row in try await sql.raw(
                """
                SELECT reason, created_at FROM cancellation_surveys \
                WHERE outcome IN ('none', 'declined', 'offered') AND created_at >= \(bind: since * 1000)
                """
            ).all() {
                let created = try row.decode(column: "created_at", as: Int64.self) / 1000
                let start = (created - monday) / week * week + monday
                buckets["\(start)|\(try row.decode(column: "reason", as: String.self))", default: 0] += 1
            }
            let cancellations = buckets.map { key, count in
                let parts = key.split(separator: "|", maxSplits: 1)
                return WeeklyReason(weekStart: Int64(parts[0]) ?? 0, reason: String(parts[1]), count: count)
            }.sorted { ($0.weekStart, $0.reason) < ($1.weekStart, $1.reason) }
            func count(_ query: SQLQueryString) async throws -> Int {
                try await sql.raw(query).first()?.decode(column: "n", as: Int.self) ?? 0
            }
            let failed = try await EventLog.failedEvents(limit: 50, on: sql)
            let comments = try await sql.raw(
                """
                SELECT reason, comment FROM cancellation_surveys WHERE comment IS NOT NULL \
                ORDER BY created_at DESC LIMIT 20
                """
            ).all().map {
                (
                    reason: try $0.decode(column: "reason", as: String.self),
                    comment: try $0.decode(column: "comment", as: String.self)
                )
            }
            var insights = RetentionInsights(
                cancellations: cancellations,
                offersShown: try await count(
                    "SELECT COUNT(*) AS n FROM cancellation_surveys WHERE outcome <> 'none'"
                ),
                offersAccepted: try await count(
                    "SELECT COUNT(*) AS n FROM cancellation_surveys WHERE outcome = 'accepted'"
                ),
                winBackSent: try await OutboxStore.sentCount(kind: WinBackSequence.stepKind, on: sql),
                reactivatedAfterWinBack: try await OutboxStore.subjectsCanceledAfterSending(
                    kind: WinBackSequence.stepKind,
                    on: sql
                ),
                failedEvents: failed
            )
            insights.recentComments = comments
            insights.offersByWeek = offers.values.sorted { $0.weekStart < $1.weekStart }
            return insights
        }
    }
}
