extension StripeClient {
    /// Invoice endpoints (`/v1/invoices`).
    public var invoices: Invoices { Invoices(client: self) }
}

/// Invoice endpoints (`/v1/invoices`), read-only here: subscriptions create invoices.
public struct Invoices: Sendable {
    let client: StripeClient

    /// Retrieves an invoice (`GET /v1/invoices/{id}`).
    /// - Throws: ``StripeError`` with `code == "resource_missing"` for an unknown id.
    public func retrieve(_ id: InvoiceID, expand: [String] = []) async throws -> Invoice {
        try await client.send(.GET, "/v1/invoices/\(id)", options: RequestOptions(expand: expand))
    }

    /// Lists one page of invoices, newest first (`GET /v1/invoices`).
    public func list(
        _ parameters: InvoiceListParameters = InvoiceListParameters(),
        expand: [String] = []
    ) async throws -> StripeList<Invoice> {
        try await client.send(.GET, "/v1/invoices", parameters: parameters, options: RequestOptions(expand: expand))
    }

    /// Every invoice matching the filters, fetched page by page as the sequence is consumed.
    public func all(
        _ parameters: InvoiceListParameters = InvoiceListParameters(),
        pageSize: Int = 100
    ) -> StripePages<Invoice> {
        StripePages(pageSize: pageSize) { limit, startingAfter in
            var page = parameters
            page.limit = limit
            page.startingAfter = startingAfter
            return try await list(page)
        }
    }
}

/// Filters for `GET /v1/invoices`.
public struct InvoiceListParameters: Encodable, Sendable {
    public var customer: CustomerID?
    public var subscription: SubscriptionID?
    public var status: Invoice.Status?
    public var created: DateFilter?
    public var limit: Int?
    public var startingAfter: String?
    public var endingBefore: String?

    /// Creates filters.
    public init(
        customer: CustomerID? = nil,
        subscription: SubscriptionID? = nil,
        status: Invoice.Status? = nil,
        created: DateFilter? = nil,
        limit: Int? = nil,
        startingAfter: String? = nil,
        endingBefore: String? = nil
    ) {
        self.customer = customer
        self.subscription = subscription
        self.status = status
        self.created = created
        self.limit = limit
        self.startingAfter = startingAfter
        self.endingBefore = endingBefore
    }

    enum CodingKeys: String, CodingKey {
        case customer, subscription, status, created, limit
        case startingAfter = "starting_after"
        case endingBefore = "ending_before"
    }
}
