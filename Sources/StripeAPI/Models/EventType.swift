/// The type of a Stripe event, such as `customer.subscription.updated`.
///
/// The static members are the event types a billing-portal integration meets (all present in API version
/// 2026-10-28.endive); any other type decodes too and keeps its raw value.
public struct EventType: StripeEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Every event type, for webhook endpoints (`enabled_events[]=*`).
    public static let all: Self = "*"

    public static let billingPortalConfigurationCreated: Self = "billing_portal.configuration.created"
    public static let billingPortalConfigurationUpdated: Self = "billing_portal.configuration.updated"
    public static let billingPortalSessionCreated: Self = "billing_portal.session.created"

    public static let chargeCaptured: Self = "charge.captured"
    public static let chargeFailed: Self = "charge.failed"
    public static let chargePending: Self = "charge.pending"
    public static let chargeRefunded: Self = "charge.refunded"
    public static let chargeSucceeded: Self = "charge.succeeded"
    public static let chargeUpdated: Self = "charge.updated"

    public static let checkoutSessionAsyncPaymentFailed: Self = "checkout.session.async_payment_failed"
    public static let checkoutSessionAsyncPaymentSucceeded: Self = "checkout.session.async_payment_succeeded"
    public static let checkoutSessionCompleted: Self = "checkout.session.completed"
    public static let checkoutSessionExpired: Self = "checkout.session.expired"

    public static let customerCreated: Self = "customer.created"
    public static let customerDeleted: Self = "customer.deleted"
    public static let customerDiscountCreated: Self = "customer.discount.created"
    public static let customerDiscountDeleted: Self = "customer.discount.deleted"
    public static let customerDiscountUpdated: Self = "customer.discount.updated"
    public static let customerSubscriptionCreated: Self = "customer.subscription.created"
    public static let customerSubscriptionDeleted: Self = "customer.subscription.deleted"
    public static let customerSubscriptionPaused: Self = "customer.subscription.paused"
    public static let customerSubscriptionPendingUpdateApplied: Self = "customer.subscription.pending_update_applied"
    public static let customerSubscriptionPendingUpdateExpired: Self = "customer.subscription.pending_update_expired"
    public static let customerSubscriptionResumed: Self = "customer.subscription.resumed"
    public static let customerSubscriptionTrialWillEnd: Self = "customer.subscription.trial_will_end"
    public static let customerSubscriptionUpdated: Self = "customer.subscription.updated"
    public static let customerTaxIDCreated: Self = "customer.tax_id.created"
    public static let customerTaxIDDeleted: Self = "customer.tax_id.deleted"
    public static let customerTaxIDUpdated: Self = "customer.tax_id.updated"
    public static let customerUpdated: Self = "customer.updated"

    public static let invoiceCreated: Self = "invoice.created"
    public static let invoiceDeleted: Self = "invoice.deleted"
    public static let invoiceFinalizationFailed: Self = "invoice.finalization_failed"
    public static let invoiceFinalized: Self = "invoice.finalized"
    public static let invoiceMarkedUncollectible: Self = "invoice.marked_uncollectible"
    public static let invoiceOverdue: Self = "invoice.overdue"
    public static let invoiceOverpaid: Self = "invoice.overpaid"
    public static let invoicePaid: Self = "invoice.paid"
    public static let invoicePaymentActionRequired: Self = "invoice.payment_action_required"
    public static let invoicePaymentAttemptRequired: Self = "invoice.payment_attempt_required"
    public static let invoicePaymentFailed: Self = "invoice.payment_failed"
    public static let invoicePaymentSucceeded: Self = "invoice.payment_succeeded"
    public static let invoiceSent: Self = "invoice.sent"
    public static let invoiceUpcoming: Self = "invoice.upcoming"
    public static let invoiceUpdated: Self = "invoice.updated"
    public static let invoiceVoided: Self = "invoice.voided"
    public static let invoiceWillBeDue: Self = "invoice.will_be_due"

    public static let invoicePaymentPaid: Self = "invoice_payment.paid"

    public static let invoiceitemCreated: Self = "invoiceitem.created"
    public static let invoiceitemDeleted: Self = "invoiceitem.deleted"

    public static let paymentIntentAmountCapturableUpdated: Self = "payment_intent.amount_capturable_updated"
    public static let paymentIntentCanceled: Self = "payment_intent.canceled"
    public static let paymentIntentCreated: Self = "payment_intent.created"
    public static let paymentIntentPartiallyFunded: Self = "payment_intent.partially_funded"
    public static let paymentIntentPaymentFailed: Self = "payment_intent.payment_failed"
    public static let paymentIntentProcessing: Self = "payment_intent.processing"
    public static let paymentIntentRequiresAction: Self = "payment_intent.requires_action"
    public static let paymentIntentSucceeded: Self = "payment_intent.succeeded"

    public static let paymentMethodAttached: Self = "payment_method.attached"
    public static let paymentMethodAutomaticallyUpdated: Self = "payment_method.automatically_updated"
    public static let paymentMethodDetached: Self = "payment_method.detached"
    public static let paymentMethodUpdated: Self = "payment_method.updated"

    public static let priceCreated: Self = "price.created"
    public static let priceDeleted: Self = "price.deleted"
    public static let priceUpdated: Self = "price.updated"

    public static let productCreated: Self = "product.created"
    public static let productDeleted: Self = "product.deleted"
    public static let productUpdated: Self = "product.updated"

    public static let promotionCodeCreated: Self = "promotion_code.created"
    public static let promotionCodeUpdated: Self = "promotion_code.updated"

    public static let setupIntentCanceled: Self = "setup_intent.canceled"
    public static let setupIntentCreated: Self = "setup_intent.created"
    public static let setupIntentRequiresAction: Self = "setup_intent.requires_action"
    public static let setupIntentSetupFailed: Self = "setup_intent.setup_failed"
    public static let setupIntentSucceeded: Self = "setup_intent.succeeded"

    public static let subscriptionScheduleAborted: Self = "subscription_schedule.aborted"
    public static let subscriptionScheduleCanceled: Self = "subscription_schedule.canceled"
    public static let subscriptionScheduleCompleted: Self = "subscription_schedule.completed"
    public static let subscriptionScheduleCreated: Self = "subscription_schedule.created"
    public static let subscriptionScheduleExpiring: Self = "subscription_schedule.expiring"
    public static let subscriptionScheduleReleased: Self = "subscription_schedule.released"
    public static let subscriptionScheduleUpdated: Self = "subscription_schedule.updated"

    public static let testHelpersTestClockAdvancing: Self = "test_helpers.test_clock.advancing"
    public static let testHelpersTestClockCreated: Self = "test_helpers.test_clock.created"
    public static let testHelpersTestClockDeleted: Self = "test_helpers.test_clock.deleted"
    public static let testHelpersTestClockInternalFailure: Self = "test_helpers.test_clock.internal_failure"
    public static let testHelpersTestClockReady: Self = "test_helpers.test_clock.ready"

    /// Whether the type belongs to `customer.subscription.*`.
    public var isSubscriptionEvent: Bool { rawValue.hasPrefix("customer.subscription.") }
}
