import StripeAPI

extension PortalView {
    static let reasonLabels: [String: String] = [
        "too_expensive": "It's too expensive", "missing_features": "Some features are missing",
        "switched_service": "I'm switching to a different service", "unused": "I don't use the service enough",
        "customer_service": "Customer service was less than expected",
        "too_complex": "Ease of use was less than expected", "low_quality": "Quality was less than expected",
        "other": "Other reason",
    ]

    var backLink: String {
        "<a class=\"back\" href=\"\(e(base))\">&larr; Back</a>"
    }

    func planSummary(_ subscription: JSONObject) -> String {
        let item = subscription["items"]?["data"]?.arrayValue?.first?.objectValue
        return """
            <div class="card"><div class="row"><span class="plan-name">\(e(planName(item?.object("price"))))</span>\
            \(statusBadge(subscription))</div>
            <div class="price">\(e(priceText(item?.object("price"), quantity: item?.int("quantity") ?? 1)))</div></div>
            """
    }

    func cancelPage(_ subscription: JSONObject, error: String? = nil) -> String {
        let id = subscription.string("id") ?? ""
        let feature = state.portalFeature(link, "subscription_cancel") ?? [:]
        let immediately = feature.string("mode") == "immediately"
        let end = EmulatorState.periodOf(subscription).end
        var body = backLink + "<h1 class=\"page\">Cancel your plan</h1>" + planSummary(subscription)
        if let coupon = state.portalRetentionCoupon(link, subscription: id) {
            body += """
                <div class="card offer" id="retention-offer"><div class="plan-name">Before you go…</div>
                <p>We'd like to offer you <strong>\(e(couponText(coupon)))</strong> if you stay.</p>
                <div class="actions">\(post("/subscriptions/\(id)/retention", "Accept offer", style: "primary"))</div>
                </div>
                """
        }
        let explanation =
            immediately
            ? "Your subscription will be canceled immediately and you will lose access right away."
            : "Your subscription will be canceled, but is still available until the end of your billing period on "
                + "\(date(end))."
        body += """
            <div class="card"><p>\(e(explanation))</p><p class="muted small">If you change your mind, you can renew \
            your subscription\(immediately ? " by subscribing again" : " before then").</p>
            <div class="actions">\(post("/subscriptions/\(id)/cancel", "Cancel plan", style: "danger"))\
            <a class="button link" href="\(e(base))">Go back</a></div></div>
            """
        return page(title: "Cancel your plan", body: body, error: error)
    }

    func reasonPage(_ subscription: JSONObject, error: String? = nil) -> String {
        let id = subscription.string("id") ?? ""
        let options =
            state.portalFeature(link, "subscription_cancel")?["cancellation_reason"]?["options"]?.arrayValue?
            .compactMap(\.stringValue) ?? []
        var choices = ""
        for option in options {
            choices += "<label class=\"choice\"><input type=\"radio\" name=\"feedback\" value=\"\(e(option))\"> "
            choices += "\(e(Self.reasonLabels[option] ?? option))</label>"
        }
        let ended = subscription.string("status") == "canceled"
        let body = """
            <h1 class="page">\(ended ? "Your plan has been canceled" : "Your plan has been set to cancel")</h1>
            <div class="card"><div class="plan-name">Tell us why you're leaving</div>
            <p class="muted small">Your feedback helps us improve.</p>
            <form method="post" action="\(e(base))/subscriptions/\(e(id))/cancel/reason">
            <input type="hidden" name="csrf" value="\(e(link.csrf))">\(choices)
            <label for="comment">Anything else you'd like to share? (optional)</label>
            <textarea id="comment" name="comment" rows="3" maxlength="500"></textarea>
            <div class="actions"><button class="button primary" type="submit" name="action" value="submit">Submit\
            </button><button class="button link" type="submit" name="action" value="skip">Skip</button></div>
            </form></div>
            """
        return page(title: "Cancellation feedback", body: body, error: error)
    }

    func updatePage(_ subscription: JSONObject, error: String? = nil) -> String {
        let id = subscription.string("id") ?? ""
        let item = subscription["items"]?["data"]?.arrayValue?.first?.objectValue
        let current = item?["price"]?["id"]?.stringValue
        let feature = state.portalFeature(link, "subscription_update") ?? [:]
        let allowed = feature["default_allowed_updates"]?.arrayValue?.compactMap(\.stringValue) ?? []
        var body = backLink + "<h1 class=\"page\">Update your plan</h1>"
        for product in feature["products"]?.arrayValue ?? [] {
            let adjustable =
                product["adjustable_quantity"]?["enabled"]?.boolValue == true && allowed.contains("quantity")
            for priceID in product["prices"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
                guard let price = state.objects[priceID], price.bool("active") == true else { continue }
                let isCurrent = priceID == current
                guard allowed.contains("price") || isCurrent else { continue }
                let quantity =
                    adjustable
                    ? """
                    <label for="quantity-\(e(priceID))">Quantity</label><input type="number" \
                    id="quantity-\(e(priceID))" name="quantity" min="\(product["adjustable_quantity"]?["minimum"]?.intValue ?? 1)" \
                    value="\(item?.int("quantity") ?? 1)" style="max-width:120px">
                    """ : ""
                let badge = isCurrent ? "<span class=\"badge info\">Current plan</span>" : ""
                body += """
                    <div class="card price-option" data-price="\(e(priceID))"><div class="row"><span class="plan-name">\
                    \(e(planName(price)))</span>\(badge)</div><div class="price">\(e(priceText(price)))</div>
                    <form method="get" action="\(e(base))/subscriptions/\(e(id))/update/confirm">
                    <input type="hidden" name="price" value="\(e(priceID))">\(quantity)
                    <div class="actions"><button class="button \(isCurrent ? "secondary" : "primary")" type="submit">\
                    \(isCurrent ? (adjustable ? "Change quantity" : "Current plan") : "Select")</button></div></form></div>
                    """
            }
        }
        return page(title: "Update your plan", body: body, error: error)
    }

    func confirmPage(_ subscription: JSONObject, preview: EmulatorState.PortalPlanPreview, error: String? = nil)
        -> String
    {
        let id = subscription.string("id") ?? ""
        let currency = preview.price.string("currency") ?? "usd"
        var details = ""
        if preview.scheduled {
            details = "Your plan changes on \(date(preview.effective)). You won't be charged until then."
        } else {
            details = "Amount due today: \(BillingPeriod.money(preview.amountNow, currency: currency))."
            if preview.nextInvoiceAdjustment > 0 {
                details +=
                    " \(BillingPeriod.money(preview.nextInvoiceAdjustment, currency: currency)) in prorated "
                    + "charges will be added to your next invoice."
            } else if preview.nextInvoiceAdjustment < 0 {
                details +=
                    " A prorated credit of \(BillingPeriod.money(-preview.nextInvoiceAdjustment, currency: currency)) "
                    + "will be applied to your next invoice."
            }
        }
        let body = """
            <a class="back" href="\(e(base))/subscriptions/\(e(id))/update">&larr; Back</a>
            <h1 class="page">Confirm your new plan</h1>
            <div class="card"><div class="muted small">Current plan</div>\(planSummary(subscription))
            <div class="muted small">New plan</div><div class="plan-name">\(e(planName(preview.price)))</div>
            <div class="price">\(e(priceText(preview.price, quantity: preview.quantity)))</div>
            <p id="proration-preview" data-amount-now="\(preview.amountNow)" \
            data-scheduled="\(preview.scheduled)">\(e(details))</p>
            <div class="actions">\(post("/subscriptions/\(id)/update", "Confirm", style: "primary", fields: [("price", preview.price.string("id") ?? ""), ("quantity", String(preview.quantity))]))\
            <a class="button link" href="\(e(base))">Cancel</a></div></div>
            """
        return page(title: "Confirm your new plan", body: body, error: error)
    }

    func pausePage(_ subscription: JSONObject, error: String? = nil) -> String {
        let id = subscription.string("id") ?? ""
        let body =
            backLink + """
                <h1 class="page">Pause your subscription</h1>\(planSummary(subscription))
                <div class="card"><p>Your subscription will be paused: you won't be charged and you will lose access until \
                you resume it.</p>
                <div class="actions">\(post("/subscriptions/\(id)/pause", "Pause subscription", style: "primary"))\
                <a class="button link" href="\(e(base))">Go back</a></div></div>
                """
        return page(title: "Pause your subscription", body: body, error: error)
    }

    func confirmationPage() -> String {
        let message =
            session["flow"]?["after_completion"]?["hosted_confirmation"]?["custom_message"]?.stringValue
            ?? "Your changes have been saved."
        let body = """
            <h1 class="page">All done</h1>
            <div class="card" id="confirmation"><p>\(e(message))</p>
            <div class="actions"><a class="button primary" href="\(e(returnURL))">Return to \(e(returnHost))</a>\
            <a class="button link" href="\(e(base))">View billing details</a></div></div>
            """
        return page(title: "Done", body: body)
    }
}
