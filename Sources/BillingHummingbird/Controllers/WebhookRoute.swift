import BillingCore
import HTTPTypes
import Hummingbird

/// `POST` on the webhook path: the raw body (capped) and the `Stripe-Signature` header to the facade, its
/// outcome's status back to Stripe.
struct WebhookRoute<Context: RequestContext>: Sendable {
    let billing: Billing

    func addRoutes(to router: some RouterMethods<Context>) {
        router.post(RouterPath(billing.configuration.webhookPath)) { request, _ in
            try await receive(request)
        }
    }

    private func receive(_ request: Request) async throws -> Response {
        var request = request
        // One byte over the cap is enough to know the body is too large; the intake answers 413.
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: billing.webhooks.maxBodyBytes + 1)
        } catch {
            billing.webhooks.recordOversize()
            return Response(status: .contentTooLarge)
        }
        let signature = request.headers[HTTPField.Name("Stripe-Signature")!]
        let outcome = await billing.receiveWebhook(body: body.readableBytesView, signature: signature)
        return Response(status: HTTPResponse.Status(code: outcome.httpStatus))
    }
}
