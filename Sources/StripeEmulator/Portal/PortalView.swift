import Foundation
import StripeAPI

/// Server-rendered pages of the hosted customer portal. Every value from the state is escaped with ``HTML/escape(_:)``;
/// every sentence goes through the session's string table (``PortalLocale/strings``).
struct PortalView {
    let state: EmulatorState
    let link: PortalLink
    /// The session's path, `/p/session/test_<token>`; page and form paths are built under it.
    let base: String
    /// The language and formats the page renders in.
    var locale: PortalLocale = .english

    var session: JSONObject { state.objects[link.sessionID] ?? [:] }
    var customer: JSONObject { state.objects[link.customer] ?? [:] }
    var configuration: JSONObject { state.portalConfiguration(link) }
    var returnURL: String { session.string("return_url") ?? "" }
    var branding: EmulatorBranding { state.branding }

    func e(_ text: String?) -> String { HTML.escape(text ?? "") }
    /// A sentence in the page's language, `{name}` placeholders filled in (values are not escaped here).
    func t(_ english: String, _ values: [String: String] = [:]) -> String { locale.strings(english, values) }
    func date(_ time: Int?) -> String { time.map(locale.date) ?? "" }
    func money(_ amount: Int, _ currency: String) -> String { locale.money(amount, currency: currency) }
    func post(_ path: String, _ label: String, style: String = "secondary", fields: [(String, String)] = []) -> String {
        HTML.postButton(action: base + path, csrf: link.csrf, label: label, style: style, fields: fields)
    }

    /// The host of the return URL, the last resort for naming the business.
    var returnHost: String {
        URLComponents(string: returnURL)?.host.map { host in
            let port = URLComponents(string: returnURL)?.port.map { ":\($0)" } ?? ""
            return host + port
        } ?? t("the site")
    }

    /// The account's business name (branding), else the configuration's name, else the return URL's host.
    var businessName: String {
        branding.businessName ?? configuration.string("name") ?? returnHost
    }

    // MARK: layout

    func page(title: String, body: String, error: String? = nil, notice: String? = nil) -> String {
        let profile = configuration.object("business_profile") ?? [:]
        var legal = ""
        if let terms = profile.string("terms_of_service_url") {
            legal += "<a href=\"\(e(terms))\" id=\"terms-link\">\(e(t("Terms")))</a>"
        }
        if let privacy = profile.string("privacy_policy_url") {
            legal += "<a href=\"\(e(privacy))\" id=\"privacy-link\">\(e(t("Privacy")))</a>"
        }
        let headline = profile.string("headline").map { "<p class=\"headline\" id=\"headline\">\(e($0))</p>" } ?? ""
        let aside = """
            <aside class="brand"><div class="brand-inner">
            <div class="business">\(branding.mark(name: businessName))<span id="business-name"\
            \(branding.logoURL == nil ? "" : " class=\"visually-hidden\"")>\(e(businessName))</span> \
            <span class="testmode">\(e(t("Test mode")))</span></div>
            <a class="return" id="return-link" href="\(e(returnURL))">&larr; \(e(t("Return to {name}", ["name": businessName])))</a>
            \(headline)
            <div class="footer">\(e(t("Stripe emulator customer portal")))<br>\(legal)</div>
            </div></aside>
            """
        return Self.document(
            title: title,
            aside: aside,
            body: body,
            error: error,
            notice: notice,
            language: locale.tag,
            branding: branding
        )
    }

    static func document(
        title: String,
        aside: String,
        body: String,
        error: String?,
        notice: String?,
        language: String = "en",
        branding: EmulatorBranding = EmulatorBranding()
    ) -> String {
        let alert = error.map { "<div class=\"alert\" role=\"alert\" id=\"error\">\(HTML.escape($0))</div>" } ?? ""
        let info = notice.map { "<div class=\"notice\" role=\"status\" id=\"notice\">\(HTML.escape($0))</div>" } ?? ""
        let icon = branding.iconURL.map { "<link rel=\"icon\" href=\"\(HTML.escape($0))\">" } ?? ""
        return """
            <!doctype html>
            <html lang="\(HTML.escape(language))"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">\(icon)
            <title>\(HTML.escape(title))</title><style>\(HTML.stylesheet)\(branding.stylesheet)</style></head>
            <body><div class="portal">\(aside)<main class="content">\(alert)\(info)\(body)</main></div></body></html>
            """
    }

    /// The page for unknown, tampered or expired links (no session, so no return link).
    static func expiredPage(_ error: PortalError, locale: PortalLocale = .english) -> String {
        let strings = locale.strings
        let aside = """
            <aside class="brand"><div class="brand-inner"><div class="business"><span class="logo">S</span>\
            \(HTML.escape(strings("Billing portal"))) <span class="testmode">\(HTML.escape(strings("Test mode")))</span></div>
            <div class="footer">\(HTML.escape(strings("Stripe emulator customer portal")))</div></div></aside>
            """
        let body = """
            <h1 class="page">\(HTML.escape(strings("This link is no longer valid")))</h1>
            <div class="card"><p>\(HTML.escape(strings(error.message)))</p>
            <p class="muted small">\(HTML.escape(strings("Portal links are short-lived and only work for the customer they were created for.")))</p>
            </div>
            """
        return document(
            title: strings("Link expired"),
            aside: aside,
            body: body,
            error: nil,
            notice: nil,
            language: locale.tag
        )
    }

    // MARK: home

    func home(error: String? = nil, notice: String? = nil) -> String {
        var body = "<h2>\(e(t("Current subscription")))</h2>"
        let subscriptions = state.portalSubscriptions(customer: link.customer)
        if subscriptions.isEmpty {
            body += "<div class=\"card muted\">\(e(t("You have no active subscriptions.")))</div>"
        }
        for subscription in subscriptions { body += subscriptionCard(subscription) }
        body += paymentMethodsSection()
        body += billingSection()
        if state.portalFeature(link, "invoice_history") != nil { body += invoicesSection() }
        return page(title: t("Billing"), body: body, error: error, notice: notice)
    }

    func planName(_ price: JSONObject?) -> String {
        state.objects[price?.string("product") ?? ""]?.string("name") ?? price?.string("nickname")
            ?? t("Subscription")
    }

    /// "Pro yearly": the product and how often it bills, for confirmations.
    func planLabel(_ price: JSONObject?) -> String {
        let recurring = price?.object("recurring") ?? [:]
        guard (recurring.int("interval_count") ?? 1) == 1 else { return planName(price) }
        let adjective = ["day": "daily", "week": "weekly", "month": "monthly", "year": "yearly"][
            recurring.string("interval") ?? ""
        ]
        return adjective.map { t("{plan} \($0)", ["plan": planName(price)]) } ?? planName(price)
    }

    func priceText(_ price: JSONObject?, quantity: Int = 1) -> String {
        guard let price else { return "" }
        let amount = money((price.int("unit_amount") ?? 0) * quantity, price.string("currency") ?? "usd")
        let recurring = price.object("recurring") ?? [:]
        let count = recurring.int("interval_count") ?? 1
        let interval = recurring.string("interval") ?? "month"
        let every =
            count == 1
            ? t("{amount} per \(interval)", ["amount": amount])
            : t("{amount} every {count} \(interval)s", ["amount": amount, "count": String(count)])
        return quantity > 1 ? "\(every) (\(quantity) × \(planName(price)))" : every
    }

    func statusBadge(_ subscription: JSONObject) -> String {
        if subscription["cancel_at"]?.isNull == false, subscription.string("status") != "canceled" {
            let text = t("Cancels {date}", ["date": date(subscription.int("cancel_at"))])
            return "<span class=\"badge warn\">\(e(text))</span>"
        }
        let (style, text): (String, String)
        switch subscription.string("status") ?? "" {
        case "active":
            (style, text) =
                subscription["pause_collection"]?.isNull == false ? ("warn", t("Payments paused")) : ("ok", t("Active"))
        case "trialing": (style, text) = ("info", t("Trial"))
        case "past_due": (style, text) = ("warn", t("Past due"))
        case "paused": (style, text) = ("neutral", t("Paused"))
        case "canceled": (style, text) = ("neutral", t("Canceled"))
        case let other: (style, text) = ("neutral", other.replacingOccurrences(of: "_", with: " "))
        }
        return "<span class=\"badge \(style)\">\(e(text))</span>"
    }

    func couponText(_ coupon: JSONObject) -> String {
        let amount: String
        if case .number(let percent)? = coupon["percent_off"] {
            amount = percent == percent.rounded() ? "\(Int(percent))%" : "\(percent)%"
        } else {
            amount = money(coupon.int("amount_off") ?? 0, coupon.string("currency") ?? "usd")
        }
        switch coupon.string("duration") {
        case "forever": return t("{amount} off forever", ["amount": amount])
        case "repeating":
            return t(
                "{amount} off for {months} months",
                ["amount": amount, "months": String(coupon.int("duration_in_months") ?? 1)]
            )
        default: return t("{amount} off your next invoice", ["amount": amount])
        }
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
            lines.append(t("Your trial ends on {date}.", ["date": date(trialEnd)]))
        }
        if let cancelAt = subscription.int("cancel_at"), status != "canceled" {
            lines.append(t("Your plan will be canceled on {date}.", ["date": date(cancelAt)]))
        } else if status == "paused" {
            lines.append(t("Your subscription is paused."))
        } else if status != "canceled" {
            lines.append(t("Your plan renews on {date}.", ["date": date(period.end)]))
        }
        if let next = scheduledChange(subscription) {
            lines.append(
                t(
                    "Changes to {plan} ({price}) on {date}.",
                    ["plan": planName(next.price), "price": priceText(next.price), "date": date(next.start)]
                )
            )
        }
        for discountID in subscription["discounts"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
            if let coupon = state.objects[discountID]?.object("coupon") {
                let name = coupon.string("name") ?? coupon.string("id") ?? ""
                lines.append(t("Discount: {coupon} ({name}).", ["coupon": couponText(coupon), "name": name]))
            }
        }
        var actions = ""
        let cancellable = EmulatorState.isCancellable(subscription)
        let changeable = ["active", "trialing", "past_due"].contains(status) && cancellable
        if changeable, state.portalFeature(link, "subscription_update") != nil,
            (try? state.portalProductChoices(configuration, param: "")) != nil,
            subscription["schedule"]?.isNull != false
        {
            actions +=
                "<a class=\"button primary\" href=\"\(e(base))/subscriptions/\(e(id))/update\">\(e(t("Update plan")))</a>"
        }
        if status != "canceled", subscription["cancel_at"]?.isNull == false {
            actions += post("/subscriptions/\(id)/renew", t("Renew plan"), style: "primary")
        }
        if state.portalFeature(link, "subscription_pause") != nil {
            if status == "paused" {
                actions += post("/subscriptions/\(id)/resume", t("Resume subscription"), style: "primary")
            } else if changeable {
                actions +=
                    "<a class=\"button\" href=\"\(e(base))/subscriptions/\(e(id))/pause\">\(e(t("Pause subscription")))</a>"
            }
        }
        if cancellable, state.portalFeature(link, "subscription_cancel") != nil {
            actions +=
                "<a class=\"button\" href=\"\(e(base))/subscriptions/\(e(id))/cancel\">\(e(t("Cancel plan")))</a>"
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

    /// The price and start of a change scheduled for the period end, if any.
    func scheduledChange(_ subscription: JSONObject) -> (price: JSONObject, start: Int?)? {
        guard let scheduleID = subscription.string("schedule"), let schedule = state.objects[scheduleID],
            let next = schedule["phases"]?.arrayValue?.dropFirst().first,
            let price = next["items"]?.arrayValue?.first?["price"]?.stringValue.flatMap({ state.objects[$0] })
        else { return nil }
        return (price, next["start_date"]?.intValue)
    }

    func cardLabel(_ method: JSONObject) -> String {
        let card = method.object("card") ?? [:]
        let brand = (card.string("brand") ?? "card").capitalized
        return "\(brand) •••• \(card.string("last4") ?? "")"
    }

    func expiryText(_ method: JSONObject) -> String {
        let card = method.object("card") ?? [:]
        let month = card.int("exp_month") ?? 0
        return t("Expires {date}", ["date": "\(month < 10 ? "0" : "")\(month)/\(card.int("exp_year") ?? 0)"])
    }

    var defaultMethod: String? {
        customer["invoice_settings"]?["default_payment_method"]?.stringValue
    }

    var defaultBadge: String { " <span class=\"badge info\">\(e(t("Default")))</span>" }

    func paymentMethodsSection() -> String {
        var body = "<h2>\(e(t("Payment method")))</h2><div class=\"card\" id=\"payment-methods\">"
        let methods = state.portalPaymentMethods(customer: link.customer)
        if methods.isEmpty { body += "<p class=\"muted\">\(e(t("No payment method on file.")))</p>" }
        body += "<table>"
        for method in methods {
            let id = method.string("id") ?? ""
            let badge = id == defaultMethod ? defaultBadge : ""
            body += "<tr class=\"payment-method\" data-id=\"\(e(id))\"><td>\(e(cardLabel(method)))\(badge)</td>"
            body += "<td class=\"num muted\">\(e(expiryText(method)))</td></tr>"
        }
        body += "</table>"
        if state.portalFeature(link, "payment_method_update") != nil {
            body += "<div class=\"actions\"><a class=\"button\" href=\"\(e(base))/payment-methods\">"
            body += "\(e(methods.isEmpty ? t("Add payment method") : t("Manage payment methods")))</a></div>"
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
            (t("Name"), customer.string("name")), (t("Email"), customer.string("email")),
            (t("Phone"), customer.string("phone")), (t("Billing address"), addressText.isEmpty ? nil : addressText),
        ] {
            rows += "<dt>\(e(label))</dt><dd>\(e(value ?? "—"))</dd>"
        }
        var body =
            "<h2>\(e(t("Billing information")))</h2><div class=\"card\" id=\"billing-information\"><dl>\(rows)</dl>"
        let allowed = state.portalFeature(link, "customer_update")?["allowed_updates"]?.arrayValue ?? []
        if !allowed.isEmpty {
            body += "<div class=\"actions\"><a class=\"button\" href=\"\(e(base))/customer\">"
            body += "\(e(t("Update information")))</a></div>"
        }
        return body + "</div>"
    }

    func invoicesSection() -> String {
        let invoices = state.portalInvoices(customer: link.customer)
        var body = "<h2>\(e(t("Invoice history")))</h2><div class=\"card\" id=\"invoices\">"
        if invoices.isEmpty { body += "<p class=\"muted\">\(e(t("No invoices yet.")))</p>" }
        body += "<table>"
        for invoice in invoices.prefix(24) {
            let status = invoice.string("status") ?? ""
            let style = status == "paid" ? "ok" : (status == "open" ? "warn" : "neutral")
            let amount = money(invoice.int("total") ?? 0, invoice.string("currency") ?? "usd")
            let label = ["paid": t("Paid"), "open": t("Open"), "void": t("Void"), "uncollectible": t("Uncollectible")][
                status
            ]
            body += "<tr class=\"invoice\" data-id=\"\(e(invoice.string("id")))\">"
            body += "<td>\(e(date(invoice.int("created"))))</td><td class=\"num\">\(e(amount))</td>"
            body += "<td><span class=\"badge \(style)\">\(e(label ?? status.capitalized))</span></td>"
            body += "<td class=\"muted small\">\(e(invoice.string("number")))</td><td class=\"num\">"
            if let hosted = invoice.string("hosted_invoice_url") {
                body += "<a href=\"\(e(hosted))\" class=\"invoice-view\">\(e(t("View")))</a> · "
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
