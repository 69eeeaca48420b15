public import BillingDatabase
import BillingSupport
public import Foundation
public import Logging
import SQLKit
public import StripeAPI

/// Maps accounts to Stripe customers: exactly one customer per account.
///
/// ``ensureCustomer(account:email:name:)`` creates the customer on first need with the idempotency key
/// `customer-for-account-<account>`, then inserts the mapping under the unique constraints of
/// `billing_customers`. Concurrent callers all send the same key, so Stripe returns the same customer to each;
/// whoever loses the insert reads the winner's row. A crash between the API call and the insert is repaired by
/// the next call, whose request Stripe answers with the customer created before the crash.
public struct CustomerDirectory: Sendable {
    private let database: any BillingDatabase
    private let creator: any StripeCustomerCreator
    private let logger: Logger
    private let now: @Sendable () -> Date

    /// Creates a directory.
    /// - Parameters:
    ///   - database: the migrated billing database.
    ///   - creator: creates customers (a ``StripeAPI/StripeClient``).
    ///   - logger: receives a line per created mapping.
    ///   - now: the clock (injected for tests).
    public init(
        database: any BillingDatabase,
        creator: any StripeCustomerCreator,
        logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.database = database
        self.creator = creator
        self.logger = logger
        self.now = now
    }

    /// The idempotency key for an account's customer creation.
    public static func idempotencyKey(for account: AccountID) -> String {
        "customer-for-account-\(account.rawValue)"
    }

    /// The account's customer, if one is mapped.
    public func customer(for account: AccountID) async throws -> CustomerID? {
        try await database.read { sql in
            let row = try await sql.raw(
                "SELECT stripe_customer_id FROM billing_customers WHERE account_id = \(bind: account.rawValue)"
            ).first()
            return try row.map { CustomerID(try $0.decode(column: "stripe_customer_id", as: String.self)) }
        }
    }

    /// The account a customer belongs to, if mapped.
    public func account(for customer: CustomerID) async throws -> AccountID? {
        try await database.read { sql in
            let row = try await sql.raw(
                "SELECT account_id FROM billing_customers WHERE stripe_customer_id = \(bind: customer.rawValue)"
            ).first()
            return try row.map { AccountID(try $0.decode(column: "account_id", as: String.self)) }
        }
    }

    /// Remembers the account's locale and time zone on its customer mapping, for the mails about that customer.
    ///
    /// The host knows them per request (``BillingAccount/locale``, ``BillingAccount/timeZone``); the mailer works
    /// from the customer alone, so the billing page records what it was shown in. One read, and a write only when
    /// the values changed (a profile edit), so a page view normally writes nothing. An account without a mapping or
    /// without either value is left alone.
    /// - Parameter account: the account as the host describes it on this request.
    public func recordFormatting(of account: BillingAccount) async throws {
        guard account.locale != nil || account.timeZone != nil else { return }
        let locale = account.locale?.identifier
        let timeZone = account.timeZone?.identifier
        let stored = try await database.read { sql in
            try await sql.raw(
                "SELECT locale, time_zone FROM billing_customers WHERE account_id = \(bind: account.id.rawValue)"
            ).first()
        }
        guard let stored else { return }
        let same =
            try stored.decode(column: "locale", as: String?.self) == locale
            && stored.decode(column: "time_zone", as: String?.self) == timeZone
        guard !same else { return }
        try await database.transaction { sql in
            try await sql.raw(
                """
                UPDATE billing_customers SET locale = \(bind: locale), time_zone = \(bind: timeZone) \
                WHERE account_id = \(bind: account.id.rawValue)
                """
            ).run()
        }
    }

    /// Returns the account's customer, creating it in Stripe and recording it on first need.
    /// - Parameters:
    ///   - account: the host application's account.
    ///   - email: sent on creation only; keep it stable for an account (Stripe rejects a reused idempotency key with
    ///     different parameters).
    ///   - name: the person's name, sent on creation only (the portal and invoices show it); stable like the email.
    /// - Returns: the one customer of this account.
    /// - Throws: ``StripeAPI/StripeError`` when Stripe fails, or the database's error; nothing half-written remains.
    public func ensureCustomer(account: AccountID, email: String? = nil, name: String? = nil) async throws -> CustomerID
    {
        if let existing = try await customer(for: account) { return existing }
        let created = try await creator.createCustomer(
            for: account,
            email: email,
            name: name.flatMap { $0.isEmpty ? nil : $0 },
            idempotencyKey: Self.idempotencyKey(for: account)
        )
        let createdAt = now().unixMilliseconds
        let stored = try await database.transaction { sql in
            try await sql.raw(
                """
                INSERT INTO billing_customers (account_id, stripe_customer_id, livemode, created_at)
                VALUES (\(bind: account.rawValue), \(bind: created.id.rawValue), \(bind: created.livemode), \
                \(bind: createdAt))
                ON CONFLICT DO NOTHING
                """
            ).run()
            let row = try await sql.raw(
                "SELECT stripe_customer_id FROM billing_customers WHERE account_id = \(bind: account.rawValue)"
            ).first()
            return try row?.decode(column: "stripe_customer_id", as: String.self)
        }
        guard let stored else {
            // The customer id is mapped to another account: Stripe returned a customer for a key we did not send.
            throw CustomerMappingError.customerBelongsToAnotherAccount
        }
        if stored != created.id.rawValue {
            // Only possible when the idempotency key expired (24 h) between two attempts; the mapped one wins.
            logger.warning(
                "stripe returned a different customer than the mapped one",
                metadata: ["account_id": "\(account)", "stripe.customer": "\(created.id)", "mapped": "\(stored)"]
            )
        } else {
            logger.info("mapped account to stripe customer", metadata: ["stripe.customer": "\(created.id)"])
        }
        return CustomerID(stored)
    }
}

/// Why an account could not be mapped to a customer.
public struct CustomerMappingError: Error, Equatable, CustomStringConvertible, Sendable {
    private enum Code: String, Sendable {
        case customerBelongsToAnotherAccount = "the Stripe customer is already mapped to another account"
    }

    private let code: Code
    private init(_ code: Code) { self.code = code }

    /// The customer Stripe returned is mapped to a different account.
    public static var customerBelongsToAnotherAccount: Self { Self(.customerBelongsToAnotherAccount) }

    public var description: String { code.rawValue }
}
