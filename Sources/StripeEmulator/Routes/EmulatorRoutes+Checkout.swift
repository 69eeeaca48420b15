import Hummingbird
import StripeAPI

extension EmulatorRoutes {
    func addCheckout(to router: Router<EmulatorRequestContext>) {
        post(router, "/v1/checkout/sessions") { state, params, _ throws(StripeAPIError) in
            let session = try state.createCheckoutSession(params)
            return .object(state.checkoutSessionResponse(session, expand: params.expand))
        }
        get(router, "/v1/checkout/sessions") { state, params, _ throws(StripeAPIError) in
            try state.listCheckoutSessions(params)
        }
        get(router, "/v1/checkout/sessions/:id") { state, params, path throws(StripeAPIError) in
            try params.requireOnly([])
            return .object(state.checkoutSessionResponse(try state.checkoutSession(path["id"]), expand: params.expand))
        }
        get(router, "/v1/checkout/sessions/:id/line_items") { state, params, path throws(StripeAPIError) in
            try params.requireOnly(EmulatorState.listKeys)
            _ = try state.checkoutSession(path["id"])
            let limit = try params.int("limit") ?? 10
            guard (1...100).contains(limit) else {
                throw .invalid("limit", "This value must be greater than or equal to 1 and less than or equal to 100.")
            }
            return state.checkoutLineItems(path["id"], limit: limit)
        }
        post(router, "/v1/checkout/sessions/:id") { state, params, path throws(StripeAPIError) in
            let session = try state.updateCheckoutSession(path["id"], params)
            return .object(state.checkoutSessionResponse(session, expand: params.expand))
        }
        post(router, "/v1/checkout/sessions/:id/expire") { state, params, path throws(StripeAPIError) in
            .object(try state.expireCheckoutSession(path["id"], params))
        }
        post(router, "/v1/promotion_codes") { state, params, _ throws(StripeAPIError) in
            .object(try state.createPromotionCode(params))
        }
        get(router, "/v1/promotion_codes") { state, params, _ throws(StripeAPIError) in
            try state.listPromotionCodes(params)
        }
        retrieve(router, "/v1/promotion_codes/:id", kind: "promotion_code", name: "promotion code")
        post(router, "/v1/promotion_codes/:id") { state, params, path throws(StripeAPIError) in
            .object(try state.updatePromotionCode(path["id"], params))
        }
    }
}
