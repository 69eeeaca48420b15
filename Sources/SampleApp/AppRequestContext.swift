public import BillingCore
public import BillingHummingbird
public import Hummingbird

/// The sample app's request context: the signed-in account and the CSRF token, set by ``SessionMiddleware``, and
/// the account's billing on routes behind `RequireBilling`.
public struct AppRequestContext: BillingAccessRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in account, nil for visitors.
    public var account: Account?
    /// The server-side session token, when signed in.
    public var sessionToken: String?
    /// The CSRF token forms must echo: the session's, or the anonymous double-submit cookie's.
    public var csrfToken: String?
    /// Set when the anonymous CSRF cookie must be sent with the response.
    public var newCSRFCookie: String?
    /// The account's billing, set by `RequireBilling` on paid routes.
    public var billingAccess: BillingAccess?

    public init(source: Source) {
        self.coreContext = .init(source: source)
    }

    /// Form bodies are small; anything larger is refused before it is read.
    public var maxUploadSize: Int { 256 * 1024 + 1 }

    /// The account as billing knows it, with the locale and time zone picked on the profile page, so the billing
    /// page and its emails write money and dates the way this person reads them.
    public var billingAccount: BillingAccount? {
        account.map {
            BillingAccount(
                id: AccountID($0.id),
                email: $0.email,
                name: $0.name,
                locale: $0.locale.flatMap(BillingFormatter.locale(identifier:)),
                timeZone: $0.timeZone.flatMap(BillingFormatter.timeZone(identifier:))
            )
        }
    }
}
