extension StripeClient {
    /// Customer endpoints (`/v1/customers`).
    public var customers: Customers { Customers(client: self) }
}

/// Customer endpoints (`/v1/customers`).
public struct Customers: Sendable {
    let client: StripeClient

    /// Creates a customer (`POST /v1/customers`).
    /// - Parameters:
    ///   - parameters: the customer's fields.
    ///   - options: pass an idempotency key derived from your own record to make creation safe to retry.
    public func create(
        _ parameters: CustomerCreateParameters,
        options: RequestOptions = RequestOptions()
    ) async throws -> Customer {
        try await client.send(.POST, "/v1/customers", parameters: parameters, options: options)
    }

    /// Retrieves a customer (`GET /v1/customers/{id}`).
    /// - Throws: ``StripeError`` with `code == "resource_missing"` for an unknown id.
    public func retrieve(_ id: CustomerID, expand: [String] = []) async throws -> Customer {
        try await client.send(.GET, "/v1/customers/\(id)", options: RequestOptions(expand: expand))
    }

    /// Updates a customer (`POST /v1/customers/{id}`).
    public func update(
        _ id: CustomerID,
        _ parameters: CustomerUpdateParameters,
        options: RequestOptions = RequestOptions()
    ) async throws -> Customer {
        try await client.send(.POST, "/v1/customers/\(id)", parameters: parameters, options: options)
    }

    /// Deletes a customer (`DELETE /v1/customers/{id}`); Stripe cancels its subscriptions.
    public func delete(_ id: CustomerID) async throws -> DeletedObject<Customer> {
        try await client.send(.DELETE, "/v1/customers/\(id)")
    }

    /// Lists one page of customers, newest first (`GET /v1/customers`).
    public func list(
        _ parameters: CustomerListParameters = CustomerListParameters(),
        expand: [String] = []
    ) async throws -> StripeList<Customer> {
        try await client.send(.GET, "/v1/customers", parameters: parameters, options: RequestOptions(expand: expand))
    }

    /// Every customer matching the filters, fetched page by page as the sequence is consumed.
    public func all(
        _ parameters: CustomerListParameters = CustomerListParameters(),
        pageSize: Int = 100
    ) -> StripePages<Customer> {
        StripePages(pageSize: pageSize) { limit, startingAfter in
            var page = parameters
            page.limit = limit
            page.startingAfter = startingAfter
            return try await list(page)
        }
    }
}

/// Parameters for `POST /v1/customers`.
public struct CustomerCreateParameters: Encodable, Sendable {
    public var email: String?
    public var name: String?
    public var phone: String?
    public var description: String?
    public var address: Address?
    public var metadata: Metadata?
    /// A payment method to attach at creation.
    public var paymentMethod: PaymentMethodID?
    public var invoiceSettings: InvoiceSettingsParameters?
    public var preferredLocales: [String]?
    /// Creates the customer on a test clock (test mode only; cannot be changed later).
    public var testClock: TestClockID?

    /// Creates parameters.
    public init(
        email: String? = nil,
        name: String? = nil,
        phone: String? = nil,
        description: String? = nil,
        address: Address? = nil,
        metadata: Metadata? = nil,
        paymentMethod: PaymentMethodID? = nil,
        invoiceSettings: InvoiceSettingsParameters? = nil,
        preferredLocales: [String]? = nil,
        testClock: TestClockID? = nil
    ) {
        self.email = email
        self.name = name
        self.phone = phone
        self.description = description
        self.address = address
        self.metadata = metadata
        self.paymentMethod = paymentMethod
        self.invoiceSettings = invoiceSettings
        self.preferredLocales = preferredLocales
        self.testClock = testClock
    }

    enum CodingKeys: String, CodingKey {
        case email, name, phone, description, address, metadata
        case paymentMethod = "payment_method"
        case invoiceSettings = "invoice_settings"
        case preferredLocales = "preferred_locales"
        case testClock = "test_clock"
    }
}

/// `invoice_settings` on customer create and update.
public struct InvoiceSettingsParameters: Encodable, Sendable {
    /// The default payment method for invoices; `.unset` clears it.
    public var defaultPaymentMethod: Unsettable<PaymentMethodID>?

    /// Creates parameters.
    public init(defaultPaymentMethod: Unsettable<PaymentMethodID>? = nil) {
        self.defaultPaymentMethod = defaultPaymentMethod
    }

    enum CodingKeys: String, CodingKey {
        case defaultPaymentMethod = "default_payment_method"
    }
}

/// Parameters for `POST /v1/customers/{id}`. `nil` leaves a field unchanged; ``Unsettable/unset`` clears it.
public struct CustomerUpdateParameters: Encodable, Sendable {
    public var email: Unsettable<String>?
    public var name: Unsettable<String>?
    public var phone: Unsettable<String>?
    public var description: Unsettable<String>?
    public var address: Address?
    /// Keys to set; a key mapped to `""` is removed by Stripe.
    public var metadata: Metadata?
    public var invoiceSettings: InvoiceSettingsParameters?
    public var preferredLocales: [String]?

    /// Creates parameters.
    public init(
        email: Unsettable<String>? = nil,
        name: Unsettable<String>? = nil,
        phone: Unsettable<String>? = nil,
        description: Unsettable<String>? = nil,
        address: Address? = nil,
        metadata: Metadata? = nil,
        invoiceSettings: InvoiceSettingsParameters? = nil,
        preferredLocales: [String]? = nil
    ) {
        self.email = email
        self.name = name
        self.phone = phone
        self.description = description
        self.address = address
        self.metadata = metadata
        self.invoiceSettings = invoiceSettings
        self.preferredLocales = preferredLocales
    }

    enum CodingKeys: String, CodingKey {
        case email, name, phone, description, address, metadata
        case invoiceSettings = "invoice_settings"
        case preferredLocales = "preferred_locales"
    }
}

/// Filters for `GET /v1/customers`.
public struct CustomerListParameters: Encodable, Sendable {
    /// Exact, case-sensitive email match.
    public var email: String?
    /// Only customers on this test clock (customers on clocks are otherwise left out).
    public var testClock: TestClockID?
    public var limit: Int?
    public var startingAfter: String?
    public var endingBefore: String?

    /// Creates filters.
    public init(
        email: String? = nil,
        testClock: TestClockID? = nil,
        limit: Int? = nil,
        startingAfter: String? = nil,
        endingBefore: String? = nil
    ) {
        self.email = email
        self.testClock = testClock
        self.limit = limit
        self.startingAfter = startingAfter
        self.endingBefore = endingBefore
    }

    enum CodingKeys: String, CodingKey {
        case email, limit
        case testClock = "test_clock"
        case startingAfter = "starting_after"
        case endingBefore = "ending_before"
    }
}
