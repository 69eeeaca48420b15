import BillingCore
import BillingViews
import Vapor

/// Turns a billing page fragment into an HTML response: inside the host's layout, or the library's minimal page.
struct BillingPageResponder: Sendable {
    let views: BillingViews
    let layout: BillingLayout?

    func respond(
        _ content: BillingPageContent,
        _ request: Request,
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let document = try await layout?(content, request) ?? views.standalonePage(content)
        var headers = HTTPHeaders()
        headers.contentType = .html
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: status, headers: headers, body: .init(string: document))
    }
}

extension BillingConfiguration {
    /// Sends an anonymous visitor to the host's login page, with `next` (the billing page by default) to come back
    /// to.
    func loginRedirect(next: String? = nil) -> Response {
        let encoded = (next ?? billingPath).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return Response(status: .seeOther, headers: ["Location": "\(loginPath)?next=\(encoded)"])
    }
}

extension Response {
    /// A 303 to a Stripe-hosted page; the URL is a bearer link, so it is neither cached nor logged.
    static func seeOther(_ url: URL) -> Response {
        Response(status: .seeOther, headers: ["Location": url.absoluteString, "Cache-Control": "no-store"])
    }
}
