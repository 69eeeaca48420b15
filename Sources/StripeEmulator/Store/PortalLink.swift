/// The emulator-side state behind one portal session URL (`/p/session/test_<token>`): who it is for, when it
/// expires, and the CSRF token its forms carry. Kept in memory only, so a restart invalidates every link.
struct PortalLink: Sendable {
    /// The `bps_…` session.
    let sessionID: String
    /// The `cus_…` the session may act on.
    let customer: String
    /// The `bpc_…` whose features the portal honours.
    let configuration: String
    /// Creation time (emulator clock).
    let created: Int
    /// The first visit, after which the longer visited lifetime applies.
    var visited: Int?
    /// The per-session token every state-changing form must echo.
    let csrf: String
    /// Whether the session's deep-link flow (if any) has been completed.
    var flowCompleted = false

    /// Whether the link may still be used at `now`.
    func isValid(at now: Int, unvisitedLifetime: Int, visitedLifetime: Int) -> Bool {
        if let visited { return now < visited + visitedLifetime }
        return now < created + unvisitedLifetime
    }
}
