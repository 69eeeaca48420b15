import Foundation
import StripeAPI

extension EmulatorState {
    /// The card details typed into the portal's "Add payment method" form.
    struct PortalCardEntry: Sendable {
        var number: String?
        var expiry: String?
        var cvc: String?
        /// A test token such as `tok_visa` or `pm_card_mastercard`, instead of a number.
        var testToken: String?
    }

    /// Adds a card, attaches it and makes it the default for invoices; a declined test card changes nothing.
    mutating func portalAddCard(_ link: PortalLink, token: String, entry: PortalCardEntry) throws(PortalError)
        -> PortalOutcome
    {
        guard portalFeature(link, "payment_method_update") != nil else {
            throw .refused("Updating payment methods is not available here.")
        }
        let (card, expiry) = try Self.card(from: entry, now: realtimeNow)
        var method = Self.paymentMethodObject(
            id: Self.newID("pm"),
            card: card,
            created: now(forCustomer: link.customer),
            customer: nil
        )
        method["card"] = method["card"]!.setting("exp_month", .int(expiry.month)).setting("exp_year", .int(expiry.year))
        insert(method, kind: "payment_method")
        let id = attachPaymentMethod(method.string("id")!, customer: link.customer)
        _ = try checked { () throws(StripeAPIError) in
            try updateCustomer(
                link.customer,
                Params(["invoice_settings": .hash(["default_payment_method": .string(id)])])
            )
        }
        retryPastDueInvoices(customer: link.customer, paymentMethod: id)
        return completePortalFlow(token, type: "payment_method_update")
    }

    /// The test card behind a typed card entry (a number with expiry and CVC, or a test token); a declining card
    /// is refused with Stripe's customer-facing message.
    static func card(from entry: PortalCardEntry, now: Int) throws(PortalError) -> (TestCard, (month: Int, year: Int)) {
        let card: TestCard
        var expiry = (month: 12, year: 2034)
        if let testToken = entry.testToken?.trimmingCharacters(in: .whitespaces), !testToken.isEmpty {
            guard let known = TestCard.named(testToken) else {
                throw .refused("Unknown test token. Use one such as tok_visa or pm_card_mastercard.")
            }
            card = known
        } else {
            let digits = (entry.number ?? "").filter { !$0.isWhitespace && $0 != "-" }
            guard digits.count >= 12, digits.count <= 19, digits.allSatisfy(\.isNumber),
                let known = TestCard.number(digits)
            else { throw PortalError(status: 402, message: "Your card number is incorrect.") }
            card = known
            expiry = try Self.parseExpiry(entry.expiry ?? "", now: now)
            let cvc = (entry.cvc ?? "").filter(\.isNumber)
            guard cvc.count >= 3, cvc.count <= 4 else {
                throw PortalError(status: 402, message: "Your card's security code is incomplete.")
            }
        }
        if case .declines(_, _, let message) = card.behavior {
            throw PortalError(status: 402, message: message)
        }
        return (card, expiry)
    }

    /// Charges the open invoices of the customer's past-due subscriptions with the card just saved in the portal, as
    /// Stripe's portal does, so a customer who fixes their card leaves the portal with the problem resolved.
    /// A decline leaves the invoice open (the attempt still emits `invoice.payment_failed`).
    mutating func retryPastDueInvoices(customer: String, paymentMethod: String) {
        let pastDue = Set(
            (order["subscription"] ?? []).filter { id in
                guard let subscription = objects[id], subscription.string("customer") == customer else { return false }
                return ["past_due", "unpaid"].contains(subscription.string("status") ?? "")
            }
        )
        guard !pastDue.isEmpty else { return }
        for invoiceID in order["invoice"] ?? [] {
            guard let invoice = objects[invoiceID], invoice.string("status") == "open",
                let subscription = invoice["parent"]?["subscription_details"]?["subscription"]?.stringValue,
                pastDue.contains(subscription)
            else { continue }
            _ = try? payInvoice(invoiceID, Params(["payment_method": .string(paymentMethod)]))
        }
    }

    /// `MM / YY` or `MM/YYYY`, in the future.
    static func parseExpiry(_ text: String, now: Int) throws(PortalError) -> (month: Int, year: Int) {
        let parts = text.split(whereSeparator: { $0 == "/" || $0 == " " }).filter { !$0.isEmpty }
        guard parts.count == 2, let month = Int(parts[0]), var year = Int(parts[1]), (1...12).contains(month) else {
            throw PortalError(status: 402, message: "Your card's expiration date is incomplete.")
        }
        if year < 100 { year += 2000 }
        let current = Int(BillingPeriod.display(now).suffix(4)) ?? 2026
        guard year >= current, year <= current + 50 else {
            throw PortalError(status: 402, message: "Your card's expiration year is in the past.")
        }
        return (month, year)
    }

    mutating func portalSetDefaultCard(_ link: PortalLink, method id: String) throws(PortalError) -> PortalOutcome {
        guard portalFeature(link, "payment_method_update") != nil else {
            throw .refused("Updating payment methods is not available here.")
        }
        _ = try portalPaymentMethod(link, id)
        _ = try checked { () throws(StripeAPIError) in
            try updateCustomer(
                link.customer,
                Params(["invoice_settings": .hash(["default_payment_method": .string(id)])])
            )
        }
        retryPastDueInvoices(customer: link.customer, paymentMethod: id)
        return .page("/payment-methods")
    }

    mutating func portalRemoveCard(_ link: PortalLink, method id: String) throws(PortalError) -> PortalOutcome {
        guard portalFeature(link, "payment_method_update") != nil else {
            throw .refused("Updating payment methods is not available here.")
        }
        _ = try portalPaymentMethod(link, id)
        let isDefault = objects[link.customer]?["invoice_settings"]?["default_payment_method"]?.stringValue == id
        let live = (order["subscription"] ?? []).contains { subscriptionID in
            guard let subscription = objects[subscriptionID], subscription.string("customer") == link.customer else {
                return false
            }
            return !["canceled", "incomplete_expired"].contains(subscription.string("status") ?? "")
        }
        guard !(isDefault && live) else {
            throw .refused("Make another card the default before removing this one.")
        }
        _ = try checked { () throws(StripeAPIError) in try detachPaymentMethod(id, Params([:])) }
        return .page("/payment-methods")
    }

    /// Saves the billing details the configuration's `customer_update.allowed_updates` permits.
    mutating func portalUpdateCustomer(_ link: PortalLink, token: String, fields: [String: FormNode])
        throws(PortalError) -> PortalOutcome
    {
        guard let feature = portalFeature(link, "customer_update") else {
            throw .refused("Updating billing information is not available here.")
        }
        let allowed = Set(feature["allowed_updates"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        var values: [String: FormNode] = [:]
        for key in ["email", "name", "phone"] where allowed.contains(key) {
            guard case .string(let value)? = fields[key] else { continue }
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            if key == "email", !trimmed.isEmpty, !(trimmed.contains("@") && trimmed.count <= 512) {
                throw .refused("Enter a valid email address.")
            }
            values[key] = .string(String(trimmed.prefix(256)))
        }
        if allowed.contains("address"), case .hash(let address)? = fields["address"] {
            var clean: [String: FormNode] = [:]
            for key in ["line1", "line2", "city", "state", "postal_code", "country"] {
                if case .string(let value)? = address[key] {
                    clean[key] = .string(String(value.trimmingCharacters(in: .whitespaces).prefix(200)))
                }
            }
            values["address"] = .hash(clean)
        }
        guard !values.isEmpty else { throw .refused("There is nothing to update.") }
        _ = try checked { () throws(StripeAPIError) in try updateCustomer(link.customer, Params(values)) }
        return completePortalFlow(token, type: "customer_update")
    }

    private func checked<T>(_ body: () throws(StripeAPIError) -> T) throws(PortalError) -> T {
        do { return try body() } catch { throw PortalError(error) }
    }
}
