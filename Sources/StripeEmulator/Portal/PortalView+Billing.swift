import StripeAPI

extension PortalView {
    func paymentMethodsPage(error: String? = nil) -> String {
        var rows = ""
        for method in state.portalPaymentMethods(customer: link.customer) {
            let id = method.string("id") ?? ""
            let isDefault = id == defaultMethod
            var actions = ""
            if !isDefault { actions += post("/payment-methods/\(id)/default", "Make default", style: "link") }
            actions += post("/payment-methods/\(id)/remove", "Remove", style: "link")
            rows += """
                <tr class="payment-method" data-id="\(e(id))"><td>\(e(cardLabel(method)))\
                \(isDefault ? " <span class=\"badge info\">Default</span>" : "")</td>\
                <td class="muted">\(e(expiryText(method)))</td><td class="num">\(actions)</td></tr>
                """
        }
        let existing =
            rows.isEmpty
            ? "<p class=\"muted\">No payment method on file.</p>" : "<table>\(rows)</table>"
        let body =
            backLink + """
                <h1 class="page">Payment methods</h1>
                <div class="card">\(existing)</div>
                <h2>Add a card</h2>
                <div class="card"><form method="post" action="\(e(base))/payment-methods" id="add-card">
                <input type="hidden" name="csrf" value="\(e(link.csrf))">
                <label for="number">Card number</label>
                <input type="text" id="number" name="number" inputmode="numeric" autocomplete="off" \
                placeholder="4242 4242 4242 4242">
                <div class="grid2"><div><label for="expiry">Expiration</label>
                <input type="text" id="expiry" name="expiry" placeholder="MM / YY" autocomplete="off"></div>
                <div><label for="cvc">CVC</label><input type="text" id="cvc" name="cvc" placeholder="123" \
                autocomplete="off"></div></div>
                <label for="token">Or a test token</label>
                <input type="text" id="token" name="token" placeholder="tok_visa, pm_card_mastercard…" autocomplete="off">
                <p class="muted small">Test mode: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0341 attaches but every \
                charge fails, 4000 0000 0000 0002 is declined.</p>
                <div class="actions"><button class="button primary" type="submit">Add card</button></div>
                </form></div>
                """
        return page(title: "Payment methods", body: body, error: error)
    }

    func customerPage(error: String? = nil) -> String {
        let allowed = Set(
            state.portalFeature(link, "customer_update")?["allowed_updates"]?.arrayValue?.compactMap(\.stringValue)
                ?? []
        )
        var fields = ""
        for (key, label, type) in [
            ("name", "Name", "text"), ("email", "Email", "email"), ("phone", "Phone", "tel"),
        ] where allowed.contains(key) {
            fields += "<label for=\"\(key)\">\(label)</label><input type=\"\(type)\" id=\"\(key)\" name=\"\(key)\" "
            fields += "value=\"\(e(customer.string(key)))\">"
        }
        if allowed.contains("address") {
            let address = customer.object("address") ?? [:]
            for (key, label) in [
                ("line1", "Address line 1"), ("line2", "Address line 2"), ("city", "City"), ("state", "State"),
                ("postal_code", "Postal code"), ("country", "Country"),
            ] {
                fields += "<label for=\"address-\(key)\">\(label)</label><input type=\"text\" id=\"address-\(key)\" "
                fields += "name=\"address[\(key)]\" value=\"\(e(address.string(key)))\">"
            }
        }
        let body =
            backLink + """
                <h1 class="page">Billing information</h1>
                <div class="card"><form method="post" action="\(e(base))/customer">
                <input type="hidden" name="csrf" value="\(e(link.csrf))">\(fields)
                <div class="actions"><button class="button primary" type="submit">Save</button>\
                <a class="button link" href="\(e(base))">Cancel</a></div></form></div>
                """
        return page(title: "Billing information", body: body, error: error)
    }
}
