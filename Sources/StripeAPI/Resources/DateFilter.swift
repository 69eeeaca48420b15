public import Foundation

/// A filter on a timestamp field of a list endpoint, such as `created`: an exact second or a range
/// (`created[gte]=…&created[lt]=…`).
public struct DateFilter: Encodable, Sendable, Equatable {
    /// Matches exactly this second.
    public var exact: Date?
    /// Strictly after.
    public var greaterThan: Date?
    /// At or after.
    public var greaterThanOrEqual: Date?
    /// Strictly before.
    public var lessThan: Date?
    /// At or before.
    public var lessThanOrEqual: Date?

    /// Creates a range; nil bounds are left open.
    public init(
        greaterThan: Date? = nil,
        greaterThanOrEqual: Date? = nil,
        lessThan: Date? = nil,
        lessThanOrEqual: Date? = nil
    ) {
        self.greaterThan = greaterThan
        self.greaterThanOrEqual = greaterThanOrEqual
        self.lessThan = lessThan
        self.lessThanOrEqual = lessThanOrEqual
    }

    /// Matches exactly one second.
    public static func exactly(_ date: Date) -> Self {
        var filter = Self()
        filter.exact = date
        return filter
    }

    /// Matches `from ≤ t < to`.
    public static func between(_ from: Date, and to: Date) -> Self {
        Self(greaterThanOrEqual: from, lessThan: to)
    }

    enum CodingKeys: String, CodingKey {
        case greaterThan = "gt"
        case greaterThanOrEqual = "gte"
        case lessThan = "lt"
        case lessThanOrEqual = "lte"
    }

    public func encode(to encoder: any Encoder) throws {
        if let exact {
            var container = encoder.singleValueContainer()
            try container.encode(exact)
            return
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(greaterThan, forKey: .greaterThan)
        try container.encodeIfPresent(greaterThanOrEqual, forKey: .greaterThanOrEqual)
        try container.encodeIfPresent(lessThan, forKey: .lessThan)
        try container.encodeIfPresent(lessThanOrEqual, forKey: .lessThanOrEqual)
    }
}
