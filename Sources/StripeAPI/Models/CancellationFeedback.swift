/// A customer's reason for cancelling, as offered by the portal's cancellation survey and recorded in
/// `subscription.cancellation_details.feedback`.
public struct CancellationFeedback: StripeEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let customerService: Self = "customer_service"
    public static let lowQuality: Self = "low_quality"
    public static let missingFeatures: Self = "missing_features"
    public static let other: Self = "other"
    public static let switchedService: Self = "switched_service"
    public static let tooComplex: Self = "too_complex"
    public static let tooExpensive: Self = "too_expensive"
    public static let unused: Self = "unused"
}
