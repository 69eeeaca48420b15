public import SQLKit

extension DatabaseDialect {
    /// A query returning one row per key, with columns `key` and `locked`: whether this transaction now holds the
    /// per-object lock for that key; nil when the dialect needs none (SQLite: the writer already owns everything).
    ///
    /// The batch form of ``tryLockObject(_:)``, with the same keys and the same never-waiting `try` locks, so one
    /// round trip covers a whole batch of events.
    public func tryLockObjects(_ keys: [String]) -> SQLQueryString? {
        switch self {
        case .sqlite:
            return nil
        case .postgresql:
            var query: SQLQueryString = """
                SELECT k AS key, pg_try_advisory_xact_lock(hashtext(current_schema() || ':' || k)) AS locked \
                FROM (VALUES
                """
            for (offset, key) in keys.enumerated() {
                if offset > 0 { query.appendLiteral(", ") }
                query.appendInterpolation("(\(bind: key))" as SQLQueryString)
            }
            query.appendLiteral(") AS keys(k)")
            return query
        }
    }
}
