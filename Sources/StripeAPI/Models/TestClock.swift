public import Foundation

/// A test clock (`clock_…`, object `test_helpers.test_clock`): simulated time for test-mode customers and their
/// subscriptions. Advancing is asynchronous; poll until ``status`` is `ready`.
public struct TestClock: StripeIdentifiable, Equatable {
    public var id: TestClockID
    /// The clock's current simulated time.
    public var frozenTime: Date
    public var status: Status
    /// While advancing, the time being advanced to.
    public var statusDetails: StatusDetails?
    public var name: String?
    /// When Stripe deletes the clock and everything attached to it.
    public var deletesAfter: Date?
    /// When it was created.
    public var created: Date?
    /// Always false.
    public var livemode: Bool

    /// A clock's state.
    public struct Status: StripeEnum {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let ready: Self = "ready"
        public static let advancing: Self = "advancing"
        public static let internalFailure: Self = "internal_failure"
    }

    /// Details of an advance in progress.
    public struct StatusDetails: Codable, Sendable, Equatable {
        public var advancing: Advancing?

        /// The target of an advance.
        public struct Advancing: Codable, Sendable, Equatable {
            public var targetFrozenTime: Date

            enum CodingKeys: String, CodingKey {
                case targetFrozenTime = "target_frozen_time"
            }
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, status, name, created, livemode
        case frozenTime = "frozen_time"
        case statusDetails = "status_details"
        case deletesAfter = "deletes_after"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(TestClockID.self, forKey: .id)
        frozenTime = try c.decode(Date.self, forKey: .frozenTime)
        status = try c.decode(Status.self, forKey: .status)
        statusDetails = try c.decodeIfPresent(StatusDetails.self, forKey: .statusDetails)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        deletesAfter = try c.decodeIfPresent(Date.self, forKey: .deletesAfter)
        created = try c.decodeIfPresent(Date.self, forKey: .created)
        livemode = try c.decodeIfPresent(Bool.self, forKey: .livemode) ?? false
    }
}
