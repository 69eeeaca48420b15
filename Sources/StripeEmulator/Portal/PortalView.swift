import Foundation
import StripeAPI

/// Server-rendered pages of the hosted customer portal. Every value from the state is escaped with ``HTML/escape(_:)``.
struct PortalView {
    let state: EmulatorState
    let link: PortalLink
    /// The session's path, `/p/session/test_<token>`; page and form paths are built under it.
    let base: String

    var session: JSONObject { state.objects[link.sessionID] ?? [:] }
    var customer: JSONObject { state.objects[link.customer] ?? [:] }
    var configuration: JSONObject { state.portalConfiguration(link) }
    var returnURL: String { session.string("return_url") ?? "" }

    func e(_ text: String?) -> String { HTML.escape(text ?? "") }
    func date(_ time: Int?) -> String { time.map(BillingPeriod.display) ?? "" }
    func post(_ path: String, _ label: String, style: String = "secondary", fields: [(String, String)] = []) -> String {
        HTML.postButton(action: base + path, csrf: link.csrf, label: label, style: style, fields: fields)
    }

    /// The host of the return URL, shown as "Return to …".
    var returnHost: String {
        URLComponents(string: returnURL)?.host.map { host in
            let port = URLComponents(string: returnURL)?.port.map { ":\($0)" } ?? ""
            return host + port
        } ?? "the site"
    }

    var businessName: String {
        configuration.string("name") ?? returnHost
    }

    // MARK: layout

    func page(title: String, body: String, error: String? = nil, notice: String? = nil) -> String {
        let profile = configuration.object("business_profile") ?? [:]
        var legal = ""
        if let terms = profile.string("terms_of_service_url") { legal += "<a href=\"\(e(terms))\">Terms</a>" }
        if let privacy = profile.string("privacy_policy_url") { legal += "<a href=\"\(e(privacy))\">Privacy</a>" }
        let headline = profile.string("headline").map { "<p class=\"headline\">\(e($0))</p>" } ?? ""
        let initial = businessName.first.map { String($0).uppercased() } ?? "B"
        let aside = """
            <aside class="brand"><div class="brand-inner">
            <div class="business"><span class="logo">\(e(initial))</span>\(e(businessName)) \
            <span class="testmode">Test mode</span></div>
            <a class="return" id="return-link" href="\(e(returnURL))">&larr; Return to \(e(returnHost))</a>
            \(headline)
            <div class="footer">Stripe emulator customer portal<br>\(legal)</div>
            </div></aside>
            """
        return Self.document(title: title, aside: aside, body: body, error: error, notice: notice)
    }

    static func document(title: String, aside: String, body: String, error: String?, notice: String?) -> String {
        let alert = error.map { "<div class=\"alert\" role=\"alert\" id=\"error\">\(HTML.escape($0))</div>" } ?? ""
        let info = notice.map { "<div class=\"notice\" role=\"status\">\(HTML.escape($0))</div>" } ?? ""
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>\(HTML.escape(title))</title><style>\(HTML.stylesheet)</style></head>
            <body><div class="portal">\(aside)<main class="content">\(alert)\(info)\(body)</main></div></body></html>
            """
    }

    /// The page for unknown, tampered or expired links (no session, so no return link).
    static func expiredPage(_ error: PortalError) -> String {
        let aside = """
            <aside class="brand"><div class="brand-inner"><div class="business"><span class="logo">S</span>\
            Billing portal <span class="testmode">Test mode</span></div>
            <div class="footer">Stripe emulator customer portal</div></div></aside>
            """
        let body = """
            <h1 class="page">This link is no longer valid</h1>
            <div class="card"><p>\(HTML.escape(error.message))</p>
            <p class="muted small">Portal links are short-lived and only work for the customer they were created for.</p>
            </div>
            """
        return document(title: "Link expired", aside: aside, body: body, error: nil, notice: nil)
    }

    // MARK: home

    func home(error: String? = nil, notice: String? = nil) -> String {
        var body = "<h2>Current subscription</h2>"
        let subscriptions = state.portalSubscriptions(customer: link.customer)
        if subscriptions.isEmpty {
            body += "<div class=\"card muted\">You have no active subscriptions.</div>"
        }
        for subscription in subscriptions { body += subscriptionCard(subscription) }
        body += paymentMethodsSection()
        body += billingSection()
        if state.portalFeature(link, "invoice_history") != nil { body += invoicesSection() }
        return page(title: "Billing", body: body, error: error, notice: notice)
    }

    func planName(_ price: JSONObject?) -> String {
        state.objects[price?.string("product") ?? ""]?.string("name") ?? price?.string("nickname") ?? "Subscription"
    }

    func priceText(_ price: JSONObject?, quantity: Int = 1) -> String {
        guard let price else { return "" }
        let amount = BillingPeriod.money(
            (price.int("unit_amount") ?? 0) * quantity,
            currency: price.string("currency") ?? "usd"
        )
        let recurring = price.object("recurring") ?? [:]
        let count = recurring.int("interval_count") ?? 1
        let interval = recurring.string("interval") ?? "month"
        let every = count == 1 ? "per \(interval)" : "every \(count) \(interval)s"
        return quantity > 1 ? "\(amount) \(every) (\(quantity) × \(planName(price)))" : "\(amount) \(every)"
    }

    func statusBadge(_ subscription: JSONObject) -> String {
        if subscription["cancel_at"]?.isNull == false, subscription.string("status") != "canceled" {
            return "<span class=\"badge warn\">Cancels \(e(date(subscription.int("cancel_at"))))</span>"
        }
        switch subscription.string("status") ?? "" {
        case "active":
            return subscription["pause_collection"]?.isNull == false
                ? "<span class=\"badge warn\">Payments paused</span>" : "<span class=\"badge ok\">Active</span>"
        case "trialing": return "<span class=\"badge info\">Trial</span>"
        case "past_due": return "<span class=\"badge warn\">Past due</span>"
        case "paused": return "<span class=\"badge neutral\">Paused</span>"
        case "canceled": return "<span class=\"badge neutral\">Canceled</span>"
        case let other:
            return "<span class=\"badge neutral\">\(e(other.replacingOccurrences(of: "_", with: " ")))</span>"
        }
    }

    func couponText(_ coupon: JSONObject) -> String {
        var text: String
        if case .number(let percent)? = coupon["percent_off"] {
            text = percent == percent.rounded() ? "\(Int(percent))% off" : "\(percent)% off"
        } else {
            text =
                BillingPeriod.money(coupon.int("amount_off") ?? 0, currency: coupon.string("currency") ?? "usd")
                + " off"
        }
        switch coupon.string("duration") {
        case "forever": text += " forever"
        case "repeating": text += " for \(coupon.int("duration_in_months") ?? 1) months"
        default: text += " your next invoice"
        }
        return text
    }

    func subscriptionCard(_ subscription: JSONObject) -> String {
        let id = subscription.string("id") ?? ""
        let item = subscription["items"]?["data"]?.arrayValue?.first?.objectValue
        let price = item?.object("price")
        let quantity = item?.int("quantity") ?? 1
        let period = EmulatorState.periodOf(subscription)
        var lines: [String] = []
        let status = subscription.string("status") ?? ""
        if status == "trialing", let trialEnd = subscription.int("trial_end") {
            lines.append("Your trial ends on \(date(trialEnd)).")
        }
        if let cancelAt = subscription.int("cancel_at"), status != "canceled" {
            lines.append("Your plan will be canceled on \(date(cancelAt)).")
        } else if status == "paused" {
            lines.append("Your subscription is paused.")
        } else if status != "canceled" {
            lines.append("Your plan renews on \(date(period.end)).")
        }
        if let scheduleID = subscription.string("schedule"), let schedule = state.objects[scheduleID],
            let next = schedule["phases"]?.arrayValue?.dropFirst().first,
            let nextPrice = next["items"]?.arrayValue?.first?["price"]?.stringValue.flatMap({ state.objects[$0] })
        {
            lines.append(
                "Changes to \(planName(nextPrice)) (\(priceText(nextPrice))) on \(date(next["start_date"]?.intValue))."
            )
        }
        for discountID in subscription["discounts"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
            if let coupon = state.objects[discountID]?.object("coupon") {
                lines.append("Discount: \(couponText(coupon)) (\(coupon.string("name") ?? coupon.string("id") ?? "")).")
            }
        }
        var actions = ""
        let cancellable = EmulatorState.isCancellable(subscription)
        let changeable = ["active", "trialing", "past_due"].contains(status) && cancellable
        if changeable, state.portalFeature(link, "subscription_update") != nil,
            (try? state.portalProductChoices(configuration, param: "")) != nil,
            subscription["schedule"]?.isNull != false
        {
            actions += "<a class=\"button primary\" href=\"\(e(base))/subscriptions/\(e(id))/update\">Update plan</a>"
        }
        if status != "canceled", subscription["cancel_at"]?.isNull == false {
            actions += post("/subscriptions/\(id)/renew", "Renew plan", style: "primary")
        }
        if state.portalFeature(link, "subscription_pause") != nil {
            if status == "paused" {
                actions += post("/subscriptions/\(id)/resume", "Resume subscription", style: "primary")
            } else if changeable {
                actions += "<a class=\"button\" href=\"\(e(base))/subscriptions/\(e(id))/pause\">Pause subscription</a>"
            }
        }
        if cancellable, state.portalFeature(link, "subscription_cancel") != nil {
            actions += "<a class=\"button\" href=\"\(e(base))/subscriptions/\(e(id))/cancel\">Cancel plan</a>"
        }
        return """
            <div class="card subscription" id="subscription-\(e(id))" data-status="\(e(status))">
            <div class="row"><span class="plan-name">\(e(planName(price)))</span>\(statusBadge(subscription))</div>
            <div class="price">\(e(priceText(price, quantity: quantity)))</div>
            \(lines.map { "<p class=\"muted small\">\(e($0))</p>" }.joined())
            \(actions.isEmpty ? "" : "<div class=\"actions\">\(actions)</div>")
            </div>
            """
    }

    func cardLabel(_ method: JSONObject) -> String {
        let card = method.object("card") ?? [:]
        let brand = (card.string("brand") ?? "card").capitalized
        return "\(brand) •••• \(card.string("last4") ?? "")"
    }

    func expiryText(_ method: JSONObject) -> String {
        let card = method.object("card") ?? [:]
        let month = card.int("exp_month") ?? 0
        return "Expires \(month < 10 ? "0" : "")\(month)/\(card.int("exp_year") ?? 0)"
    }

    var defaultMethod: String? {
        customer["invoice_settings"]?["default_payment_method"]?.stringValue
    }

    func paymentMethodsSection() -> String {
        var body = "<h2>Payment method</h2><div class=\"card\" id=\"payment-methods\">"
        let methods = state.portalPaymentMethods(customer: link.customer)
        if methods.isEmpty { body += "<p class=\"muted\">No payment method on file.</p>" }
        body += "<table>"
        for method in methods {
            let id = method.string("id") ?? ""
            let badge = id == defaultMethod ? " <span class=\"badge info\">Default</span>" : ""
            body += "<tr class=\"payment-method\" data-id=\"\(e(id))\"><td>\(e(cardLabel(method)))\(badge)</td>"
            body += "<td class=\"num muted\">\(e(expiryText(method)))</td></tr>"
        }
        body += "</table>"
        if state.portalFeature(link, "payment_method_update") != nil {
            body += "<div class=\"actions\"><a class=\"button\" href=\"\(e(base))/payment-methods\">"
            body += "\(methods.isEmpty ? "Add payment method" : "Manage payment methods")</a></div>"
        }
        return body + "</div>"
    }

    func billingSection() -> String {
        let address = customer.object("address") ?? [:]
        let addressText = ["line1", "line2", "city", "state", "postal_code", "country"].compactMap {
            address.string($0).flatMap { $0.isEmpty ? nil : $0 }
        }.joined(separator: ", ")
        var rows = ""
        for (label, value) in [
            ("Name", customer.string("name")), ("Email", customer.string("email")),
            ("Phone", customer.string("phone")), ("Billing address", addressText.isEmpty ? nil : addressText),
        ] {
            rows += "<dt>\(e(label))</dt><dd>\(e(value ?? "—"))</dd>"
        }
        var body = "<h2>Billing information</h2><div class=\"card\" id=\"billing-information\"><dl>\(rows)</dl>"
        let allowed = state.portalFeature(link, "customer_update")?["allowed_updates"]?.arrayValue ?? []
        if !allowed.isEmpty {
            body +=
                "<div class=\"actions\"><a class=\"button\" href=\"\(e(base))/customer\">Update information</a></div>"
        }
        return body + "</div>"
    }

    func invoicesSection() -> String {
        let invoices = state.portalInvoices(customer: link.customer)
        var body = "<h2>Invoice history</h2><div class=\"card\" id=\"invoices\">"
        if invoices.isEmpty { body += "<p class=\"muted\">No invoices yet.</p>" }
        body += "<table>"
        for invoice in invoices.prefix(24) {
            let status = invoice.string("status") ?? ""
            let style = status == "paid" ? "ok" : (status == "open" ? "warn" : "neutral")
            let amount = BillingPeriod.money(invoice.int("total") ?? 0, currency: invoice.string("currency") ?? "usd")
            body += "<tr class=\"invoice\" data-id=\"\(e(invoice.string("id")))\">"
            body += "<td>\(e(date(invoice.int("created"))))</td><td class=\"num\">\(e(amount))</td>"
            body += "<td><span class=\"badge \(style)\">\(e(status.capitalized))</span></td>"
            body += "<td class=\"muted small\">\(e(invoice.string("number")))</td><td class=\"num\">"
            if let hosted = invoice.string("hosted_invoice_url") {
                body += "<a href=\"\(e(hosted))\" class=\"invoice-view\">View</a> · "
            }
            if let pdf = invoice.string("invoice_pdf") {
                body += "<a href=\"\(e(pdf))\" class=\"invoice-pdf\">PDF</a>"
            }
            body += "</td></tr>"
        }
        return body + "</table></div>"
    }
}

extension EmulatorState {
    /// The customer's subscriptions that are still live, newest first.
    func portalSubscriptions(customer: String) -> [JSONObject] {
        (order["subscription"] ?? []).reversed().compactMap { id in
            guard let subscription = objects[id], subscription.string("customer") == customer,
                !["canceled", "incomplete_expired"].contains(subscription.string("status") ?? "")
            else { return nil }
            return subscription
        }
    }

    func portalPaymentMethods(customer: String) -> [JSONObject] {
        (order["payment_method"] ?? []).compactMap { id in
            guard let method = objects[id], method.string("customer") == customer else { return nil }
            return method
        }
    }

    func portalInvoices(customer: String) -> [JSONObject] {
        (order["invoice"] ?? []).reversed().compactMap { id in
            guard let invoice = objects[id], invoice.string("customer") == customer,
                invoice.string("status") != "draft"
            else { return nil }
            return invoice
        }
    }
}
