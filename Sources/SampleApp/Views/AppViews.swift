import Foundation
import Hummingbird
import Mustache

/// The sample app's templates and page layout, loaded once at startup.
public struct AppViews: Sendable {
    private let library: MustacheLibrary

    /// Loads the templates bundled with the module.
    public init() async throws {
        guard let root = Bundle.module.resourceURL?.appendingPathComponent("Templates") else {
            throw HTTPError(.internalServerError, message: "templates missing")
        }
        self.library = try await MustacheLibrary(directory: root.path)
    }

    /// The folder with the static files (`/static/…`).
    static var publicFolder: String {
        Bundle.module.resourceURL?.appendingPathComponent("Public").path ?? "Public"
    }

    /// Renders one template into a fragment.
    func fragment(_ template: String, _ object: [String: any Sendable]) throws -> String {
        guard let html = library.render(object, withTemplate: template) else {
            throw HTTPError(.internalServerError, message: "unknown template \(template)")
        }
        return html
    }

    /// Renders a full page: the fragment inside the layout with the navigation for the visitor.
    func page(
        title: String,
        content: String,
        context: AppRequestContext,
        status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let html = try pageHTML(title: title, content: content, context: context)
        return Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html))
        )
    }

    /// The full page's HTML.
    func pageHTML(title: String, content: String, context: AppRequestContext) throws -> String {
        var object: [String: any Sendable] = [
            "title": title, "content": content, "csrfToken": context.csrfToken ?? "",
            "signedIn": context.account != nil,
        ]
        if let account = context.account {
            object["accountName"] = account.name
            object["accountEmail"] = account.email
        }
        return try fragment("layout", object)
    }

    /// The settings page chrome (Profile / Billing tabs) around a fragment.
    func settings(tab: String, content: String) throws -> String {
        try fragment("settings", ["content": content, "profileTab": tab == "profile", "billingTab": tab == "billing"])
    }
}
