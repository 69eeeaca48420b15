public import Foundation

extension StripeClient {
    /// Test clock endpoints (`/v1/test_helpers/test_clocks`, test mode only).
    public var testClocks: TestClocks { TestClocks(client: self) }
}

/// Test clock endpoints (`/v1/test_helpers/test_clocks`, test mode only).
public struct TestClocks: Sendable {
    let client: StripeClient

    /// Creates a clock frozen at a time (`POST /v1/test_helpers/test_clocks`).
    public func create(
        frozenTime: Date,
        name: String? = nil,
        options: RequestOptions = RequestOptions()
    ) async throws -> TestClock {
        try await client.send(
            .POST,
            "/v1/test_helpers/test_clocks",
            parameters: TestClockParameters(frozenTime: frozenTime, name: name),
            options: options
        )
    }

    /// Retrieves a clock (`GET /v1/test_helpers/test_clocks/{id}`).
    /// - Throws: ``StripeError`` with `code == "resource_missing"` for an unknown id.
    public func retrieve(_ id: TestClockID) async throws -> TestClock {
        try await client.send(.GET, "/v1/test_helpers/test_clocks/\(id)")
    }

    /// Starts advancing a clock (`POST /v1/test_helpers/test_clocks/{id}/advance`). The clock returns with status
    /// `advancing`; poll ``retrieve(_:)`` until it is `ready`.
    /// - Parameter frozenTime: later than the current time, and at most two intervals of the shortest subscription
    ///   on the clock ahead.
    public func advance(
        _ id: TestClockID,
        to frozenTime: Date,
        options: RequestOptions = RequestOptions()
    ) async throws -> TestClock {
        try await client.send(
            .POST,
            "/v1/test_helpers/test_clocks/\(id)/advance",
            parameters: TestClockParameters(frozenTime: frozenTime),
            options: options
        )
    }

    /// Deletes a clock and every object attached to it (`DELETE /v1/test_helpers/test_clocks/{id}`).
    public func delete(_ id: TestClockID) async throws -> DeletedObject<TestClock> {
        try await client.send(.DELETE, "/v1/test_helpers/test_clocks/\(id)")
    }

    /// Lists one page of clocks (`GET /v1/test_helpers/test_clocks`).
    public func list(_ parameters: ListParameters = ListParameters()) async throws -> StripeList<TestClock> {
        try await client.send(.GET, "/v1/test_helpers/test_clocks", parameters: parameters)
    }
}

/// Parameters for creating and advancing a test clock.
public struct TestClockParameters: Encodable, Sendable {
    public var frozenTime: Date
    /// Create only.
    public var name: String?

    /// Creates parameters.
    public init(frozenTime: Date, name: String? = nil) {
        self.frozenTime = frozenTime
        self.name = name
    }

    enum CodingKeys: String, CodingKey {
        case name
        case frozenTime = "frozen_time"
    }
}
