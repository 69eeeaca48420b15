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
        "<a class=\"back\" href=\"\(e(base))\">&larr; \(e(t("Back")))</a>"
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
        var body = backLink + "<h1 class=\"page\">\(e(t("Cancel your plan")))</h1>" + planSummary(subscription)
        if let coupon = state.portalRetentionCoupon(link, subscription: id) {
            body += """
                <div class="card offer" id="retention-offer"><div class="plan-name">\(e(t("Before you go…")))</div>
                <p>\(e(t("We'd like to offer you {offer} if you stay.", ["offer": couponText(coupon)])))</p>
                <div class="actions">\(post("/subscriptions/\(id)/retention", t("Accept offer"), style: "primary"))</div>
                </div>
                """
        }
        let explanation =
            immediately
            ? t("Your subscription will be canceled immediately and you will lose access right away.")
            : t(
                "Your subscription will be canceled, but is still available until the end of your billing period on "
                    + "{date}.",
                ["date": date(end)]
            )
        let renew =
            immediately
            ? t("If you change your mind, you can renew your subscription by subscribing again.")
            : t("If you change your mind, you can renew your subscription before then.")
        body += """
            <div class="card"><p>\(e(explanation))</p><p class="muted small">\(e(renew))</p>
            <div class="actions">\(post("/subscriptions/\(id)/cancel", t("Cancel plan"), style: "danger"))\
            <a class="button link" href="\(e(base))">\(e(t("Go back")))</a></div></div>
            """
        return page(title: t("Cancel your plan"), body: body, error: error)
    }

    func reasonPage(_ subscription: JSONObject, error: String? = nil) -> String {
        let id = subscription.string("id") ?? ""
        let options =
            state.portalFeature(link, "subscription_cancel")?["cancellation_reason"]?["options"]?.arrayValue?
            .compactMap(\.stringValue) ?? []
        var choices = ""
        for option in options {
            choices += "<label class=\"choice\"><input type=\"radio\" name=\"feedback\" value=\"\(e(option))\"> "
            choices += "\(e(Self.reasonLabels[option].map { t($0) } ?? option))</label>"
        }
        let ended = subscription.string("status") == "canceled"
        let heading = ended ? t("Your plan has been canceled") : t("Your plan has been set to cancel")
        let body = """
            <h1 class="page">\(e(heading))</h1>
            <div class="card"><div class="plan-name">\(e(t("Tell us why you're leaving")))</div>
            <p class="muted small">\(e(t("Your feedback helps us improve.")))</p>
            <form method="post" action="\(e(base))/subscriptions/\(e(id))/cancel/reason">
            <input type="hidden" name="csrf" value="\(e(link.csrf))">\(choices)
            <label for="comment">\(e(t("Anything else you'd like to share? (optional)")))</label>
            <textarea id="comment" name="comment" rows="3" maxlength="500"></textarea>
            <div class="actions"><button class="button primary" type="submit" name="action" value="submit">\
            \(e(t("Submit")))</button><button class="button link" type="submit" name="action" value="skip">\
            \(e(t("Skip")))</button></div>
            </form></div>
            """
        return page(title: t("Cancellation feedback"), body: body, error: error)
    }

    func updatePage(_ subscription: JSONObject, error: String? = nil) -> String {
        let id = subscription.string("id") ?? ""
        let item = subscription["items"]?["data"]?.arrayValue?.first?.objectValue
        let current = item?["price"]?["id"]?.stringValue
        let feature = state.portalFeature(link, "subscription_update") ?? [:]
        let allowed = feature["default_allowed_updates"]?.arrayValue?.compactMap(\.stringValue) ?? []
        var body = backLink + "<h1 class=\"page\">\(e(t("Update your plan")))</h1>"
        for product in feature["products"]?.arrayValue ?? [] {
            let adjustable =
                product["adjustable_quantity"]?["enabled"]?.boolValue == true && allowed.contains("quantity")
            for priceID in product["prices"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
                guard let price = state.objects[priceID], price.bool("active") == true else { continue }
                let isCurrent = priceID == current
                guard allowed.contains("price") || isCurrent else { continue }
                let minimum = product["adjustable_quantity"]?["minimum"]?.intValue ?? 1
                let quantity =
                    adjustable
                    ? """
                    <label for="quantity-\(e(priceID))">\(e(t("Quantity")))</label><input type="number" \
                    id="quantity-\(e(priceID))" name="quantity" min="\(minimum)" \
                    value="\(item?.int("quantity") ?? 1)" style="max-width:120px">
                    """ : ""
                let badge = isCurrent ? "<span class=\"badge info\">\(e(t("Current plan")))</span>" : ""
                let label = isCurrent ? (adjustable ? t("Change quantity") : t("Current plan")) : t("Select")
                body += """
                    <div class="card price-option" data-price="\(e(priceID))"><div class="row"><span class="plan-name">\
                    \(e(planName(price)))</span>\(badge)</div><div class="price">\(e(priceText(price)))</div>
                    <form method="get" action="\(e(base))/subscriptions/\(e(id))/update/confirm">
                    <input type="hidden" name="price" value="\(e(priceID))">\(quantity)
                    <div class="actions"><button class="button \(isCurrent ? "secondary" : "primary")" type="submit">\
                    \(e(label))</button></div></form></div>
                    """
            }
        }
        return page(title: t("Update your plan"), body: body, error: error)
    }

    /// What the customer pays or is credited for a plan change and when, in sentences.
    func prorationExplanation(_ preview: EmulatorState.PortalPlanPreview) -> [String] {
        let currency = preview.price.string("currency") ?? "usd"
        func amount(_ value: Int) -> String { money(value, currency) }
        if preview.scheduled {
            return [
                t("Your plan changes on {date}. You won't be charged until then.", ["date": date(preview.effective)])
            ]
        }
        var lines = [t("Amount due today: {amount}.", ["amount": amount(preview.amountNow)])]
        if preview.restartsPeriod {
            let recurring = preview.price.object("recurring") ?? [:]
            let renewal = BillingPeriod.add(
                1,
                of: recurring.string("interval") ?? "month",
                count: recurring.int("interval_count") ?? 1,
                to: preview.effective
            )
            lines.append(
                t("Your billing period restarts today; the new plan renews on {date}.", ["date": date(renewal)])
            )
            if preview.unusedCredit > 0 {
                lines.append(
                    t(
                        "Includes a prorated credit of {amount} for the unused time on your current plan.",
                        ["amount": amount(preview.unusedCredit)]
                    )
                )
            }
            return lines
        }
        guard preview.prorationBehavior != "none" else {
            lines.append(
                t(
                    "No proration: nothing is charged or credited for the rest of this period. Your next invoice on "
                        + "{date} is for the new price.",
                    ["date": date(preview.periodEnd)]
                )
            )
            return lines
        }
        lines.append(
            t(
                "Prorated for the rest of the period (until {date}): {charge} for the new plan minus {credit} for the "
                    + "unused time on your current plan.",
                [
                    "date": date(preview.periodEnd), "charge": amount(preview.remainingCharge),
                    "credit": amount(preview.unusedCredit),
                ]
            )
        )
        if preview.nextInvoiceAdjustment > 0 {
            lines.append(
                t(
                    "{amount} in prorated charges will be added to your next invoice on {date}.",
                    ["amount": amount(preview.nextInvoiceAdjustment), "date": date(preview.periodEnd)]
                )
            )
        } else if preview.nextInvoiceAdjustment < 0 {
            lines.append(
                t(
                    "A prorated credit of {amount} will be applied to your next invoice on {date}.",
                    ["amount": amount(-preview.nextInvoiceAdjustment), "date": date(preview.periodEnd)]
                )
            )
        }
        return lines
    }

    func confirmPage(_ subscription: JSONObject, preview: EmulatorState.PortalPlanPreview, error: String? = nil)
        -> String
    {
        let id = subscription.string("id") ?? ""
        let lines = prorationExplanation(preview)
        let details =
            "<p id=\"proration-preview\" data-amount-now=\"\(preview.amountNow)\" data-scheduled=\"\(preview.scheduled)\" "
            + "data-proration=\"\(e(preview.prorationBehavior))\">\(e(lines[0]))</p>"
            + lines.dropFirst().map { "<p class=\"muted small proration-detail\">\(e($0))</p>" }.joined()
        let confirm = post(
            "/subscriptions/\(id)/update",
            t("Confirm"),
            style: "primary",
            fields: [("price", preview.price.string("id") ?? ""), ("quantity", String(preview.quantity))]
        )
        let body = """
            <a class="back" href="\(e(base))/subscriptions/\(e(id))/update">&larr; \(e(t("Back")))</a>
            <h1 class="page">\(e(t("Confirm your new plan")))</h1>
            <div class="card"><div class="muted small">\(e(t("Current plan")))</div>\(planSummary(subscription))
            <div class="muted small">\(e(t("New plan")))</div><div class="plan-name">\(e(planName(preview.price)))</div>
            <div class="price">\(e(priceText(preview.price, quantity: preview.quantity)))</div>
            \(details)
            <div class="actions">\(confirm)<a class="button link" href="\(e(base))">\(e(t("Cancel")))</a></div></div>
            """
        return page(title: t("Confirm your new plan"), body: body, error: error)
    }

    func pausePage(_ subscription: JSONObject, error: String? = nil) -> String {
        let id = subscription.string("id") ?? ""
        let explanation = t(
            "Your subscription will be paused: you won't be charged and you will lose access until you resume it."
        )
        let body =
            backLink + """
                <h1 class="page">\(e(t("Pause your subscription")))</h1>\(planSummary(subscription))
                <div class="card"><p>\(e(explanation))</p>
                <div class="actions">\(post("/subscriptions/\(id)/pause", t("Pause subscription"), style: "primary"))\
                <a class="button link" href="\(e(base))">\(e(t("Go back")))</a></div></div>
                """
        return page(title: t("Pause your subscription"), body: body, error: error)
    }

    func confirmationPage() -> String {
        let message =
            session["flow"]?["after_completion"]?["hosted_confirmation"]?["custom_message"]?.stringValue
            ?? t("Your changes have been saved.")
        let body = """
            <h1 class="page">\(e(t("All done")))</h1>
            <div class="card" id="confirmation"><p>\(e(message))</p>
            <div class="actions"><a class="button primary" href="\(e(returnURL))">\
            \(e(t("Return to {name}", ["name": businessName])))</a>\
            <a class="button link" href="\(e(base))">\(e(t("View billing details")))</a></div></div>
            """
        return page(title: t("Done"), body: body)
    }

    /// The confirmation line after a portal action (`?notice=` on the redirect), nil for unknown kinds.
    func notice(_ kind: String?, subscription id: String?) -> String? {
        switch kind {
        case "payment_method_added": return t("Payment method added")
        case "default_payment_method": return t("Default payment method updated")
        case "payment_method_removed": return t("Payment method removed")
        case "customer_updated": return t("Billing information updated")
        case "paused": return t("Subscription paused")
        case "resumed": return t("Subscription resumed")
        case "renewed": return t("Your plan will renew")
        case "canceled": return t("Your plan has been canceled")
        case "plan_changed":
            guard let id, let subscription = try? state.portalSubscription(link, id) else {
                return t("Plan changed")
            }
            if let next = scheduledChange(subscription) {
                return t(
                    "Plan changes to {plan} on {date}",
                    ["plan": planLabel(next.price), "date": date(next.start)]
                )
            }
            let price = subscription["items"]?["data"]?.arrayValue?.first?["price"]?.objectValue
            return t("Plan changed to {plan}", ["plan": planLabel(price)])
        default: return nil
        }
    }
}
