import Hummingbird
import StripeAPI

extension EmulatorRoutes {
    func addSubscriptions(to router: Router<EmulatorRequestContext>) {
        post(router, "/v1/subscriptions") { state, params, _ throws(StripeAPIError) in
            .object(try state.createSubscription(params))
        }
        get(router, "/v1/subscriptions") { state, params, _ throws(StripeAPIError) in
            try state.listSubscriptions(params)
        }
        retrieve(router, "/v1/subscriptions/:id", kind: "subscription", name: "subscription")
        post(router, "/v1/subscriptions/:id") { state, params, path throws(StripeAPIError) in
            .object(try state.updateSubscription(path["id"], params))
        }
        delete(router, "/v1/subscriptions/:id") { state, params, path throws(StripeAPIError) in
            .object(try state.cancelSubscription(path["id"], params))
        }
        post(router, "/v1/subscriptions/:id/cancel") { state, params, path throws(StripeAPIError) in
            .object(try state.cancelSubscription(path["id"], params))
        }
        post(router, "/v1/subscriptions/:id/pause") { state, params, path throws(StripeAPIError) in
            .object(try state.pauseSubscription(path["id"], params))
        }
        post(router, "/v1/subscriptions/:id/resume") { state, params, path throws(StripeAPIError) in
            .object(try state.resumeSubscription(path["id"], params))
        }
        get(router, "/v1/subscription_schedules/:id") { state, params, path throws(StripeAPIError) in
            try params.requireOnly([])
            return .object(
                try state.require(path["id"], kind: "subscription_schedule", name: "subscription_schedule")
            )
        }
        get(router, "/v1/subscription_items/:id") { state, params, path throws(StripeAPIError) in
            try params.requireOnly([])
            for id in (state.order["subscription"] ?? []).reversed() {
                if let item = state.objects[id]?["items"]?["data"]?.arrayValue?.first(where: {
                    $0["id"]?.stringValue == path["id"]
                }) {
                    return item
                }
            }
            throw .noSuch("subscription_item", path["id"])
        }
    }

    func addInvoices(to router: Router<EmulatorRequestContext>) {
        get(router, "/v1/invoices") { state, params, _ throws(StripeAPIError) in
            try state.listInvoices(params)
        }
        retrieve(router, "/v1/invoices/:id", kind: "invoice", name: "invoice")
        get(router, "/v1/invoices/:id/lines") { state, params, path throws(StripeAPIError) in
            try params.requireOnly(EmulatorState.listKeys)
            let invoice = try state.invoice(path["id"])
            return invoice["lines"] ?? .null
        }
        post(router, "/v1/invoices/:id/pay") { state, params, path throws(StripeAPIError) in
            .object(try state.payInvoice(path["id"], params))
        }
        post(router, "/v1/invoices/:id/void") { state, params, path throws(StripeAPIError) in
            try params.requireOnly([])
            return .object(try state.voidInvoice(path["id"]))
        }
    }

    func addTestClocks(to router: Router<EmulatorRequestContext>) {
        post(router, "/v1/test_helpers/test_clocks") { state, params, _ throws(StripeAPIError) in
            .object(try state.createTestClock(params))
        }
        get(router, "/v1/test_helpers/test_clocks") { state, params, _ throws(StripeAPIError) in
            try state.listTestClocks(params)
        }
        retrieve(router, "/v1/test_helpers/test_clocks/:id", kind: "test_helpers.test_clock", name: "test_clock")
        post(router, "/v1/test_helpers/test_clocks/:id/advance") { state, params, path throws(StripeAPIError) in
            .object(try state.advanceTestClock(path["id"], params))
        }
        delete(router, "/v1/test_helpers/test_clocks/:id") { state, params, path throws(StripeAPIError) in
            try params.requireOnly([])
            return .object(try state.deleteTestClock(path["id"]))
        }
    }

    func addEventsAndWebhooks(to router: Router<EmulatorRequestContext>) {
        get(router, "/v1/events") { state, params, _ throws(StripeAPIError) in
            try state.listEvents(params)
        }
        retrieve(router, "/v1/events/:id", kind: "event", name: "event")
        post(router, "/v1/webhook_endpoints") { state, params, _ throws(StripeAPIError) in
            .object(try state.createWebhookEndpoint(params))
        }
        get(router, "/v1/webhook_endpoints") { state, params, _ throws(StripeAPIError) in
            try state.listWebhookEndpoints(params)
        }
        get(router, "/v1/webhook_endpoints/:id") { state, params, path throws(StripeAPIError) in
            try params.requireOnly([])
            return .object(try state.webhookEndpoint(path["id"]))
        }
        post(router, "/v1/webhook_endpoints/:id") { state, params, path throws(StripeAPIError) in
            .object(try state.updateWebhookEndpoint(path["id"], params))
        }
        delete(router, "/v1/webhook_endpoints/:id") { state, params, path throws(StripeAPIError) in
            try params.requireOnly([])
            return .object(try state.deleteWebhookEndpoint(path["id"]))
        }
    }
}

extension EmulatorRoutes {
    func addBillingPortal(to router: Router<EmulatorRequestContext>) {
        post(router, "/v1/billing_portal/configurations") { state, params, _ throws(StripeAPIError) in
            .object(try state.createPortalConfiguration(params))
        }
        get(router, "/v1/billing_portal/configurations") { state, params, _ throws(StripeAPIError) in
            try state.listPortalConfigurations(params)
        }
        get(router, "/v1/billing_portal/configurations/:id") { state, params, path throws(StripeAPIError) in
            try params.requireOnly([])
            return .object(try state.require(path["id"], kind: "billing_portal.configuration", name: "configuration"))
        }
        post(router, "/v1/billing_portal/configurations/:id") { state, params, path throws(StripeAPIError) in
            .object(try state.updatePortalConfiguration(path["id"], params))
        }
        post(router, "/v1/billing_portal/sessions") { state, params, _ throws(StripeAPIError) in
            .object(try state.createPortalSession(params))
        }
        // Emulator-only: Stripe keeps branding in the Dashboard, so there is no API to mirror.
        post(router, "/v1/test_helpers/branding") { state, params, _ throws(StripeAPIError) in
            .object(try state.updateBranding(params))
        }
        get(router, "/v1/test_helpers/branding") { state, params, _ throws(StripeAPIError) in
            try params.requireOnly([])
            return .object(state.branding.json)
        }
    }
}

extension EmulatorRoutes {
    func addSearch(to router: Router<EmulatorRequestContext>) {
        let resources = [
            ("customers", "customer"), ("subscriptions", "subscription"), ("invoices", "invoice"),
            ("prices", "price"), ("products", "product"),
        ]
        for (path, kind) in resources {
            get(router, "/v1/\(path)/search") { state, params, _ throws(StripeAPIError) in
                try state.search(kind: kind, url: "/v1/\(path)/search", params: params)
            }
        }
    }
}
