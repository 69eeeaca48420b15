public import BillingCore
public import Vapor

/// Finds the signed-in account of a request in the host application's own auth (`req.auth`, the session); nil for
/// an anonymous visitor.
public typealias BillingAccountLookup = @Sendable (Request) async throws -> BillingAccount?

/// Finds the CSRF token bound to the visitor's session; billing's forms echo it in the `csrf_token` field.
public typealias BillingCSRFTokenLookup = @Sendable (Request) async throws -> String?

/// Wraps a rendered billing fragment in the host's layout and returns the whole HTML document.
public typealias BillingLayout = @Sendable (BillingPageContent, Request) async throws -> String

/// Who is asking, read once per request from the host's lookups; the billing routes never read cookies themselves.
struct BillingVisitor: Sendable {
    var account: BillingAccount?
    var csrfToken: String?
}

/// The host's lookups, shared by the billing routes.
struct BillingVisitorLookup: Sendable {
    let account: BillingAccountLookup
    let csrfToken: BillingCSRFTokenLookup

    func callAsFunction(_ request: Request) async throws -> BillingVisitor {
        BillingVisitor(account: try await account(request), csrfToken: try await csrfToken(request))
    }
}
