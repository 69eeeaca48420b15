import BillingCore
import Vapor

/// `POST` on the webhook path: the raw body (capped) and the `Stripe-Signature` header to the facade, its outcome's
/// status back to Stripe. The body is never decoded before the signature is verified.
struct WebhookRoute: Sendable {
    let billing: Billing

    func register(on routes: any RoutesBuilder) {
        // One byte over the cap is enough to know the body is too large: Vapor refuses a longer body with 413, and
        // the intake answers 413 for one that is exactly one byte over.
        let maxSize = ByteCount(value: billing.webhooks.maxBodyBytes + 1)
        routes.on(.POST, billing.configuration.webhookPath.pathComponents, body: .collect(maxSize: maxSize)) {
            request async -> Response in
            await receive(request)
        }
    }

    private func receive(_ request: Request) async -> Response {
        let body = request.body.data ?? ByteBuffer()
        let signature = request.headers.first(name: "Stripe-Signature")
        let outcome = await billing.receiveWebhook(body: body.readableBytesView, signature: signature)
        return Response(status: HTTPResponseStatus(statusCode: outcome.httpStatus))
    }
}
