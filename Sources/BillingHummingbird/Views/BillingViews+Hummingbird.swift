import BillingViews
import Hummingbird

extension BillingViews {
    /// A billing page response: the fragment in the host's layout (or the library's minimal page).
    func page<Context: BillingRequestContext>(
        _ content: BillingPageContent,
        _ request: Request,
        _ context: Context,
        layout: BillingLayout<Context>?,
        status: HTTPResponse.Status
    ) async throws -> Response {
        let document = try await layout?(content, request, context) ?? standalonePage(content)
        return try HTML(document, status: status).response(from: request, context: context)
    }
}
