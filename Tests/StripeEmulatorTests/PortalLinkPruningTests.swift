import StripeAPI
import Testing

@testable import StripeEmulator

/// Expired portal links are refused when visited, whenever they were last pruned; pruning itself runs at most once a
/// minute of emulator time and then forgets every expired link.
@Suite struct PortalLinkPruningTests {
    static func link(created: Int) -> PortalLink {
        PortalLink(sessionID: "bps_\(created)", customer: "cus_1", configuration: "bpc_1", created: created, csrf: "x")
    }

    @Test func anExpiredLinkIsRefusedBeforePruningAndForgottenByTheNextPrune() throws {
        var state = EmulatorState()
        state.realtimeNow = 1_000
        state.portalLinks["old"] = Self.link(created: 1_000)
        state.prunePortalLinks()
        #expect(state.portalLinks.count == 1)

        // 301 s later the unvisited link (300 s) has expired; a prune 10 s after the last one does not run.
        state.realtimeNow = 1_301
        state.portalLinksPrunedAt = 1_291
        state.portalLinks["new"] = Self.link(created: 1_301)
        state.prunePortalLinks()
        #expect(state.portalLinks.count == 2)
        #expect(throws: PortalError.expired) { try state.visitPortal("old") }
        #expect(state.portalLinks["old"] == nil)

        state.portalLinks["old"] = Self.link(created: 1_000)
        state.realtimeNow = 1_351
        state.prunePortalLinks()
        #expect(state.portalLinks.keys.sorted() == ["new"])
        #expect(try state.visitPortal("new").sessionID == "bps_1301")
    }

    @Test func aPrunedLinkTakesItsSessionObjectWithIt() {
        var state = EmulatorState()
        state.realtimeNow = 1_000
        state.prunePortalLinks()
        for (token, created) in [("old", 1_000), ("new", 1_350)] {
            state.portalLinks[token] = Self.link(created: created)
            state.insert(
                ["id": .string("bps_\(created)"), "object": "billing_portal.session"],
                kind: "billing_portal.session"
            )
        }
        state.insert(["id": "evt_1", "object": "event", "type": "billing_portal.session.created"], kind: "event")

        state.realtimeNow = 1_400
        state.prunePortalLinks()
        #expect(state.portalLinks.keys.sorted() == ["new"])
        #expect(state.objects["bps_1000"] == nil)
        #expect(state.objects["bps_1350"] != nil)
        #expect(state.objects["evt_1"] != nil)
        #expect(state.object("bps_1350", kind: "billing_portal.session") != nil)
    }

    @Test func aClockMovedBackPrunesAtOnce() {
        var state = EmulatorState()
        state.portalLinksPrunedAt = 5_000
        state.realtimeNow = 4_000
        state.portalLinks["old"] = Self.link(created: 3_000)
        state.prunePortalLinks()
        #expect(state.portalLinks.isEmpty)
    }
}
