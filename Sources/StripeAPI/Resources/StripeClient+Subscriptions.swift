extension StripeClient {
    /// Subscription endpoints (`/v1/subscriptions`).
    public var subscriptions: Subscriptions { Subscriptions(client: self) }
}

/// Subscription endpoints (`/v1/subscriptions`).
public struct Subscriptions: Sendable {
    let client: StripeClient

    /// Creates a subscription (`POST /v1/subscriptions`).
    /// - Parameters:
    ///   - parameters: the customer, items and billing options.
    ///   - options: pass an idempotency key derived from your own record to make creation safe to retry.
    public func create(
        _ parameters: SubscriptionCreateParameters,
        options: RequestOptions = RequestOptions()
    ) async throws -> Subscription {
        try await client.send(.POST, "/v1/subscriptions", parameters: parameters, options: options)
    }

    /// Retrieves a subscription (`GET /v1/subscriptions/{id}`), including canceled ones.
    /// - Throws: ``StripeError`` with `code == "resource_missing"` for an unknown id.
    public func retrieve(_ id: SubscriptionID, expand: [String] = []) async throws -> Subscription {
        try await client.send(.GET, "/v1/subscriptions/\(id)", options: RequestOptions(expand: expand))
    }

    /// Updates a subscription (`POST /v1/subscriptions/{id}`): plan changes, period-end cancellation, payment method.
    public func update(
        _ id: SubscriptionID,
        _ parameters: SubscriptionUpdateParameters,
        options: RequestOptions = RequestOptions()
    ) async throws -> Subscription {
        try await client.send(.POST, "/v1/subscriptions/\(id)", parameters: parameters, options: options)
    }

    /// Cancels a subscription immediately (`DELETE /v1/subscriptions/{id}`); returns it with status `canceled`.
    /// To cancel at the period end, update with `cancelAtPeriodEnd: true` instead.
    public func cancel(
        _ id: SubscriptionID,
        _ parameters: SubscriptionCancelParameters = SubscriptionCancelParameters()
    ) async throws -> Subscription {
        try await client.send(.DELETE, "/v1/subscriptions/\(id)", parameters: parameters)
    }

    /// Resumes a `paused` subscription (`POST /v1/subscriptions/{id}/resume`).
    public func resume(
        _ id: SubscriptionID,
        _ parameters: SubscriptionResumeParameters = SubscriptionResumeParameters(),
        options: RequestOptions = RequestOptions()
    ) async throws -> Subscription {
        try await client.send(.POST, "/v1/subscriptions/\(id)/resume", parameters: parameters, options: options)
    }

    /// Lists one page of subscriptions, newest first (`GET /v1/subscriptions`); without a status filter canceled
    /// subscriptions are left out.
    public func list(
        _ parameters: SubscriptionListParameters = SubscriptionListParameters(),
        expand: [String] = []
    ) async throws -> StripeList<Subscription> {
        try await client.send(
            .GET,
            "/v1/subscriptions",
            parameters: parameters,
            options: RequestOptions(expand: expand)
        )
    }

    /// Every subscription matching the filters, fetched page by page as the sequence is consumed.
    public func all(
        _ parameters: SubscriptionListParameters = SubscriptionListParameters(),
        pageSize: Int = 100
    ) -> StripePages<Subscription> {
        StripePages(pageSize: pageSize) { limit, startingAfter in
            var page = parameters
            page.limit = limit
            page.startingAfter = startingAfter
            return try await list(page)
        }
    }
}
