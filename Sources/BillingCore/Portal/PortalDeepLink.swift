import StripeAPI

/// The deep links a browser may ask for when opening the portal: an allowlist, so a request can never choose
/// arbitrary `flow_data` (the subscription in a flow always comes from the server-side projection).
public enum PortalDeepLink: String, Sendable, CaseIterable {
    /// The portal's home page.
    case home = ""
    /// Add or replace the payment method (offered while a payment is failing).
    case paymentMethodUpdate = "payment_method_update"
    /// Pick another plan.
    case subscriptionUpdate = "subscription_update"
    /// Cancel the subscription.
    case subscriptionCancel = "subscription_cancel"

    /// Parses the form's `flow` field; nil for anything outside the allowlist.
    public init?(formValue: String?) {
        guard let value = formValue, !value.isEmpty else {
            self = .home
            return
        }
        guard let link = Self(rawValue: value), link != .home else { return nil }
        self = link
    }

    /// Whether the link needs a subscription to deep-link into.
    var needsSubscription: Bool {
        switch self {
        case .home, .paymentMethodUpdate: false
        case .subscriptionUpdate, .subscriptionCancel: true
        }
    }
}
