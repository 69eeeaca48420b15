// Declared here rather than in Expandable.swift (lead-owned) so models that embed expandable fields can be
// Equatable; `==` is written out because synthesis only works in the declaring file.
extension Expandable: Equatable where Object: Equatable {
    /// Two expandable values are equal when they hold the same form and the same id or object.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        switch (lhs, rhs) {
        case (.id(let left), .id(let right)): left == right
        case (.object(let left), .object(let right)): left == right
        default: false
        }
    }
}
