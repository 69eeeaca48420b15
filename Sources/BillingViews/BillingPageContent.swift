/// A page fragment rendered by the billing routes, for the host to place inside its own layout.
public struct BillingPageContent: Sendable {
    /// The page title.
    public var title: String
    /// Trusted HTML rendered from the library's escaped templates (embed it unescaped, `{{{content}}}`).
    public var html: String

    /// Creates a fragment.
    /// - Parameters:
    ///   - title: the page title.
    ///   - html: trusted HTML rendered from escaped templates.
    package init(title: String, html: String) {
        self.title = title
        self.html = html
    }
}
