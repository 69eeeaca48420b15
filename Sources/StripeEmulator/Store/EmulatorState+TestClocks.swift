import StripeAPI

extension EmulatorState {
    mutating func createTestClock(_ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly(["frozen_time", "name", "customer"])
        let frozen = try params.requiredInt("frozen_time")
        let id = Self.newID("clock")
        let clock: JSONObject = [
            "id": .string(id), "object": "test_helpers.test_clock", "created": .int(realtimeNow),
            "deletes_after": .int(realtimeNow + 30 * 86_400), "frozen_time": .int(frozen), "livemode": false,
            "name": .text(try params.string("name")), "status": "ready", "status_details": [:],
        ]
        insert(clock, kind: "test_helpers.test_clock")
        emit("test_helpers.test_clock.created", clock)
        return clock
    }

    func testClock(_ id: String) throws(StripeAPIError) -> JSONObject {
        try require(id, kind: "test_helpers.test_clock", name: "test_clock")
    }

    /// Advances a clock and runs everything that falls due on it. The response is the `advancing` snapshot, as
    /// Stripe's is; the work is done by the time the response is sent, so the next retrieve shows `ready`.
    mutating func advanceTestClock(_ id: String, _ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly(["frozen_time"])
        let clock = try testClock(id)
        let target = try params.requiredInt("frozen_time")
        let current = clock.int("frozen_time") ?? 0
        guard target > current else {
            throw .invalid(
                "frozen_time",
                "The frozen_time must be greater than the test clock's current frozen_time (\(current))."
            )
        }
        var advancing = clock
        advancing["status"] = "advancing"
        advancing["status_details"] = ["advancing": ["target_frozen_time": .int(target)]]
        objects[id] = advancing
        emit("test_helpers.test_clock.advancing", advancing, previous: clock)
        advanceTime(clock: id, to: target)
        var ready = objects[id]!
        let before = ready
        ready["status"] = "ready"
        ready["status_details"] = [:]
        objects[id] = ready
        emit("test_helpers.test_clock.ready", ready, previous: before)
        return advancing
    }

    mutating func deleteTestClock(_ id: String) throws(StripeAPIError) -> JSONObject {
        let clock = try testClock(id)
        for kind in ["subscription", "invoice", "customer"] {
            for objectID in order[kind] ?? [] where objects[objectID]?.string("test_clock") == id {
                objects[objectID] = nil
            }
        }
        objects[id] = nil
        emit("test_helpers.test_clock.deleted", clock)
        return ["id": .string(id), "object": "test_helpers.test_clock", "deleted": true]
    }

    func listTestClocks(_ params: Params) throws(StripeAPIError) -> JSONValue {
        try params.requireOnly(Self.listKeys)
        return try list(
            kind: "test_helpers.test_clock",
            name: "test_clock",
            url: "/v1/test_helpers/test_clocks",
            params: params
        )
    }
}
