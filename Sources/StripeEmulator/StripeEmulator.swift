public import AsyncHTTPClient
import Foundation
public import Hummingbird
public import Logging
import NIOCore
import StripeAPI

/// A stateful Stripe that any Stripe SDK can point its base URL at.
///
/// ```swift
/// let emulator = try StripeEmulator(configuration: EmulatorConfiguration(port: 12111), logger: logger)
/// let app = emulator.buildApplication()
/// try await app.runService()
/// ```
/// The application includes the webhook dispatcher and housekeeping services, so running it (or `app.test(.live)`)
/// runs everything.
public struct StripeEmulator: Sendable {
    /// The configuration it was created with.
    public let configuration: EmulatorConfiguration
    /// The emulator's state.
    public let store: EmulatorStore
    /// Webhook delivery attempts.
    public let deliveries: DeliveryLog
    let queue: WebhookQueue
    let logger: Logger

    /// Creates an emulator, loading ``EmulatorConfiguration/stateFile`` when it exists.
    /// - Throws: when the state file exists but cannot be read.
    public init(configuration: EmulatorConfiguration = EmulatorConfiguration(), logger: Logger) throws {
        var state = EmulatorState()
        if let path = configuration.stateFile, FileManager.default.fileExists(atPath: path) {
            state = try JSONDecoder().decode(EmulatorState.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        }
        if let base = configuration.publicBaseURL {
            state.publicBaseURL = base
        } else if configuration.port != 0 {
            state.publicBaseURL = "http://\(configuration.host):\(configuration.port)"
        }
        state.realtimeNow = configuration.clock.now()
        state.portalUnvisitedLifetime = Int(configuration.portalSessionUnvisitedLifetime.components.seconds)
        state.portalVisitedLifetime = Int(configuration.portalSessionVisitedLifetime.components.seconds)
        _ = state.defaultPortalConfiguration()
        let queue = WebhookQueue()
        self.configuration = configuration
        self.queue = queue
        self.logger = logger
        self.store = EmulatorStore(state: state, clock: configuration.clock, queue: queue)
        self.deliveries = DeliveryLog()
    }

    /// The router with every Stripe endpoint and the `/_emulator` pages.
    public func buildRouter() -> Router<EmulatorRequestContext> {
        let router = Router(context: EmulatorRequestContext.self)
        router.add(middleware: StripeWireMiddleware())
        let routes = EmulatorRoutes(store: store, idempotency: IdempotencyCache(), clock: configuration.clock)
        routes.addCustomers(to: router)
        routes.addPaymentMethods(to: router)
        routes.addCatalog(to: router)
        routes.addSubscriptions(to: router)
        routes.addInvoices(to: router)
        routes.addTestClocks(to: router)
        routes.addEventsAndWebhooks(to: router)
        routes.addBillingPortal(to: router)
        routes.addCheckout(to: router)
        routes.addSearch(to: router)
        addEmulatorPages(to: router)
        PortalRoutes(store: store).add(to: router)
        CheckoutRoutes(store: store).add(to: router)
        return router
    }

    /// The webhook dispatcher service (already included in ``buildApplication(httpClient:)``).
    public func webhookDispatcher(httpClient: HTTPClient = .shared) -> WebhookDispatcher {
        WebhookDispatcher(
            queue: queue,
            store: store,
            log: deliveries,
            retryDelays: configuration.webhookRetryDelays,
            timeout: configuration.webhookTimeout,
            httpClient: httpClient,
            logger: logger
        )
    }

    /// The Hummingbird application: the router plus the webhook dispatcher and housekeeping services.
    /// - Parameter httpClient: the client used for webhook deliveries.
    public func buildApplication(httpClient: HTTPClient = .shared) -> some ApplicationProtocol {
        let store = store
        let fixedBaseURL = configuration.publicBaseURL != nil || configuration.port != 0
        let host = configuration.host
        return Application(
            router: buildRouter(),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "stripe-emulator"
            ),
            services: [
                webhookDispatcher(httpClient: httpClient),
                EmulatorHousekeeping(
                    store: store,
                    stateFile: configuration.stateFile,
                    interval: configuration.housekeepingInterval,
                    logger: logger
                ),
            ],
            onServerRunning: { channel in
                guard !fixedBaseURL, let port = channel.localAddress?.port else { return }
                await store.setPublicBaseURL("http://\(host):\(port)")
            },
            logger: logger
        )
    }

    private func addEmulatorPages(to router: Router<EmulatorRequestContext>) {
        let store = store
        let deliveries = deliveries
        router.get("/_emulator/deliveries") { request, _ -> Response in
            let event = request.uri.queryParameters.get("event")
            return StripeWireMiddleware.json(await deliveries.json(eventID: event))
        }
        router.get("/_emulator/invoices/:id") { _, context -> Response in
            let id = try context.parameters.require("id")
            guard let invoice = await store.object(id), invoice.string("object") == "invoice" else {
                throw HTTPError(.notFound)
            }
            return StripeWireMiddleware.bytes(
                Array(InvoiceDocument.html(invoice).utf8),
                status: 200,
                contentType: "text/html; charset=utf-8"
            )
        }
        router.get("/_emulator/invoices/:id/pdf") { _, context -> Response in
            let id = try context.parameters.require("id")
            guard let invoice = await store.object(id), invoice.string("object") == "invoice" else {
                throw HTTPError(.notFound)
            }
            return StripeWireMiddleware.bytes(
                InvoiceDocument.pdf(invoice),
                status: 200,
                headers: ["Content-Disposition": "inline; filename=\"\(invoice.string("number") ?? id).pdf\""],
                contentType: "application/pdf"
            )
        }
        router.get("/_emulator/health") { _, _ in "ok" }
    }
}
