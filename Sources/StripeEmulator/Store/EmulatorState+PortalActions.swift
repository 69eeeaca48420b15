import StripeAPI

/// The customer portal's state changes. Each one checks that the object belongs to the session's customer and that the
/// configuration allows the action, then reuses the API's own mutations so events and `previous_attributes` match.
extension EmulatorState {
    /// Where the browser goes after a portal action.
    enum PortalOutcome: Equatable {
        /// Back to the portal home (or another portal page path relative to the session).
        case page(String)
        /// The flow's `after_completion.redirect.return_url`.
        case redirect(String)
        /// The hosted confirmation page.
        case confirmation
    }

    /// The link for a URL token, marking the first visit; expired and unknown tokens look the same.
    mutating func visitPortal(_ token: String) throws(PortalError) -> PortalLink {
        guard var link = portalLinks[token],
            link.isValid(
                at: realtimeNow,
                unvisitedLifetime: portalUnvisitedLifetime,
                visitedLifetime: portalVisitedLifetime
            ),
            objects[link.customer]?.bool("deleted") != true
        else {
            portalLinks[token] = nil
            throw .expired
        }
        if link.visited == nil {
            link.visited = realtimeNow
            portalLinks[token] = link
        }
        return link
    }

    func portalConfiguration(_ link: PortalLink) -> JSONObject {
        objects[link.configuration] ?? [:]
    }

    func portalFeature(_ link: PortalLink, _ name: String) -> JSONObject? {
        guard let feature = portalConfiguration(link)["features"]?[name]?.objectValue,
            feature.bool("enabled") == true
        else { return nil }
        return feature
    }

    /// The session's deep-link flow, while it is not completed.
    func portalFlow(_ link: PortalLink) -> JSONObject? {
        guard !link.flowCompleted, let flow = objects[link.sessionID]?.object("flow") else { return nil }
        return flow
    }

    /// A subscription of the session's customer; anything else is "not found".
    func portalSubscription(_ link: PortalLink, _ id: String) throws(PortalError) -> JSONObject {
        guard let subscription = object(id, kind: "subscription"), subscription.string("customer") == link.customer
        else { throw .notFound }
        return subscription
    }

    func portalPaymentMethod(_ link: PortalLink, _ id: String) throws(PortalError) -> JSONObject {
        guard let method = object(id, kind: "payment_method"), method.string("customer") == link.customer else {
            throw .notFound
        }
        return method
    }

    /// Marks the flow done when `type` (about `subscription`) is the session's flow, and says where to go next.
    mutating func completePortalFlow(
        _ token: String,
        type: String,
        subscription: String? = nil,
        otherwise: PortalOutcome = .page("")
    ) -> PortalOutcome {
        guard let link = portalLinks[token], let flow = portalFlow(link) else { return otherwise }
        let flowType = flow.string("type") ?? ""
        let sameType = flowType == type || (flowType == "subscription_update_confirm" && type == "subscription_update")
        guard sameType else { return otherwise }
        if let subscription, flow[flowType]?["subscription"]?.stringValue != subscription { return otherwise }
        portalLinks[token]?.flowCompleted = true
        let completion = flow.object("after_completion") ?? [:]
        switch completion.string("type") {
        case "redirect":
            return completion["redirect"]?["return_url"]?.stringValue.map(PortalOutcome.redirect) ?? .page("")
        case "hosted_confirmation": return .confirmation
        default: return .page("")
        }
    }

    private func checked<T>(_ body: () throws(StripeAPIError) -> T) throws(PortalError) -> T {
        do { return try body() } catch { throw PortalError(error) }
    }

    // MARK: cancel, reasons, retention, renew

    mutating func portalCancel(_ link: PortalLink, token: String, subscription id: String) throws(PortalError)
        -> PortalOutcome
    {
        guard let feature = portalFeature(link, "subscription_cancel") else {
            throw .refused("Cancelling subscriptions is not available here.")
        }
        let subscription = try portalSubscription(link, id)
        guard Self.isCancellable(subscription) else {
            throw .refused("This subscription is already canceled or set to cancel.")
        }
        if feature.string("mode") == "immediately" {
            let prorate = feature.string("proration_behavior") == "create_prorations"
            _ = try checked { () throws(StripeAPIError) in
                try cancelSubscription(id, Params(["prorate": .string(prorate ? "true" : "false")]))
            }
        } else {
            _ = try checked { () throws(StripeAPIError) in
                try updateSubscription(id, Params(["cancel_at_period_end": .string("true")]))
            }
        }
        if feature["cancellation_reason"]?["enabled"]?.boolValue == true {
            return .page("/subscriptions/\(id)/cancel/reason")
        }
        return completePortalFlow(token, type: "subscription_cancel", subscription: id)
    }

    static func isCancellable(_ subscription: JSONObject) -> Bool {
        !["canceled", "incomplete_expired"].contains(subscription.string("status") ?? "")
            && subscription.bool("cancel_at_period_end") != true && subscription["cancel_at"]?.isNull != false
    }

    /// Records the survey answer as a second update, as Stripe's portal does.
    mutating func portalCancellationReason(
        _ link: PortalLink,
        token: String,
        subscription id: String,
        feedback: String?,
        comment: String?
    ) throws(PortalError) -> PortalOutcome {
        let subscription = try portalSubscription(link, id)
        let requested =
            subscription.string("status") == "canceled" || subscription["cancel_at"]?.isNull == false
        guard requested, subscription["cancellation_details"]?["feedback"]?.isNull != false else {
            throw .refused("There is no cancellation waiting for a reason.")
        }
        let reason = portalFeature(link, "subscription_cancel")?["cancellation_reason"]?.objectValue
        let options = reason?["options"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if let feedback {
            guard reason?["enabled"]?.boolValue == true, options.contains(feedback) else {
                throw .refused("Choose one of the listed reasons.")
            }
            let comment = String((comment ?? "").prefix(500))
            _ = try checked { () throws(StripeAPIError) in
                try updateSubscription(
                    id,
                    Params([
                        "cancellation_details": .hash(["feedback": .string(feedback), "comment": .string(comment)])
                    ])
                )
            }
        }
        return completePortalFlow(token, type: "subscription_cancel", subscription: id)
    }

    /// The retention coupon of the session's cancel flow for this subscription, if any.
    func portalRetentionCoupon(_ link: PortalLink, subscription id: String) -> JSONObject? {
        guard let flow = portalFlow(link), flow.string("type") == "subscription_cancel",
            flow["subscription_cancel"]?["subscription"]?.stringValue == id,
            let coupon = flow["subscription_cancel"]?["retention"]?["coupon_offer"]?["coupon"]?.stringValue
        else { return nil }
        return object(coupon, kind: "coupon")
    }

    mutating func portalAcceptRetention(_ link: PortalLink, token: String, subscription id: String)
        throws(PortalError) -> PortalOutcome
    {
        let subscription = try portalSubscription(link, id)
        guard let coupon = portalRetentionCoupon(link, subscription: id), let couponID = coupon.string("id") else {
            throw .refused("There is no offer for this subscription.")
        }
        guard Self.isCancellable(subscription) else { throw .refused("This subscription can no longer be changed.") }
        _ = try checked { () throws(StripeAPIError) in
            try updateSubscription(id, Params(["discounts": .array([.hash(["coupon": .string(couponID)])])]))
        }
        return completePortalFlow(token, type: "subscription_cancel", subscription: id)
    }

    mutating func portalRenew(_ link: PortalLink, subscription id: String) throws(PortalError) -> PortalOutcome {
        let subscription = try portalSubscription(link, id)
        guard subscription.string("status") != "canceled", subscription["cancel_at"]?.isNull == false else {
            throw .refused("This subscription is not set to cancel.")
        }
        _ = try checked { () throws(StripeAPIError) in try updateSubscription(id, Params(["cancel_at": .string("")])) }
        return .page("")
    }

    // MARK: pause

    mutating func portalPause(_ link: PortalLink, token: String, subscription id: String, resume: Bool)
        throws(PortalError) -> PortalOutcome
    {
        guard portalFeature(link, "subscription_pause") != nil else {
            throw .refused("Pausing subscriptions is not available here.")
        }
        _ = try portalSubscription(link, id)
        if resume {
            _ = try checked { () throws(StripeAPIError) in try resumeSubscription(id, Params([:])) }
            return .page("")
        }
        _ = try checked { () throws(StripeAPIError) in try pauseSubscription(id, Params([:])) }
        return completePortalFlow(token, type: "subscription_pause", subscription: id)
    }
}
