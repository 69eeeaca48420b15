import BillingCore
import Foundation
import StripeAPI

/// Everything the billing template shows, already in words; Mustache escapes every field (`{{x}}`).
struct BillingPageModel: Sendable {
    struct Action: Sendable {
        var label: String
        var flow: String
        var style: String
        /// A page to link to instead of posting to the portal endpoint (the cancellation survey).
        var href: String? = nil
    }

    struct Plan: Sendable {
        var price: String
        var name: String
        var amount: String
        var intervalLabel: String
        var lookupKey: String
        var trialText: String?
        var buttonLabel: String
        var checkoutPath: String
        var csrfToken: String
    }

    struct Invoice: Sendable {
        var date: String
        var amount: String
        var status: String
        var statusTone: String
        var url: String
        var hasURL: Bool
    }

    var accountName: String
    var accountEmail: String
    var hasSubscription: Bool
    var planName: String
    var planPrice: String
    var hasPlanPrice: Bool
    var statusLabel: String
    /// False for an account without a subscription: the plan name already says "Free".
    var hasStatusBadge: Bool
    var statusTone: String
    var statusDetail: String
    var hasStatusDetail: Bool
    var hasPaymentProblem: Bool
    var paymentMethod: String
    var paymentMethodExpiry: String
    var hasPaymentMethod: Bool
    var invoices: [Invoice]
    var hasInvoices: Bool
    var plans: [Plan]
    var hasPlans: Bool
    var actions: [Action]
    var showsContactSupport: Bool
    var supportURL: String
    var csrfToken: String
    var portalPath: String
    var refreshed: Bool
    /// The latest invoice's discount in words, such as "WELCOME20 — 20% off: $24.00 off your latest invoice".
    var discount: String?

    struct Inputs: Sendable {
        var account: BillingAccount
        var access: BillingAccess
        var plan: StripeCatalog.PlanDisplay?
        var features: StripeCatalog.PortalFeatures
        var currentPeriodEnd: Date?
        var invoices: [ProjectionReader.InvoiceRecord]
        var configuration: BillingConfiguration
        var csrfToken: String
        var refreshed: Bool
        var plans: [StripeCatalog.PlanOption] = []
        var discount: BillingPageState.AppliedDiscount? = nil
        var formatter: BillingFormatter = .standard
    }

    init(_ inputs: Inputs) {
        let access = inputs.access
        let formatter = inputs.formatter
        accountName = inputs.account.name
        accountEmail = inputs.account.email
        let live = access.status.isLive
        hasSubscription = access.plan != nil && access.status != .none
        planName =
            hasSubscription
            ? (inputs.plan?.name ?? access.plan?.lookupKey ?? access.plan?.price?.rawValue ?? "Paid plan")
            : "Free"
        planPrice = hasSubscription ? (inputs.plan.flatMap { $0.price(in: formatter) ?? $0.price } ?? "") : ""
        hasPlanPrice = !planPrice.isEmpty
        (statusLabel, statusTone, statusDetail) = Self.describe(
            access,
            periodEnd: inputs.currentPeriodEnd,
            formatter: formatter
        )
        hasStatusBadge = access.status != .none
        if access.status == .none, !inputs.plans.isEmpty {
            statusDetail = "Choose a plan below to subscribe."
        }
        hasStatusDetail = !statusDetail.isEmpty
        hasPaymentProblem = access.hasPaymentProblem && live
        if let method = access.paymentMethod, let last4 = method.last4 {
            paymentMethod = "\(Self.brandName(method.brand)) •••• \(last4)"
            if let month = method.expMonth, let year = method.expYear {
                paymentMethodExpiry = "Expires \(month < 10 ? "0" : "")\(month)/\(year)"
            } else {
                paymentMethodExpiry = ""
            }
            hasPaymentMethod = true
        } else {
            paymentMethod = ""
            paymentMethodExpiry = ""
            hasPaymentMethod = false
        }
        invoices = inputs.invoices.map { record in
            Invoice(
                date: formatter.date(unixSeconds: record.created),
                amount: record.amountDue.map { formatter.money(amount: $0, currency: record.currency ?? "usd") } ?? "",
                status: record.status.capitalized,
                statusTone: record.status == "paid" ? "ok" : record.status == "open" ? "warn" : "muted",
                url: record.hostedInvoiceURL ?? "",
                hasURL: record.hostedInvoiceURL != nil
            )
        }
        hasInvoices = !invoices.isEmpty
        plans = inputs.plans.map { option in
            let amount = option.terms.formatted(by: formatter)
            return Plan(
                price: option.price.rawValue,
                name: option.name,
                amount: amount,
                intervalLabel: option.interval == "year" ? "yearly" : option.interval == "month" ? "monthly" : "",
                lookupKey: option.lookupKey ?? option.price.rawValue,
                trialText: option.trialDays.map { "\($0)-day free trial, then \(amount)." },
                buttonLabel: option.trialDays == nil ? "Subscribe" : "Start free trial",
                checkoutPath: inputs.configuration.checkoutPath,
                csrfToken: inputs.csrfToken
            )
        }
        hasPlans = !plans.isEmpty
        let features = inputs.features
        var actions = [Action(label: "Manage billing", flow: "", style: "primary")]
        var support = false
        if hasPaymentProblem && features.paymentMethodUpdate {
            actions.append(Action(label: "Update payment method", flow: "payment_method_update", style: "warn"))
        }
        switch access.status {
        case .canceling:
            actions.append(Action(label: "Renew", flow: "", style: "secondary"))
        case .active, .trialing, .pastDue, .paused:
            if features.subscriptionUpdate {
                actions.append(Action(label: "Change plan", flow: "subscription_update", style: "secondary"))
            } else {
                support = true
            }
            if features.subscriptionCancel {
                actions.append(
                    Action(
                        label: "Cancel subscription",
                        flow: "subscription_cancel",
                        style: "danger",
                        href: inputs.configuration.surveyPath
                    )
                )
            } else {
                support = true
            }
        case .none, .canceled:
            break
        }
        self.actions = actions
        showsContactSupport = support
        supportURL = inputs.configuration.supportURL
        csrfToken = inputs.csrfToken
        portalPath = inputs.configuration.portalPath
        refreshed = inputs.refreshed
        discount = inputs.discount.map { Self.describe($0, formatter: formatter) }
    }

    static func describe(_ discount: BillingPageState.AppliedDiscount, formatter: BillingFormatter) -> String {
        let money = { (amount: Int64) in formatter.money(amount: amount, currency: discount.currency) }
        let terms = discount.terms
        let label = [terms?.code, terms?.terms].compactMap { $0 }.joined(separator: " — ")
        let was = discount.subtotal.map { " (\(money($0 - discount.amount)) instead of \(money($0)))" } ?? ""
        return
            "\(label.isEmpty ? terms?.name ?? "Discount" : label): \(money(discount.amount)) off your latest invoice\(was)."
    }

    /// The status badge, its tone, and a sentence with the relevant date.
    static func describe(
        _ access: BillingAccess,
        periodEnd: Date?,
        formatter: BillingFormatter
    ) -> (String, String, String) {
        let date: (Date) -> String = { formatter.date($0) }
        switch access.status {
        case .none:
            return ("Free", "muted", "You have no paid subscription.")
        case .trialing(let endsAt):
            return ("Trial", "ok", endsAt.map { "Trial ends on \(date($0))." } ?? "Trial in progress.")
        case .active:
            return ("Active", "ok", periodEnd.map { "Renews on \(date($0))." } ?? "")
        case .pastDue:
            return (
                "Past due", "danger",
                "Payment failed. Update your payment method to keep access; Stripe retries automatically."
            )
        case .paused:
            return ("Paused", "warn", "Payment collection is paused.")
        case .canceling(let endsAt):
            return ("Canceling", "warn", "Cancels on \(date(endsAt)). You keep access until then.")
        case .canceled:
            return ("Canceled", "muted", "Your subscription has ended.")
        }
    }

    static func brandName(_ brand: String?) -> String {
        switch brand?.lowercased() {
        case "visa": "Visa"
        case "mastercard": "Mastercard"
        case "amex": "American Express"
        case "discover": "Discover"
        case "diners": "Diners Club"
        case "jcb": "JCB"
        case "unionpay": "UnionPay"
        case let other?: other.capitalized
        case nil: "Card"
        }
    }
}
