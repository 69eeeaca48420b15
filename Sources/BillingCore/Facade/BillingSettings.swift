public import BillingDatabase
import BillingSupport
public import Foundation
import SQLKit

/// Small operator settings in `billing_settings` (key → text): the applied portal configuration id, the sync
/// cursor. Written by the `billing` CLI, read by the app.
public struct BillingSettings: Sendable {
    /// A settings key.
    public struct Key: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral {
        public let rawValue: String
        /// Creates a key.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Creates a key from a literal.
        public init(stringLiteral value: String) { rawValue = value }

        /// The `bpc_…` that `billing portal-config apply` created or updated; portal sessions use it.
        public static let portalConfigurationID: Self = "portal.configuration_id"
        /// The hash of the file last applied (also in the configuration's metadata).
        public static let portalConfigurationHash: Self = "portal.config_hash"
        /// The last subscription id a `billing sync` finished a page with; present only while a sync is unfinished.
        public static let syncCursor: Self = "sync.subscription_cursor"
    }

    /// The migrated database.
    public let database: any BillingDatabase
    private let now: @Sendable () -> Date

    /// Creates the settings store.
    public init(database: any BillingDatabase, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.now = now
    }

    /// The stored value, or nil.
    public func value(for key: Key) async throws -> String? {
        try await database.read { sql in
            try await sql.raw("SELECT value FROM billing_settings WHERE key = \(bind: key.rawValue)")
                .first()?.decode(column: "value", as: String.self)
        }
    }

    /// Stores `value` under `key`, replacing any previous value.
    public func set(_ value: String, for key: Key) async throws {
        let millis = now().unixMilliseconds
        try await database.transaction { sql in
            try await sql.raw(
                """
                INSERT INTO billing_settings (key, value, updated_at)
                VALUES (\(bind: key.rawValue), \(bind: value), \(bind: millis))
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """
            ).run()
        }
    }

    /// Removes `key`.
    public func remove(_ key: Key) async throws {
        try await database.transaction { sql in
            try await sql.raw("DELETE FROM billing_settings WHERE key = \(bind: key.rawValue)").run()
        }
    }
}
