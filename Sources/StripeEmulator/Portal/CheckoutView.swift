import Foundation
import StripeAPI

/// The hosted Checkout page (`/c/pay/<session id>`): order summary on the left, promotion code and card entry on
/// the right. Every value from the state is escaped with ``HTML/escape(_:)``.
struct CheckoutView {
    let state: EmulatorState
    let session: JSONObject
    let link: CheckoutLink

    var id: String { session.string("id") ?? "" }
    var base: String { "/c/pay/\(id)" }
    var currency: String { session.string("currency") ?? "usd" }
    var details: JSONObject { state.checkoutDetails[id] ?? [:] }

    func e(_ text: String?) -> String { HTML.escape(text ?? "") }
    func money(_ amount: Int) -> String { BillingPeriod.money(amount, currency: currency) }

    /// The line items with their prices and product names.
    var lines: [JSONValue] { state.checkoutLineItems(id, limit: 100)["data"]?.arrayValue ?? [] }

    /// Trial days (a fixed `trial_end` rounded to the nearest day), when the subscription will start with a trial.
    var trialDays: Int? {
        if let days = details["trial_period_days"]?.intValue { return days }
        guard let end = details["trial_end"]?.intValue else { return nil }
        return max(1, (end - state.realtimeNow + 43_200) / 86_400)
    }

    /// `/month`, or ` every 3 months`.
    func intervalText(_ price: JSONValue?) -> String {
        let interval = price?["recurring"]?["interval"]?.stringValue ?? "month"
        let count = price?["recurring"]?["interval_count"]?.intValue ?? 1
        return count == 1 ? "/\(interval)" : " every \(count) \(interval)s"
    }

    /// The headline price: "14 days free, then $12.00/month", "$12.00/month" or "$30.00".
    var priceSummary: String {
        let subtotal = state.checkoutSubtotal(id)
        guard session.string("mode") == "subscription" else { return money(subtotal) }
        let recurringLines = lines.filter { $0["price"]?["type"]?.stringValue == "recurring" }
        let amount = recurringLines.reduce(0) { $0 + ($1["amount_subtotal"]?.intValue ?? 0) }
        let recurring = money(amount) + intervalText(recurringLines.first?["price"])
        guard let days = trialDays else { return recurring }
        return "\(days) day\(days == 1 ? "" : "s") free, then \(recurring)"
    }

    // MARK: page

    func page(error: String? = nil, email: String? = nil) -> String {
        let name = lines.first?["description"]?.stringValue ?? "Your order"
        var back = ""
        if let cancel = session.string("cancel_url") {
            back = "<a class=\"return\" id=\"back-link\" href=\"\(e(cancel))\">&larr; Back</a>"
        }
        let branding = state.branding
        // The account's business name when branded; otherwise the product, as before any branding exists.
        let business = branding.businessName ?? name
        let product = branding.businessName == nil ? "" : "<p class=\"muted\" id=\"product-name\">\(e(name))</p>"
        let aside = """
            <aside class="brand"><div class="brand-inner">
            \(back)
            <div class="business">\(branding.mark(name: business))<span id="business-name"\
            \(branding.logoURL == nil ? "" : " class=\"visually-hidden\"")>\(e(business))</span> \
            <span class="testmode">Test mode</span></div>
            \(product)<p class="headline" id="price-summary">\(e(priceSummary))</p>
            \(summary())
            <div class="footer">Stripe emulator Checkout</div>
            </div></aside>
            """
        return PortalView.document(
            title: "Checkout",
            aside: aside,
            body: promotionSection() + paymentForm(email: email),
            error: error,
            notice: nil,
            branding: branding
        )
    }

    private func summary() -> String {
        var rows = ""
        for line in lines {
            let quantity = line["quantity"]?.intValue ?? 1
            let amount = line["amount_subtotal"]?.intValue ?? 0
            let interval =
                line["price"]?["type"]?.stringValue == "recurring" ? intervalText(line["price"]) : ""
            let label = (line["description"]?.stringValue ?? "") + (quantity > 1 ? " × \(quantity)" : "")
            rows += "<tr><td>\(e(label))</td><td class=\"num\">\(e(money(amount) + interval))</td></tr>"
        }
        let subtotal = state.checkoutSubtotal(id)
        rows += "<tr><td>Subtotal</td><td class=\"num\" id=\"subtotal\">\(e(money(subtotal)))</td></tr>"
        var off = 0
        let discountCoupons = state.checkoutDiscount(id).map { [$0.coupon] } ?? []
        if let discount = state.checkoutDiscount(id) {
            off = EmulatorState.discountAmounts(subtotal: subtotal, coupons: [discount.coupon]).reduce(0, +)
            let code = discount.promotionCode.flatMap { state.objects[$0]?.string("code") }
            let label = code ?? discount.coupon.string("name") ?? discount.coupon.string("id") ?? "Discount"
            rows +=
                "<tr><td>Discount <span class=\"badge info\" id=\"discount-code\">\(e(label))</span></td>"
                + "<td class=\"num\" id=\"discount-amount\">-\(e(money(off)))</td></tr>"
        }
        let dueToday = state.checkoutDueToday(id)
        let due =
            dueToday == subtotal
            ? max(0, subtotal - off)
            : max(
                0,
                dueToday - EmulatorState.discountAmounts(subtotal: dueToday, coupons: discountCoupons).reduce(0, +)
            )
        rows +=
            "<tr><td><strong>Total due today</strong></td>"
            + "<td class=\"num\" id=\"total-due\"><strong>\(e(money(due)))</strong></td></tr>"
        return "<table id=\"summary\">\(rows)</table>"
    }

    private func promotionSection() -> String {
        guard session.bool("allow_promotion_codes") == true else { return "" }
        if let promo = link.promotionCode, let code = state.objects[promo]?.string("code") {
            return "<h2>Promotion code</h2><div class=\"card\"><div class=\"row\"><span>\(e(code)) applied</span>"
                + HTML.postButton(action: base + "/promotion/remove", csrf: link.csrf, label: "Remove", style: "link")
                + "</div></div>"
        }
        return """
            <h2>Promotion code</h2>
            <form method="post" action="\(e(base))/promotion" class="card" id="promotion-form">
            <input type="hidden" name="csrf" value="\(e(link.csrf))">
            <label for="code">Add promotion code</label>
            <input type="text" id="code" name="code" autocomplete="off">
            <div class="actions"><button type="submit" class="button secondary">Apply</button></div>
            </form>
            """
    }

    private func paymentForm(email: String?) -> String {
        var contact = ""
        if let known = session.string("customer_email") ?? session["customer_details"]?["email"]?.stringValue {
            contact = "<p class=\"muted\" id=\"email\">\(e(known))</p>"
        } else {
            contact = """
                <label for="email">Email</label>
                <input type="email" id="email" name="email" autocomplete="email" value="\(e(email))">
                """
        }
        let label = session.string("mode") == "subscription" ? (trialDays != nil ? "Start trial" : "Subscribe") : "Pay"
        return """
            <h2>Contact information</h2>
            <form method="post" action="\(e(base))" id="payment-form">
            <input type="hidden" name="csrf" value="\(e(link.csrf))">
            <div class="card">\(contact)</div>
            <h2>Payment method</h2>
            <div class="card">
            <label for="number">Card number</label>
            <input type="text" id="number" name="number" inputmode="numeric" autocomplete="cc-number" \
            placeholder="4242 4242 4242 4242">
            <div class="grid2"><div><label for="expiry">Expiration</label>
            <input type="text" id="expiry" name="expiry" autocomplete="cc-exp" placeholder="MM / YY"></div>
            <div><label for="cvc">CVC</label>
            <input type="text" id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" placeholder="123"></div>
            </div>
            </div>
            <div class="actions"><button type="submit" class="button primary" id="submit">\(e(label))</button></div>
            </form>
            """
    }

    /// The page for unknown, expired or completed sessions.
    static func closedPage(_ error: PortalError) -> String {
        let aside = """
            <aside class="brand"><div class="brand-inner"><div class="business"><span class="logo">S</span>\
            Checkout <span class="testmode">Test mode</span></div>
            <div class="footer">Stripe emulator Checkout</div></div></aside>
            """
        let body = """
            <h1 class="page">This Checkout page is no longer available</h1>
            <div class="card"><p>\(HTML.escape(error.message))</p></div>
            """
        return PortalView.document(title: "Checkout", aside: aside, body: body, error: nil, notice: nil)
    }
}
