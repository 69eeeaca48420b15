public import BillingDatabase
import BillingSupport
public import Foundation
import HummingbirdBcrypt
import NIOPosix
import SQLKit

/// Accounts and server-side sessions of the sample app, in the same database as billing.
public struct AccountStore: Sendable {
    private let database: any BillingDatabase
    private let bcryptCost: UInt8
    private let sessionLifetime: Duration
    private let now: @Sendable () -> Date

    /// Creates a store.
    /// - Parameters:
    ///   - database: the migrated database.
    ///   - bcryptCost: the bcrypt work factor (10–12 in production; tests use 4).
    ///   - sessionLifetime: how long a session stays valid.
    ///   - now: the clock.
    public init(
        database: any BillingDatabase,
        bcryptCost: UInt8 = 10,
        sessionLifetime: Duration = .seconds(14 * 24 * 3600),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.database = database
        self.bcryptCost = bcryptCost
        self.sessionLifetime = sessionLifetime
        self.now = now
    }

    /// Creates an account; nil when the email is taken.
    public func createAccount(email: String, name: String, password: String) async throws -> Account? {
        let cost = bcryptCost
        let hash = try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
        return try await createAccount(email: email, name: name, passwordHash: hash)
    }

    /// Creates an account whose password was hashed beforehand (the demo accounts share one published password);
    /// nil when the email is taken.
    func createAccount(email: String, name: String, passwordHash hash: String) async throws -> Account? {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        let account = Account(id: "acct_" + Self.randomToken(bytes: 12), email: email, name: name)
        let created = now().unixMilliseconds
        return try await database.transaction { sql in
            let existing = try await sql.raw("SELECT id FROM app_accounts WHERE email = \(bind: email)").first()
            guard existing == nil else { return nil }
            try await sql.raw(
                """
                INSERT INTO app_accounts (id, email, name, password_hash, created_at)
                VALUES (\(bind: account.id), \(bind: email), \(bind: name), \(bind: hash), \(bind: created))
                """
            ).run()
            return account
        }
    }

    /// The account with these credentials, or nil.
    public func authenticate(email: String, password: String) async throws -> Account? {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        let row = try await database.read { sql in
            try await sql.raw("SELECT id, email, name, password_hash FROM app_accounts WHERE email = \(bind: email)")
                .first(decoding: AccountRow.self)
        }
        guard let row else {
            // Same work as a real check, so response time does not reveal whether the email exists.
            let cost = bcryptCost
            _ = try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
            return nil
        }
        let valid = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: row.passwordHash) }
        return valid ? Account(id: row.id, email: row.email, name: row.name) : nil
    }

    /// The account with this email, if any.
    public func account(email: String) async throws -> Account? {
        try await database.read { sql in
            try await sql.raw("SELECT id, email, name, password_hash FROM app_accounts WHERE email = \(bind: email)")
                .first(decoding: AccountRow.self)
        }.map { Account(id: $0.id, email: $0.email, name: $0.name) }
    }

    /// Renames an account.
    public func rename(_ account: String, to name: String) async throws {
        try await database.transaction { sql in
            try await sql.raw("UPDATE app_accounts SET name = \(bind: name) WHERE id = \(bind: account)").run()
        }
    }

    /// Stores the locale and time zone the account reads money and dates in; nil returns to the defaults.
    public func setRegion(_ account: String, locale: String?, timeZone: String?) async throws {
        try await database.transaction { sql in
            try await sql.raw(
                """
                UPDATE app_accounts SET locale = \(bind: locale), time_zone = \(bind: timeZone)
                WHERE id = \(bind: account)
                """
            ).run()
        }
    }

    /// A new session for the account: its token and CSRF token.
    public func startSession(for account: Account) async throws -> (token: String, csrfToken: String) {
        let token = Self.randomToken(bytes: 32)
        let csrf = Self.randomToken(bytes: 32)
        let created = now().unixMilliseconds
        let expires = created + Int64(sessionLifetime.components.seconds) * 1000
        try await database.transaction { sql in
            try await sql.raw(
                """
                INSERT INTO app_sessions (token, account_id, csrf_token, created_at, expires_at)
                VALUES (\(bind: token), \(bind: account.id), \(bind: csrf), \(bind: created), \(bind: expires))
                """
            ).run()
        }
        return (token, csrf)
    }

    /// The session's account and CSRF token, when the session exists and has not expired.
    public func session(_ token: String) async throws -> (account: Account, csrfToken: String)? {
        let nowMs = now().unixMilliseconds
        let row = try await database.read { sql in
            try await sql.raw(
                """
                SELECT a.id, a.email, a.name, a.locale, a.time_zone, s.csrf_token FROM app_sessions s
                JOIN app_accounts a ON a.id = s.account_id
                WHERE s.token = \(bind: token) AND s.expires_at > \(bind: nowMs)
                """
            ).first(decoding: SessionRow.self)
        }
        return row.map {
            (Account(id: $0.id, email: $0.email, name: $0.name, locale: $0.locale, timeZone: $0.timeZone), $0.csrfToken)
        }
    }

    /// Ends a session.
    public func endSession(_ token: String) async throws {
        try await database.transaction { sql in
            try await sql.raw("DELETE FROM app_sessions WHERE token = \(bind: token)").run()
        }
    }

    /// A URL- and cookie-safe random token.
    public static func randomToken(bytes count: Int) -> String {
        // Eight bytes per call to the system generator (one getrandom each), and one pass to the URL-safe alphabet:
        // per-byte calls and three `replacingOccurrences` made this a tenth of the CPU samples in the webhook benchmark.
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 7)
        while bytes.count < count {
            withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0) }
        }
        let base64 = Data(bytes.prefix(count)).base64EncodedString()
        var token = String.UnicodeScalarView()
        for scalar in base64.unicodeScalars where scalar != "=" {
            token.append(scalar == "+" ? "-" : scalar == "/" ? "_" : scalar)
        }
        return String(token)
    }

    private struct AccountRow: Decodable {
        var id: String
        var email: String
        var name: String
        var passwordHash: String
        enum CodingKeys: String, CodingKey {
            case id, email, name
            case passwordHash = "password_hash"
        }
    }

    private struct SessionRow: Decodable {
        var id: String
        var email: String
        var name: String
        var locale: String?
        var timeZone: String?
        var csrfToken: String
        enum CodingKeys: String, CodingKey {
            case id, email, name, locale
            case timeZone = "time_zone"
            case csrfToken = "csrf_token"
        }
    }
}
