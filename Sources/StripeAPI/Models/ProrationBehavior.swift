/// How Stripe handles the unused or extra time when a subscription changes mid-period.
public struct ProrationBehavior: StripeEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Adds proration items to the next invoice (Stripe's default for subscription updates).
    public static let createProrations: Self = "create_prorations"
    /// Prorates and invoices immediately.
    public static let alwaysInvoice: Self = "always_invoice"
    /// No proration.
    public static let none: Self = "none"
}
