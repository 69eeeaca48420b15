/// One page of a Stripe list, `{"object":"list","data":[...],"has_more":...}`.
public struct StripeList<Element: Codable & Sendable>: Codable, Sendable {
    /// The objects on this page, newest first.
    public var data: [Element]
    /// Whether more objects follow this page.
    public var hasMore: Bool
    /// The list's path, such as `/v1/customers`.
    public var url: String?

    /// Creates a page (the emulator and fakes build these).
    public init(data: [Element], hasMore: Bool, url: String? = nil) {
        self.data = data
        self.hasMore = hasMore
        self.url = url
    }

    enum CodingKeys: String, CodingKey {
        case data, url
        case hasMore = "has_more"
    }
}

/// Cursor parameters shared by every list endpoint.
public struct ListParameters: Encodable, Sendable {
    /// Page size, 1–100 (Stripe defaults to 10).
    public var limit: Int?
    /// Return objects after this id (the next page).
    public var startingAfter: String?
    /// Return objects before this id (the previous page).
    public var endingBefore: String?

    /// Creates cursor parameters.
    public init(limit: Int? = nil, startingAfter: String? = nil, endingBefore: String? = nil) {
        self.limit = limit
        self.startingAfter = startingAfter
        self.endingBefore = endingBefore
    }

    enum CodingKeys: String, CodingKey {
        case limit
        case startingAfter = "starting_after"
        case endingBefore = "ending_before"
    }
}

/// Every object of a list endpoint, fetched page by page as the sequence is consumed.
///
/// Follows `has_more` with `starting_after` set to the last id of the previous page, as Stripe's SDKs do for
/// auto-pagination.
public struct StripePages<Element: StripeIdentifiable>: AsyncSequence, Sendable {
    public typealias Failure = any Error
    let pageSize: Int
    let fetch: @Sendable (_ limit: Int, _ startingAfter: String?) async throws -> StripeList<Element>

    /// Creates a paginated sequence from a page fetcher.
    /// - Parameters:
    ///   - pageSize: objects per request (1–100).
    ///   - fetch: loads one page after the given cursor.
    public init(
        pageSize: Int = 100,
        fetch: @escaping @Sendable (_ limit: Int, _ startingAfter: String?) async throws -> StripeList<Element>
    ) {
        self.pageSize = Swift.min(Swift.max(pageSize, 1), 100)
        self.fetch = fetch
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(pageSize: pageSize, fetch: fetch)
    }

    /// The iterator; each `next()` returns the next object, loading a page when the current one is used up.
    public struct Iterator: AsyncIteratorProtocol {
        let pageSize: Int
        let fetch: @Sendable (_ limit: Int, _ startingAfter: String?) async throws -> StripeList<Element>
        var buffer: [Element] = []
        var index = 0
        var cursor: String?
        var exhausted = false
        var started = false

        public mutating func next() async throws -> Element? {
            while index >= buffer.count {
                if exhausted { return nil }
                let page = try await fetch(pageSize, started ? cursor : nil)
                started = true
                buffer = page.data
                index = 0
                exhausted = !page.hasMore || page.data.isEmpty
                cursor = page.data.last?.id.rawValue
                if buffer.isEmpty { return nil }
            }
            defer { index += 1 }
            return buffer[index]
        }
    }

    /// Collects every object into an array.
    public func collect() async throws -> [Element] {
        var all: [Element] = []
        for try await element in self { all.append(element) }
        return all
    }
}

/// The stub Stripe returns from DELETE, `{"id": "...", "deleted": true}`.
public struct DeletedObject<Resource>: Codable, Sendable {
    /// The deleted object's id.
    public var id: StripeID<Resource>
    /// Always true.
    public var deleted: Bool
}
