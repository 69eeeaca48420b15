import Foundation
import StripeAPI

/// The hosted Checkout page's state for one session: the token its forms carry and the promotion code the
/// customer applied. Kept in memory only.
struct CheckoutLink: Sendable {
    /// The per-session token every state-changing form must echo.
    let csrf: String
    /// The `promo_…` applied on the page, if any.
    var promotionCode: String?
}

extension EmulatorState {
    /// What the customer typed on the hosted Checkout page.
    struct CheckoutEntry: Sendable {
        var email: String?
        var card: PortalCardEntry
    }

    /// An open session and its page state, created on first use. A session whose `expires_at` has passed is
    /// expired on the spot (with its event) and refused.
    mutating func openCheckout(_ id: String) throws(PortalError) -> (session: JSONObject, link: CheckoutLink) {
        guard let session = object(id, kind: "checkout.session") else { throw .checkoutMissing }
        if session.string("status") == "open", let expiresAt = session.int("expires_at"), expiresAt <= realtimeNow {
            markCheckoutExpired(id)
            throw .checkoutExpired
        }
        switch session.string("status") {
        case "complete": throw .checkoutComplete
        case "expired": throw .checkoutExpired
        default: break
        }
        if let link = checkoutLinks[id] { return (session, link) }
        let link = CheckoutLink(csrf: Self.randomToken(32))
        checkoutLinks[id] = link
        return (session, link)
    }

    /// Applies a customer-facing promotion code typed on the page.
    mutating func checkoutApplyPromotion(_ id: String, code: String) throws(PortalError) {
        let (session, _) = try openCheckout(id)
        guard session.bool("allow_promotion_codes") == true else {
            throw .refused("Promotion codes are not accepted for this purchase.")
        }
        guard let promo = activePromotionCode(matching: code), let promoID = promo.string("id") else {
            throw .refused("This code is invalid.")
        }
        if let refusal = promotionCodeRefusal(
            promo,
            customer: session.string("customer"),
            amount: checkoutDueToday(id),
            currency: session.string("currency")
        ) {
            throw .refused(refusal)
        }
        checkoutLinks[id]?.promotionCode = promoID
    }

    /// Removes the promotion code applied on the page.
    mutating func checkoutRemovePromotion(_ id: String) throws(PortalError) {
        _ = try openCheckout(id)
        checkoutLinks[id]?.promotionCode = nil
    }

    /// The sum of the session's line items before discounts.
    func checkoutSubtotal(_ id: String) -> Int {
        (checkoutDetails[id]?["line_items"]?.arrayValue ?? []).reduce(0) { $0 + ($1["amount_subtotal"]?.intValue ?? 0) }
    }

    /// What is due today before discounts: every line, or only the one-time lines when a trial starts.
    func checkoutDueToday(_ id: String) -> Int {
        let details = checkoutDetails[id] ?? [:]
        let trial = details["trial_period_days"] != nil || details["trial_end"] != nil
        return (details["line_items"]?.arrayValue ?? []).reduce(0) { total, line in
            let recurring = line["price"]?["type"]?.stringValue == "recurring"
            return trial && recurring ? total : total + (line["amount_subtotal"]?.intValue ?? 0)
        }
    }

    /// The discount the page shows and payment applies: the session's own, or the code applied on the page.
    func checkoutDiscount(_ id: String) -> DiscountRequest? {
        if let promo = checkoutLinks[id]?.promotionCode, let promotion = objects[promo],
            let coupon = objects[promotion["promotion"]?["coupon"]?.stringValue ?? ""]
        {
            return DiscountRequest(coupon: coupon, promotionCode: promo)
        }
        guard let first = checkoutDetails[id]?["discounts"]?.arrayValue?.first else { return nil }
        if let promo = first["promotion_code"]?.stringValue, let promotion = objects[promo],
            let coupon = objects[promotion["promotion"]?["coupon"]?.stringValue ?? ""]
        {
            return DiscountRequest(coupon: coupon, promotionCode: promo)
        }
        guard let coupon = objects[first["coupon"]?.stringValue ?? ""] else { return nil }
        return DiscountRequest(coupon: coupon)
    }

    /// Pays a session from the hosted page: customer (created from the entered email when the session has none),
    /// card attached as the default payment method, subscription with its first invoice, the discount, then
    /// `checkout.session.completed`. A decline or any refusal leaves the state exactly as it was.
    /// - Returns: where to send the browser: `success_url` with `{CHECKOUT_SESSION_ID}` replaced.
    mutating func payCheckout(_ id: String, entry: CheckoutEntry) throws(PortalError) -> String {
        let before = self
        do {
            return try payCheckoutSteps(id, entry: entry)
        } catch {
            self = before
            throw error
        }
    }

    private mutating func payCheckoutSteps(_ id: String, entry: CheckoutEntry) throws(PortalError) -> String {
        let (session, _) = try openCheckout(id)
        let mode = session.string("mode") ?? "subscription"
        let details = checkoutDetails[id] ?? [:]
        let (card, expiry) = try Self.card(from: entry.card, now: realtimeNow)
        let discount = checkoutDiscount(id)
        if let promo = discount?.promotionCode, let promotion = objects[promo],
            let refusal = promotionCodeRefusal(
                promotion,
                customer: session.string("customer"),
                amount: checkoutDueToday(id),
                currency: session.string("currency")
            )
        {
            throw .refused(refusal)
        }

        var customerID = session.string("customer")
        let email =
            customerID.flatMap { objects[$0]?.string("email") } ?? session.string("customer_email")
            ?? entry.email?.filter { !$0.isWhitespace } ?? ""
        let createsCustomer =
            customerID == nil && (mode != "payment" || session.string("customer_creation") == "always")
        if customerID == nil {
            guard email.contains("@"), email.count >= 3 else {
                throw PortalError(status: 400, message: "Your email address is incomplete.")
            }
        }
        if createsCustomer {
            let customer = try Self.portalChecked { () throws(StripeAPIError) in
                try createCustomer(Params(["email": .string(email)]))
            }
            customerID = customer.string("id")
        }

        var paymentMethodID: String?
        if let customerID {
            var method = Self.paymentMethodObject(
                id: Self.newID("pm"),
                card: card,
                created: now(forCustomer: customerID),
                customer: nil
            )
            method["card"] = method["card"]!.setting("exp_month", .int(expiry.month))
                .setting("exp_year", .int(expiry.year))
            method["billing_details"] = method["billing_details"]!.setting("email", .string(email))
            insert(method, kind: "payment_method")
            let attached = attachPaymentMethod(method.string("id")!, customer: customerID)
            paymentMethodID = attached
            // Setup mode only saves the card; making it the default is left to the integration, as on Stripe.
            if mode != "setup" {
                _ = try Self.portalChecked { () throws(StripeAPIError) in
                    try updateCustomer(
                        customerID,
                        Params(["invoice_settings": .hash(["default_payment_method": .string(attached)])])
                    )
                }
            }
        }

        var completed = session
        completed["status"] = "complete"
        completed["url"] = .null
        completed["customer"] = .text(customerID)
        let customer = customerID.flatMap { objects[$0] }
        completed["customer_details"] = [
            "address": .null, "business_name": .null, "email": customer?["email"] ?? .string(email),
            "individual_name": .null, "name": customer?["name"] ?? .null,
            "phone": .null, "tax_exempt": "none", "tax_ids": [],
        ]
        completed["discounts"] = .array(
            discount.map { request in
                [
                    .object([
                        "coupon": request.promotionCode == nil ? request.coupon["id"] ?? .null : .null,
                        "promotion_code": .text(request.promotionCode),
                    ])
                ]
            } ?? []
        )

        switch mode {
        case "subscription":
            guard let customerID, let paymentMethodID else { throw .checkoutMissing }
            let subscription = try checkoutSubscription(
                id,
                details: details,
                customer: customerID,
                paymentMethod: paymentMethodID,
                discount: discount
            )
            let invoice = objects[subscription.string("latest_invoice") ?? ""] ?? [:]
            let paid = invoice.int("amount_paid") ?? 0
            completed["subscription"] = subscription["id"]
            completed["invoice"] = invoice["id"] ?? .null
            completed["payment_status"] = paid > 0 ? "paid" : "no_payment_required"
            completed["amount_subtotal"] = invoice["subtotal"] ?? .int(0)
            completed["amount_total"] = invoice["total"] ?? .int(0)
            completed["total_details"] = [
                "amount_discount": .int((invoice.int("subtotal") ?? 0) - (invoice.int("total") ?? 0)),
                "amount_shipping": .int(0), "amount_tax": .int(0),
            ]
        case "payment":
            if case .chargesFail = card.behavior {
                throw PortalError(status: 402, message: TestCard.declinedMessage)
            }
            let subtotal = checkoutSubtotal(id)
            let off =
                discount.map { Self.discountAmounts(subtotal: subtotal, coupons: [$0.coupon]).reduce(0, +) } ?? 0
            if let discount { redeem(discount) }
            completed["payment_status"] = "paid"
            completed["amount_subtotal"] = .int(subtotal)
            completed["amount_total"] = .int(subtotal - off)
            completed["total_details"] = [
                "amount_discount": .int(off), "amount_shipping": .int(0), "amount_tax": .int(0),
            ]
        default:
            completed["payment_status"] = "no_payment_required"
        }
        objects[id] = completed
        checkoutLinks[id] = nil
        emit("checkout.session.completed", completed)
        let successURL = session.string("success_url") ?? ""
        return successURL.replacingOccurrences(of: "{CHECKOUT_SESSION_ID}", with: id)
    }

    private mutating func checkoutSubscription(
        _ id: String,
        details: JSONObject,
        customer: String,
        paymentMethod: String,
        discount: DiscountRequest?
    ) throws(PortalError) -> JSONObject {
        var items: [FormNode] = []
        var oneTime: [FormNode] = []
        for line in details["line_items"]?.arrayValue ?? [] {
            let entry = FormNode.hash([
                "price": .string(line["price"]?["id"]?.stringValue ?? ""),
                "quantity": .string(String(line["quantity"]?.intValue ?? 1)),
            ])
            if line["price"]?["type"]?.stringValue == "recurring" {
                items.append(entry)
            } else {
                oneTime.append(entry)
            }
        }
        var values: [String: FormNode] = [
            "customer": .string(customer), "items": .array(items),
            "default_payment_method": .string(paymentMethod), "payment_behavior": .string("error_if_incomplete"),
        ]
        if !oneTime.isEmpty { values["add_invoice_items"] = .array(oneTime) }
        if let days = details["trial_period_days"]?.intValue { values["trial_period_days"] = .string(String(days)) }
        if let end = details["trial_end"]?.intValue { values["trial_end"] = .string(String(end)) }
        if let description = details["description"]?.stringValue { values["description"] = .string(description) }
        if let behavior = details["missing_payment_method"]?.stringValue {
            values["trial_settings"] = .hash(["end_behavior": .hash(["missing_payment_method": .string(behavior)])])
        }
        if let metadata = details["subscription_metadata"]?.objectValue, !metadata.isEmpty {
            values["metadata"] = .hash(metadata.compactMapValues { $0.stringValue.map(FormNode.string) })
        }
        if let discount {
            values["discounts"] = .array([
                .hash(
                    discount.promotionCode.map { ["promotion_code": .string($0)] }
                        ?? ["coupon": .string(discount.coupon.string("id") ?? "")]
                )
            ])
        }
        let subscription = try Self.portalChecked { () throws(StripeAPIError) in
            try createSubscription(Params(values))
        }
        for discountID in subscription["discounts"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
            objects[discountID]?["checkout_session"] = .string(id)
        }
        return objects[subscription.string("id") ?? ""] ?? subscription
    }

    /// Counts a redemption of a discount used outside a subscription (payment mode).
    private mutating func redeem(_ discount: DiscountRequest) {
        if let couponID = discount.coupon.string("id"), var coupon = objects[couponID] {
            coupon["times_redeemed"] = .int((coupon.int("times_redeemed") ?? 0) + 1)
            objects[couponID] = coupon
        }
        if let promo = discount.promotionCode { redeemPromotionCode(promo) }
    }

    static func portalChecked<T>(_ body: () throws(StripeAPIError) -> T) throws(PortalError) -> T {
        do { return try body() } catch { throw PortalError(error) }
    }
}

extension PortalError {
    static let checkoutMissing = PortalError(status: 404, message: "This Checkout page could not be found.")
    static let checkoutExpired = PortalError(
        status: 410,
        message: "This Checkout Session has expired. Return to the site you came from and start again."
    )
    static let checkoutComplete = PortalError(status: 410, message: "This Checkout Session is already complete.")
}
