public import StripeAPI

/// A cancellation reason: Stripe's `cancellation_details.feedback` values by default, or the app's own.
public struct CancellationReason: Sendable, Hashable, Codable {
    /// The stored value, such as `too_expensive`.
    public var value: String
    /// The label shown in the survey.
    public var label: String

    /// Creates a reason.
    public init(_ value: String, label: String) {
        self.value = value
        self.label = label
    }

    /// Stripe's eight `cancellation_details.feedback` values, in the order Stripe's portal shows them.
    public static let stripeDefaults: [CancellationReason] = [
        CancellationReason("too_expensive", label: "It's too expensive"),
        CancellationReason("missing_features", label: "Some features are missing"),
        CancellationReason("switched_service", label: "I'm switching to a different service"),
        CancellationReason("unused", label: "I don't use the service enough"),
        CancellationReason("customer_service", label: "Customer service was less than expected"),
        CancellationReason("too_complex", label: "Ease of use was less than expected"),
        CancellationReason("low_quality", label: "Quality was less than expected"),
        CancellationReason("other", label: "Other reason"),
    ]
}

/// What the app offers instead of cancelling, per reason.
public enum SaveOffer: Sendable, Hashable {
    /// A coupon, sent through the portal's cancel flow as `retention.coupon_offer`.
    case coupon(CouponID)
    /// A plan switch through the portal's `subscription_update` flow.
    case planSwitch
    /// Pausing collection instead of cancelling (only when pausing is enabled).
    case pause
    /// A support contact; showing it records the save attempt.
    case talkToUs

    /// The stored form: `coupon:<id>`, `plan_switch`, `pause`, `talk_to_us`.
    public var storedValue: String {
        switch self {
        case .coupon(let coupon): "coupon:\(coupon)"
        case .planSwitch: "plan_switch"
        case .pause: "pause"
        case .talkToUs: "talk_to_us"
        }
    }

    /// Parses ``storedValue``.
    public init?(storedValue: String) {
        switch storedValue {
        case "plan_switch": self = .planSwitch
        case "pause": self = .pause
        case "talk_to_us": self = .talkToUs
        default:
            guard storedValue.hasPrefix("coupon:"), storedValue.count > 7 else { return nil }
            self = .coupon(CouponID(String(storedValue.dropFirst(7))))
        }
    }
}

/// The cancellation survey's settings: whether it is shown, its reasons, and the save offer per reason.
public struct RetentionPolicy: Sendable, Equatable {
    /// Whether "Cancel subscription" opens the survey; when off it deep-links straight to the portal's cancel flow.
    public var surveyEnabled: Bool
    /// The reasons offered, in order.
    public var reasons: [CancellationReason]
    /// The save offer per reason value; reasons without one go straight to the cancel flow.
    public var offers: [String: SaveOffer]
    /// Whether ``SaveOffer/pause`` may be offered.
    public var pauseEnabled: Bool
    /// The longest comment kept, in characters.
    public var maxCommentLength: Int

    /// Creates a policy.
    public init(
        surveyEnabled: Bool = true,
        reasons: [CancellationReason] = CancellationReason.stripeDefaults,
        offers: [String: SaveOffer] = [:],
        pauseEnabled: Bool = false,
        maxCommentLength: Int = 2000
    ) {
        self.surveyEnabled = surveyEnabled
        self.reasons = reasons
        self.offers = offers
        self.pauseEnabled = pauseEnabled
        self.maxCommentLength = maxCommentLength
    }

    /// The configured reason with `value`, or `nil` when the form sent something else.
    public func reason(_ value: String) -> CancellationReason? {
        reasons.first { $0.value == value }
    }

    /// The offer for `reason`; a pause offer counts only when pausing is enabled.
    public func offer(for reason: CancellationReason) -> SaveOffer? {
        guard let offer = offers[reason.value] else { return nil }
        if offer == .pause, !pauseEnabled { return nil }
        return offer
    }
}
