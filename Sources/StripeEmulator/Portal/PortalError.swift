/// A portal page failure shown to the customer: a status code and a message safe to display (never the session URL).
struct PortalError: Error, Equatable {
    let status: Int
    let message: String

    static let expired = PortalError(
        status: 404,
        message: "This link has expired or is not valid. Return to the site you came from and open the billing "
            + "portal again."
    )
    static let forbidden = PortalError(
        status: 403,
        message: "This form has expired or did not come from this page. Reload the page and try again."
    )
    static let notFound = PortalError(status: 404, message: "That item could not be found in your account.")

    static func refused(_ message: String) -> PortalError {
        PortalError(status: 400, message: message)
    }

    /// An API error turned into a message for the customer (card errors keep Stripe's customer-facing text).
    init(_ error: StripeAPIError) {
        self.status = error.status == 402 ? 402 : (error.status == 404 ? 404 : 400)
        self.message = error.message
    }

    init(status: Int, message: String) {
        self.status = status
        self.message = message
    }
}
