public import Configuration
import StripeAPI

/// How long a claim on an outbox row keeps other instances off it. A claim is renewed just before each delivery,
/// so a lease needs to cover one delivery with room to spare; an instance that dies holds its rows this long.
///
/// The event processor takes no lease: it locks the events it claims for the length of its transaction
/// (`FOR UPDATE SKIP LOCKED` on PostgreSQL), and a dead instance's locks go with its connection.
public struct ClaimLeases: Sendable, Equatable {
    /// The ``HookRunner``'s lease on a hook row (one handler call).
    public var hooks: Duration
    /// The ``OutboxMailer``'s lease on a mail row (one SMTP delivery, with its timeouts).
    public var mail: Duration

    /// Creates leases.
    public init(hooks: Duration = .seconds(120), mail: Duration = .seconds(300)) {
        self.hooks = hooks
        self.mail = mail
    }

    /// Reads the leases from the root reader.
    ///
    /// Keys (environment variable in brackets):
    /// - `billing.hooks.claimLeaseSeconds` (`BILLING_HOOKS_CLAIM_LEASE_SECONDS`), int 5…86400, default 120: see
    ///   ``hooks``.
    /// - `billing.mail.claimLeaseSeconds` (`BILLING_MAIL_CLAIM_LEASE_SECONDS`), int 5…86400, default 300: see
    ///   ``mail``.
    /// - Parameter reader: the root configuration reader.
    /// - Throws: ``StripeAPI/ConfigurationError`` naming the key when a value is out of range.
    public init(reader: ConfigReader) throws {
        func lease(_ key: String, _ fallback: Int) throws -> Duration {
            let value = reader.int(forKey: ConfigKey(key), default: fallback)
            // Under 5 s a slow delivery outlives its lease and another instance sends it again.
            guard (5...86_400).contains(value) else {
                throw ConfigurationError.invalid(
                    key,
                    problem: "must be between 5 and 86400 seconds",
                    fix: "use seconds that cover one delivery with room to spare, such as \(fallback)"
                )
            }
            return .seconds(value)
        }
        self.init(
            hooks: try lease("billing.hooks.claimLeaseSeconds", 120),
            mail: try lease("billing.mail.claimLeaseSeconds", 300)
        )
    }
}
