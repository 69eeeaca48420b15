public import BillingDatabase
public import Foundation
import SQLKit
import StripeAPI

/// Answers `access(for:)` from the projection: no Stripe call on the request path.
public struct AccessChecker: Sendable {
    private let database: any BillingDatabase
    private let policy: AccessPolicy

    /// Creates a checker.
    /// - Parameters:
    ///   - database: the billing database the ``EventProcessor`` writes.
    ///   - policy: which states grant access.
    public init(database: any BillingDatabase, policy: AccessPolicy = AccessPolicy()) {
        self.database = database
        self.policy = policy
    }

    /// The account's access at `now`.
    /// - Parameters:
    ///   - account: the host application's account.
    ///   - now: the current time (decides whether a scheduled end has passed).
    public func access(for account: AccountID, now: Date = Date()) async throws -> BillingAccess {
        let loaded = try await database.read { sql -> Loaded? in
            let rows = try await sql.raw(
                """
                SELECT s.* FROM billing_subscriptions s
                JOIN billing_customers c ON c.stripe_customer_id = s.stripe_customer_id
                WHERE c.account_id = \(bind: account.rawValue)
                """
            ).all(decoding: SubscriptionRow.self)
            guard let subscription = Self.current(rows) else { return nil }
            let customer = try await sql.raw(
                "SELECT * FROM billing_stripe_customers WHERE id = \(bind: subscription.stripeCustomerID)"
            ).first(decoding: StripeCustomerRow.self)
            let methodID = subscription.defaultPaymentMethodID ?? customer?.defaultPaymentMethodID
            var method: PaymentMethodRow?
            if let methodID {
                method = try await sql.raw(
                    "SELECT * FROM billing_payment_methods WHERE id = \(bind: methodID) AND detached = FALSE"
                ).first(decoding: PaymentMethodRow.self)
            }
            var invoice: InvoiceRow?
            if let invoiceID = subscription.latestInvoiceID {
                invoice = try await sql.raw("SELECT * FROM billing_invoices WHERE id = \(bind: invoiceID)")
                    .first(decoding: InvoiceRow.self)
            }
            if invoice == nil {
                invoice = try await sql.raw(
                    """
                    SELECT * FROM billing_invoices WHERE subscription_id = \(bind: subscription.id)
                    ORDER BY created DESC, id DESC LIMIT 1
                    """
                ).first(decoding: InvoiceRow.self)
            }
            return Loaded(subscription: subscription, method: method, invoice: invoice)
        }
        guard let loaded else { return .none }
        return Self.evaluate(
            loaded.subscription,
            method: loaded.method,
            invoice: loaded.invoice,
            policy: policy,
            now: now
        )
    }

    private struct Loaded: Sendable {
        var subscription: SubscriptionRow
        var method: PaymentMethodRow?
        var invoice: InvoiceRow?
    }

    /// The subscription that decides access: a live one before an ended one, then the most recently created.
    static func current(_ rows: [SubscriptionRow]) -> SubscriptionRow? {
        rows.max { lhs, rhs in
            let left = SubscriptionRank(status: lhs.status, deleted: lhs.deleted)
            let right = SubscriptionRank(status: rhs.status, deleted: rhs.deleted)
            return (left.rawValue, lhs.created, lhs.id) < (right.rawValue, rhs.created, rhs.id)
        }
    }

    static func evaluate(
        _ s: SubscriptionRow,
        method: PaymentMethodRow?,
        invoice: InvoiceRow?,
        policy: AccessPolicy,
        now: Date
    ) -> BillingAccess {
        let nowSeconds = Int64(now.timeIntervalSince1970)
        let scheduledEnd = s.cancelAt ?? (s.cancelAtPeriodEnd ? s.currentPeriodEnd : nil)
        let status: BillingAccess.Status
        if s.deleted || s.status.isTerminal {
            status = .canceled
        } else if let end = scheduledEnd, end <= nowSeconds {
            // The end passed but the deletion event has not arrived yet.
            status = .canceled
        } else if s.status == .paused || s.pauseBehavior != nil {
            status = .paused
        } else if let end = scheduledEnd {
            status = .canceling(endsAt: Date(timeIntervalSince1970: TimeInterval(end)))
        } else {
            switch s.status {
            case .trialing:
                status = .trialing(endsAt: s.trialEnd.map { Date(timeIntervalSince1970: TimeInterval($0)) })
            case .active: status = .active
            case .pastDue, .unpaid: status = .pastDue
            default: status = .none
            }
        }
        let entitled: Bool
        switch status {
        case .trialing, .active, .canceling: entitled = true
        case .pastDue: entitled = policy.pastDueIsEntitled && s.status == .pastDue
        case .paused: entitled = policy.pausedIsEntitled
        case .none, .canceled: entitled = false
        }
        let invoiceFailed = invoice?.paymentFailed ?? false
        let paymentProblem =
            [.pastDue, .unpaid, .incomplete].contains(s.status) || (invoiceFailed && status != .canceled)
        return BillingAccess(
            plan: BillingAccess.Plan(
                product: s.productID.map(ProductID.init(rawValue:)),
                price: s.priceID.map(PriceID.init(rawValue:)),
                lookupKey: s.lookupKey
            ),
            status: status,
            isEntitled: entitled,
            onGracePeriod: { if case .canceling = status { true } else { false } }(),
            hasPaymentProblem: paymentProblem,
            subscriptionID: SubscriptionID(s.id),
            paymentMethod: method.map {
                PaymentMethodDisplay(
                    id: PaymentMethodID($0.id),
                    brand: $0.brand,
                    last4: $0.last4,
                    expMonth: $0.expMonth.map(Int.init),
                    expYear: $0.expYear.map(Int.init)
                )
            },
            latestInvoice: invoice.map {
                InvoiceSummary(
                    id: InvoiceID($0.id),
                    status: $0.status,
                    amountDue: $0.amountDue.map(Int.init),
                    currency: $0.currency,
                    paymentFailed: $0.paymentFailed,
                    hostedInvoiceURL: $0.hostedInvoiceURL
                )
            }
        )
    }
}
