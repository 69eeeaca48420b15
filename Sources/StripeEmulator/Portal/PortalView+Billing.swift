import StripeAPI

extension PortalView {
    func paymentMethodsPage(error: String? = nil, notice: String? = nil) -> String {
        var rows = ""
        for method in state.portalPaymentMethods(customer: link.customer) {
            let id = method.string("id") ?? ""
            let isDefault = id == defaultMethod
            var actions = ""
            if !isDefault { actions += post("/payment-methods/\(id)/default", t("Make default"), style: "link") }
            actions += post("/payment-methods/\(id)/remove", t("Remove"), style: "link")
            rows += """
                <tr class="payment-method" data-id="\(e(id))"><td>\(e(cardLabel(method)))\
                \(isDefault ? defaultBadge : "")</td>\
                <td class="muted">\(e(expiryText(method)))</td><td class="num">\(actions)</td></tr>
                """
        }
        let existing =
            rows.isEmpty
            ? "<p class=\"muted\">\(e(t("No payment method on file.")))</p>" : "<table>\(rows)</table>"
        let testHint = t(
            "Test mode: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0341 attaches but every charge fails, "
                + "4000 0000 0000 0002 is declined."
        )
        let body =
            backLink + """
                <h1 class="page">\(e(t("Payment methods")))</h1>
                <div class="card">\(existing)</div>
                <h2>\(e(t("Add a card")))</h2>
                <div class="card"><form method="post" action="\(e(base))/payment-methods" id="add-card">
                <input type="hidden" name="csrf" value="\(e(link.csrf))">
                <label for="number">\(e(t("Card number")))</label>
                <input type="text" id="number" name="number" inputmode="numeric" autocomplete="off" \
                placeholder="4242 4242 4242 4242">
                <div class="grid2"><div><label for="expiry">\(e(t("Expiration")))</label>
                <input type="text" id="expiry" name="expiry" placeholder="MM / YY" autocomplete="off"></div>
                <div><label for="cvc">CVC</label><input type="text" id="cvc" name="cvc" placeholder="123" \
                autocomplete="off"></div></div>
                <label for="token">\(e(t("Or a test token")))</label>
                <input type="text" id="token" name="token" placeholder="tok_visa, pm_card_mastercard…" autocomplete="off">
                <p class="muted small">\(e(testHint))</p>
                <div class="actions"><button class="button primary" type="submit">\(e(t("Add card")))</button></div>
                </form></div>
                """
        return page(title: t("Payment methods"), body: body, error: error, notice: notice)
    }

    func customerPage(error: String? = nil) -> String {
        let allowed = Set(
            state.portalFeature(link, "customer_update")?["allowed_updates"]?.arrayValue?.compactMap(\.stringValue)
                ?? []
        )
        var fields = ""
        for (key, label, type) in [
            ("name", t("Name"), "text"), ("email", t("Email"), "email"), ("phone", t("Phone"), "tel"),
        ] where allowed.contains(key) {
            fields += "<label for=\"\(key)\">\(e(label))</label><input type=\"\(type)\" id=\"\(key)\" name=\"\(key)\" "
            fields += "value=\"\(e(customer.string(key)))\">"
        }
        if allowed.contains("address") {
            let address = customer.object("address") ?? [:]
            for (key, label) in [
                ("line1", t("Address line 1")), ("line2", t("Address line 2")), ("city", t("City")),
                ("state", t("State")), ("postal_code", t("Postal code")), ("country", t("Country")),
            ] {
                fields += "<label for=\"address-\(key)\">\(e(label))</label><input type=\"text\" id=\"address-\(key)\" "
                fields += "name=\"address[\(key)]\" value=\"\(e(address.string(key)))\">"
            }
        }
        let body =
            backLink + """
                <h1 class="page">\(e(t("Billing information")))</h1>
                <div class="card"><form method="post" action="\(e(base))/customer">
                <input type="hidden" name="csrf" value="\(e(link.csrf))">\(fields)
                <div class="actions"><button class="button primary" type="submit">\(e(t("Save")))</button>\
                <a class="button link" href="\(e(base))">\(e(t("Cancel")))</a></div></form></div>
                """
        return page(title: t("Billing information"), body: body, error: error)
    }
}
