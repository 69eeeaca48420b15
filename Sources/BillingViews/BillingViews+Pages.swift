package import BillingCore
import StripeAPI

/// The pages both adapters show, each rendered from the bundled templates into a fragment for the host's layout.
///
/// The adapters decide the status code and the response; what a page says lives here once, so a Hummingbird and a
/// Vapor host show the same billing pages.
extension BillingViews {
    /// The billing page: plan, status, payment method, invoices, the plan chooser and the portal actions.
    /// - Parameters:
    ///   - state: what ``Billing/billingPage(for:returningFromPortal:checkoutSession:)`` read.
    ///   - configuration: paths the page links and posts to.
    ///   - csrfToken: the session's token, echoed by every form.
    package func billingPage(
        _ state: BillingPageState,
        configuration: BillingConfiguration,
        csrfToken: String?
    ) throws -> BillingPageContent {
        let model = BillingPageModel(
            BillingPageModel.Inputs(
                account: state.account,
                access: state.access,
                plan: state.plan,
                features: state.features,
                currentPeriodEnd: state.currentPeriodEnd,
                invoices: state.invoices,
                configuration: configuration,
                csrfToken: csrfToken ?? "",
                refreshed: state.refreshed,
                plans: state.plans,
                discount: state.discount,
                formatter: state.formatter
            )
        )
        return BillingPageContent(title: "Billing", html: try render(model, template: "billing"))
    }

    /// The answer to a form without the session's CSRF token (status 403).
    package func forbiddenPage(configuration: BillingConfiguration) throws -> BillingPageContent {
        let html = try render(["billingPath": configuration.billingPath], template: "forbidden")
        return BillingPageContent(title: "Forbidden", html: html)
    }

    /// Whether a failed Stripe call means Stripe is unreachable (503) rather than that it refused (502).
    package static func stripeIsUnavailable(_ error: any Error) -> Bool {
        (error as? StripeError).map { $0 == .network || $0 == .rateLimited } ?? false
    }

    /// A friendly page for a failed Stripe call, with a form that retries the same request.
    /// - Parameters:
    ///   - error: what the facade threw; decides the wording (see ``stripeIsUnavailable(_:)``).
    ///   - heading: what could not be done.
    ///   - retryPath: where the retry form posts.
    ///   - fields: the retry form's hidden fields besides the CSRF token.
    ///   - csrfToken: the session's token.
    ///   - configuration: the billing page to go back to.
    package func stripeFailurePage(
        _ error: any Error,
        heading: String,
        retryPath: String,
        fields: [String: String],
        csrfToken: String?,
        configuration: BillingConfiguration
    ) throws -> BillingPageContent {
        let html = try render(
            [
                "heading": heading,
                "message": Self.stripeIsUnavailable(error)
                    ? "Our payment provider is not reachable right now."
                    : "Something went wrong while contacting our payment provider.",
                "csrfToken": csrfToken ?? "", "portalPath": retryPath,
                "fields": fields.sorted { $0.key < $1.key }.map { ["name": $0.key, "value": $0.value] },
                "billingPath": configuration.billingPath,
            ],
            template: "portal-error"
        )
        return BillingPageContent(title: "Billing unavailable", html: html)
    }

    /// The cancellation survey: the configured reasons and a comment box.
    package func surveyPage(
        csrfToken: String?,
        configuration: BillingConfiguration
    ) throws -> BillingPageContent {
        let html = try render(
            [
                "surveyPath": configuration.surveyPath ?? "", "csrfToken": csrfToken ?? "",
                "billingPath": configuration.billingPath,
                "maxCommentLength": configuration.retention.maxCommentLength,
                "reasons": configuration.retention.reasons.map { ["value": $0.value, "label": $0.label] },
            ],
            template: "cancel-survey"
        )
        return BillingPageContent(title: "Cancel subscription", html: html)
    }

    /// The save offer the policy makes for the survey's reason.
    package func saveOfferPage(
        _ survey: CancellationSurvey,
        csrfToken: String?,
        configuration: BillingConfiguration
    ) throws -> BillingPageContent {
        let (heading, message, accept): (String, String, String)
        switch survey.offer {
        case .planSwitch:
            (heading, message, accept) = (
                "Switch plans instead?", "A different plan may fit you better.", "Change plan"
            )
        case .pause:
            (heading, message, accept) = ("Pause instead?", "Keep your data and pause billing for a while.", "Pause")
        default:
            (heading, message, accept) = ("Talk to us?", "We would like to help before you go.", "Contact support")
        }
        let html = try render(
            [
                "heading": heading, "message": message, "acceptLabel": accept, "surveyID": survey.id,
                "csrfToken": csrfToken ?? "", "offerPath": (configuration.surveyPath ?? "") + "/offer",
            ],
            template: "save-offer"
        )
        return BillingPageContent(title: heading, html: html)
    }
}
