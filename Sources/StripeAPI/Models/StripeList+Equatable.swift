// Declared beside the models (StripeList.swift is the client's) so models holding lists can be Equatable.
extension StripeList: Equatable where Element: Equatable {
    /// Two pages are equal when they hold the same objects, `has_more` flag and URL.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.data == rhs.data && lhs.hasMore == rhs.hasMore && lhs.url == rhs.url
    }
}
