/// The built-in starting points a file can name with `extends:`; each is laid over ``defaults``.
public enum PortalConfigPresets {
    /// Preset names, for `extends:` and error messages.
    public static var names: [String] { presets.map(\.name) }

    /// The YAML text of a preset, nil for an unknown name.
    public static func text(of name: String) -> String? {
        presets.first { $0.name == name }?.text
    }

    private static let presets: [(name: String, text: String)] = [
        ("self-serve", selfServe),
        ("support-gated", supportGated),
    ]

    /// Everything off except what Stripe's own fresh configuration turns on; every key has a value here, so a
    /// file only states what differs.
    static let defaults = """
        name: swift-billing-portal
        business_profile:
          headline: null
          privacy_policy_url: null
          terms_of_service_url: null
        default_return_url: null
        features:
          customer_update:
            enabled: false
            allowed_updates: []
          invoice_history:
            enabled: false
          payment_method_update:
            enabled: false
          subscription_cancel:
            enabled: false
            mode: at_period_end
            proration_behavior: none
            cancellation_reason:
              enabled: false
              options: []
          subscription_update:
            enabled: false
            default_allowed_updates: []
            prices: []
            proration_behavior: none
            schedule_at_period_end: []
          subscription_pause:
            enabled: false
        app:
          support_contact: null
        branding:
          business_name: null
          logo_url: null
          icon_url: null
          brand_color: null
          accent_color: null
          button_style: null
        """

    /// Customers do everything themselves: details, cards, invoices, plan changes (downgrades at period end),
    /// cancellation at period end with a reason survey. A file adds `features.subscription_update.prices`.
    static let selfServe = """
        features:
          customer_update:
            enabled: true
            allowed_updates: [email, address, name, tax_id]
          invoice_history:
            enabled: true
          payment_method_update:
            enabled: true
          subscription_cancel:
            enabled: true
            mode: at_period_end
            proration_behavior: none
            cancellation_reason:
              enabled: true
              options: [too_expensive, missing_features, switched_service, unused, other]
          subscription_update:
            enabled: true
            default_allowed_updates: [price]
            proration_behavior: create_prorations
            schedule_at_period_end: [decreasing_item_amount, shortening_interval]
        """

    /// The common configuration: cards, invoices and billing details are self-serve; plan changes and
    /// cancellations go through support (the billing page shows "Contact support", a chance to save the
    /// customer). A file adds `app.support_contact`.
    static let supportGated = """
        features:
          customer_update:
            enabled: true
            allowed_updates: [email, address, tax_id]
          invoice_history:
            enabled: true
          payment_method_update:
            enabled: true
          subscription_cancel:
            enabled: false
          subscription_update:
            enabled: false
        """
}
