import Foundation
import StripeAPI
import Testing

@testable import StripeEmulator

/// The state file is written by hand (``JSONWriter``) and read by `Codable`: it must hold exactly what `Codable`
/// would have written, and read back as the same state.
@Suite struct StateFileTests {
    static func populated() -> EmulatorState {
        var state = EmulatorState()
        state.insert(
            [
                "id": "cus_1", "object": "customer", "email": "quote\"back\\slash\nline\u{1}@example.com",
                "name": "Zoë 🚀 名前", "balance": .number(-1_250), "created": .number(1_790_000_000),
                "ratio": .number(1.5), "huge": .number(1e20), "exact": .number(9_007_199_254_740_992),
                "deleted": false, "metadata": ["plan": "pro", "empty": ""], "tax_ids": [], "address": .null,
                "nested": [["a": [.number(1), [true, .null]]], "x"],
            ],
            kind: "customer"
        )
        state.insert(["id": "sub_1", "object": "subscription", "customer": "cus_1"], kind: "subscription")
        state.endpointSecrets["we_1"] = "whsec_abc"
        state.pendingItems["cus_1"] = [["id": "ii_1", "amount": .number(-500)]]
        state.detachedPaymentMethods = ["pm_2", "pm_1", "pm_3"]
        state.publicBaseURL = "http://127.0.0.1:4242"
        state.checkoutDetails["cs_1"] = ["line_items": [["price": "price_1", "quantity": .number(2)]]]
        state.trialWillEndSent = ["sub_1@1790000000", "sub_2@1790000001"]
        state.branding.businessName = "Acme \"Notes\""
        state.branding.accentColor = "#112233"
        return state
    }

    /// A saved state as a JSON tree, with the two sets (saved as arrays in no particular order) sorted.
    static func tree(_ data: Data) throws -> JSONValue {
        guard case .object(var members) = try JSONDecoder().decode(JSONValue.self, from: data) else {
            Issue.record("the state file is not a JSON object")
            return .null
        }
        for key in ["detachedPaymentMethods", "trialWillEndSent"] {
            if case .array(let elements) = members[key] {
                members[key] = .array(elements.sorted { "\($0)" < "\($1)" })
            }
        }
        return .object(members)
    }

    @Test func theFileHoldsWhatCodableWrites() throws {
        let state = Self.populated()
        let written = try Self.tree(Data(state.stateFileBytes()))
        let codable = try Self.tree(JSONEncoder().encode(state))
        #expect(written == codable)
        // Every saved key is there, so a key added to the coding keys but not to the writer fails here.
        #expect(written.objectValue?.keys.sorted() == codable.objectValue?.keys.sorted())
        #expect(written.objectValue?.count == 10)
    }

    @Test func theFileReadsBackAsTheSameState() throws {
        let state = Self.populated()
        let reread = try JSONDecoder().decode(EmulatorState.self, from: Data(state.stateFileBytes()))
        #expect(try Self.tree(JSONEncoder().encode(reread)) == Self.tree(JSONEncoder().encode(state)))
        #expect(reread.objects["cus_1"]?["name"] == "Zoë 🚀 名前")
        #expect(reread.order["customer"] == ["cus_1"])
        #expect(reread.positions["sub_1"] == 0)
    }

    @Test func anEmptyStateReadsBack() throws {
        let reread = try JSONDecoder().decode(EmulatorState.self, from: Data(EmulatorState().stateFileBytes()))
        #expect(reread.order.isEmpty)
        #expect(reread.publicBaseURL == EmulatorState().publicBaseURL)
    }
}
