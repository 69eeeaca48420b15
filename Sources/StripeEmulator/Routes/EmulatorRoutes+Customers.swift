import Hummingbird
import StripeAPI

extension EmulatorRoutes {
    func addCustomers(to router: Router<EmulatorRequestContext>) {
        post(router, "/v1/customers") { state, params, _ throws(StripeAPIError) in
            .object(try state.createCustomer(params))
        }
        get(router, "/v1/customers") { state, params, _ throws(StripeAPIError) in
            try state.listCustomers(params)
        }
        retrieve(router, "/v1/customers/:id", kind: "customer", name: "customer")
        post(router, "/v1/customers/:id") { state, params, path throws(StripeAPIError) in
            .object(try state.updateCustomer(path["id"], params))
        }
        delete(router, "/v1/customers/:id") { state, params, path throws(StripeAPIError) in
            try params.requireOnly([])
            return .object(try state.deleteCustomer(path["id"]))
        }
        get(router, "/v1/customers/:id/payment_methods") { state, params, path throws(StripeAPIError) in
            try state.listPaymentMethods(params, customer: path["id"])
        }
        get(router, "/v1/customers/:id/payment_methods/:pm") { state, params, path throws(StripeAPIError) in
            try params.requireOnly([])
            _ = try state.liveCustomer(path["id"], param: "customer")
            let method = try state.require(path["pm"], kind: "payment_method", name: "PaymentMethod")
            guard method.string("customer") == path["id"] else { throw .noSuch("PaymentMethod", path["pm"]) }
            return .object(method)
        }
    }

    func addPaymentMethods(to router: Router<EmulatorRequestContext>) {
        post(router, "/v1/payment_methods") { state, params, _ throws(StripeAPIError) in
            .object(try state.createPaymentMethod(params))
        }
        get(router, "/v1/payment_methods") { state, params, _ throws(StripeAPIError) in
            try state.listPaymentMethods(params)
        }
        get(router, "/v1/payment_methods/:id") { state, params, path throws(StripeAPIError) in
            try params.requireOnly([])
            return .object(try state.retrievePaymentMethod(path["id"]))
        }
        post(router, "/v1/payment_methods/:id/attach") { state, params, path throws(StripeAPIError) in
            .object(try state.attachPaymentMethod(path["id"], params))
        }
        post(router, "/v1/payment_methods/:id/detach") { state, params, path throws(StripeAPIError) in
            .object(try state.detachPaymentMethod(path["id"], params))
        }
    }

    func addCatalog(to router: Router<EmulatorRequestContext>) {
        post(router, "/v1/products") { state, params, _ throws(StripeAPIError) in
            .object(try state.createProduct(params))
        }
        get(router, "/v1/products") { state, params, _ throws(StripeAPIError) in
            try state.listProducts(params)
        }
        retrieve(router, "/v1/products/:id", kind: "product", name: "product")
        post(router, "/v1/products/:id") { state, params, path throws(StripeAPIError) in
            .object(try state.updateProduct(path["id"], params))
        }
        delete(router, "/v1/products/:id") { state, params, path throws(StripeAPIError) in
            try params.requireOnly([])
            return .object(try state.deleteProduct(path["id"]))
        }
        post(router, "/v1/prices") { state, params, _ throws(StripeAPIError) in
            .object(try state.createPrice(params))
        }
        get(router, "/v1/prices") { state, params, _ throws(StripeAPIError) in
            try state.listPrices(params)
        }
        retrieve(router, "/v1/prices/:id", kind: "price", name: "price")
        post(router, "/v1/prices/:id") { state, params, path throws(StripeAPIError) in
            .object(try state.updatePrice(path["id"], params))
        }
        post(router, "/v1/coupons") { state, params, _ throws(StripeAPIError) in
            .object(try state.createCoupon(params))
        }
        get(router, "/v1/coupons") { state, params, _ throws(StripeAPIError) in
            try params.requireOnly(EmulatorState.listKeys)
            return try state.list(kind: "coupon", name: "coupon", url: "/v1/coupons", params: params)
        }
        retrieve(router, "/v1/coupons/:id", kind: "coupon", name: "coupon")
        post(router, "/v1/coupons/:id") { state, params, path throws(StripeAPIError) in
            .object(try state.updateCoupon(path["id"], params))
        }
        delete(router, "/v1/coupons/:id") { state, params, path throws(StripeAPIError) in
            try params.requireOnly([])
            return .object(try state.deleteCoupon(path["id"]))
        }
    }
}
