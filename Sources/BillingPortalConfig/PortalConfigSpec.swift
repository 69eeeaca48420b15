public import StripeAPI

/// The customer-portal configuration declared in a file (`billing.portalConfigFile`), after presets are applied.
///
/// It covers every portal feature plus the app-side settings that follow from it. Prices are named by lookup key;
/// ``PortalConfigPlanner`` resolves them in Stripe before anything is written. Load one with
/// ``PortalConfigSpec/load(contentsOf:)`` or ``PortalConfigSpec/parse(_:source:)``.
public struct PortalConfigSpec: Sendable, Equatable {
    /// The preset this file extends (`self-serve`, `support-gated`), if any.
    public var extends: String?
    /// The configuration's name in Stripe, also how `apply` finds it again.
    public var name: String
    /// Business links shown in the portal.
    public var businessProfile: BusinessProfile
    /// Where the portal's return link goes when a session names no `return_url`.
    public var defaultReturnURL: String?
    /// The portal features.
    public var features: Features
    /// App-side settings: the support address shown where an action goes through support.
    public var app: AppSettings
    /// The account's look in the hosted portal and Checkout (not part of the portal configuration in Stripe).
    public var branding: Branding = Branding()

    /// `business_profile`.
    public struct BusinessProfile: Sendable, Equatable {
        /// Up to 60 characters above the portal.
        public var headline: String?
        /// A link to the privacy policy.
        public var privacyPolicyURL: String?
        /// A link to the terms of service.
        public var termsOfServiceURL: String?
    }

    /// `features`.
    public struct Features: Sendable, Equatable {
        /// Customers edit their own details.
        public var customerUpdate: CustomerUpdate
        /// Customers see past invoices.
        public var invoiceHistory: Bool
        /// Customers add, replace and remove cards.
        public var paymentMethodUpdate: Bool
        /// Customers cancel.
        public var subscriptionCancel: SubscriptionCancel
        /// Customers switch plans.
        public var subscriptionUpdate: SubscriptionUpdate
        /// Customers pause.
        public var subscriptionPause: Bool
    }

    /// `features.customer_update`.
    public struct CustomerUpdate: Sendable, Equatable {
        /// Whether the feature is on.
        public var enabled: Bool
        /// `address`, `email`, `name`, `phone`, `shipping`, `tax_id`.
        public var allowedUpdates: [PortalConfiguration.CustomerUpdate.CustomerField]
    }

    /// `features.subscription_cancel`.
    public struct SubscriptionCancel: Sendable, Equatable {
        /// Whether customers can cancel in the portal (otherwise: through support).
        public var enabled: Bool
        /// `at_period_end` or `immediately`.
        public var mode: PortalConfiguration.SubscriptionCancel.Mode
        /// `none`, or `create_prorations` with `immediately`.
        public var prorationBehavior: ProrationBehavior
        /// Whether the portal asks for a reason.
        public var reasonsEnabled: Bool
        /// The reasons offered.
        public var reasons: [CancellationFeedback]
    }

    /// `features.subscription_update`.
    public struct SubscriptionUpdate: Sendable, Equatable {
        /// Whether customers can switch plans in the portal (otherwise: through support).
        public var enabled: Bool
        /// `price`, `quantity`, `promotion_code`.
        public var defaultAllowedUpdates: [PortalConfiguration.SubscriptionUpdate.AllowedUpdate]
        /// Lookup keys of the prices customers may switch between; grouped by product when applied.
        public var prices: [String]
        /// `none`, `create_prorations` or `always_invoice`.
        public var prorationBehavior: ProrationBehavior
        /// Changes deferred to the period end: `decreasing_item_amount`, `shortening_interval`.
        public var scheduleAtPeriodEnd: [PortalConfiguration.SubscriptionUpdate.ScheduleAtPeriodEnd.ConditionType]
    }

    /// `branding`: what the hosted pages look like.
    ///
    /// Stripe keeps these in the Dashboard (Settings → Branding), not in the API: `apply` sets them on the
    /// emulator and, against real Stripe, prints them for the operator to enter there. The headline and the
    /// policy links are in ``BusinessProfile`` because Stripe's portal configuration does have those.
    public struct Branding: Sendable, Equatable {
        /// The name shown beside the logo and in "Return to …".
        public var businessName: String?
        /// A logo image (https; http only on localhost), shown instead of the name's initial.
        public var logoURL: String?
        /// A square icon image (https; http only on localhost), also the page's favicon.
        public var iconURL: String?
        /// `#RRGGBB`, the background of the business panel.
        public var brandColor: String?
        /// `#RRGGBB`, buttons and links.
        public var accentColor: String?
        /// The corners of buttons.
        public var buttonStyle: ButtonStyle?

        /// Creates branding; every field is optional.
        public init(
            businessName: String? = nil,
            logoURL: String? = nil,
            iconURL: String? = nil,
            brandColor: String? = nil,
            accentColor: String? = nil,
            buttonStyle: ButtonStyle? = nil
        ) {
            self.businessName = businessName
            self.logoURL = logoURL
            self.iconURL = iconURL
            self.brandColor = brandColor
            self.accentColor = accentColor
            self.buttonStyle = buttonStyle
        }

        /// Whether the file sets no branding at all (then `apply` leaves branding alone).
        public var isEmpty: Bool { self == Branding() }

        /// The set fields as (file key, value), in file order.
        public var entries: [(key: String, value: String)] {
            [
                ("business_name", businessName), ("logo_url", logoURL), ("icon_url", iconURL),
                ("brand_color", brandColor), ("accent_color", accentColor), ("button_style", buttonStyle?.rawValue),
            ].compactMap { key, value in value.map { (key, $0) } }
        }
    }

    /// `branding.button_style`.
    public enum ButtonStyle: String, Sendable, CaseIterable {
        /// Slightly rounded corners (Stripe's default).
        case rounded
        /// Square corners.
        case square
        /// Fully rounded ends.
        case pill
    }

    /// Settings for the app's own billing page, which follow from the features.
    public struct AppSettings: Sendable, Equatable {
        /// Where "Contact support" points (an email address or an https URL).
        public var supportContact: String?
    }

    /// A billing-page action that the portal may or may not offer.
    public enum BillingAction: String, Sendable, CaseIterable {
        /// Cancelling the subscription.
        case cancel
        /// Switching plans.
        case changePlan = "change_plan"
        /// Updating the card.
        case updatePaymentMethod = "update_payment_method"
        /// Pausing.
        case pause
    }

    /// The actions the billing page shows as "Contact support" because the portal does not offer them.
    public var supportGatedActions: [BillingAction] {
        var actions: [BillingAction] = []
        if !features.subscriptionCancel.enabled { actions.append(.cancel) }
        if !features.subscriptionUpdate.enabled { actions.append(.changePlan) }
        if !features.paymentMethodUpdate { actions.append(.updatePaymentMethod) }
        if !features.subscriptionPause { actions.append(.pause) }
        return actions
    }

    /// Whether the billing page should show "Contact support" instead of `action`.
    public func isSupportGated(_ action: BillingAction) -> Bool {
        supportGatedActions.contains(action)
    }
}
