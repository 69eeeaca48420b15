public import StripeAPI
import Synchronization

/// One call of a hook handler: the fact, the host's account it is about, and which attempt this is.
public struct BillingHookCall: Sendable, Equatable {
    /// The fact.
    public let fact: BillingFact
    /// The host application's account that owns the fact's customer.
    public let account: AccountID
    /// 1 on the first call, higher when an earlier call threw.
    public let attempt: Int
}

/// A host's reaction to billing facts.
public typealias BillingHookHandler = @Sendable (BillingHookCall) async throws -> Void

/// The host's handlers for billing facts (``BillingFact``), called exactly once per fact and handler.
///
/// ```swift
/// billing.hooks.on(.planChanged, name: "seats") { call in
///     try await seats.resize(call.account, to: call.fact.after?.quantity ?? 1)
/// }
/// billing.hooks.on([.subscriptionCanceled], name: "revoke") { call in try await teams.revoke(call.account) }
/// ```
///
/// **Exactly once, through the outbox.** The event processor writes one outbox row per fact and registered
/// handler (`hook:<name>:<fact key>`) in the transaction that projects the event, so a fact cannot be lost between
/// the projection and the handler, and a duplicated or reordered event cannot call a handler twice. The
/// ``HookRunner`` service claims due rows (several instances never run one row at once), calls the handler with the
/// account the customer belongs to, and marks the row done. A handler that throws is called again with exponential
/// backoff and, after the last attempt, marked failed; `billing events` lists failing and failed hooks. Because a
/// runner can die between a handler's success and recording it, write handlers to tolerate the rare second call
/// of the same ``BillingFact/key`` (the same "at most once more" as ``OutboxStore`` describes for mail).
///
/// Register handlers before the services run: facts are fanned out to the handlers registered when their event is
/// processed. A handler's `name` is part of its rows' keys; keep it stable across deployments.
public final class BillingHooks: Sendable {
    /// The outbox `kind` of a hook row.
    public static let rowKind = "billing.hook"

    /// What a registration calls: a host handler (given the account), or a handler of billing's own that works on
    /// the fact alone (the win-back sequence), so an unmapped customer does not hold it up.
    enum Handler: Sendable {
        case host(BillingHookHandler)
        case builtIn(@Sendable (BillingFact) async throws -> Void)
    }

    struct Registration: Sendable {
        var name: String
        var kinds: Set<BillingFact.Kind>
        var handler: Handler
    }

    private let registrations = Mutex<[String: Registration]>([:])

    /// Creates an empty registry.
    public init() {}

    /// Registers `handler` for facts of `kind`.
    /// - Parameters:
    ///   - kind: the fact to react to.
    ///   - name: a stable, unique name for the handler (part of its outbox keys).
    ///   - handler: called once per fact; throw to have it called again later.
    public func on(_ kind: BillingFact.Kind, name: String, handler: @escaping BillingHookHandler) {
        on([kind], name: name, handler: handler)
    }

    /// Registers `handler` for facts of any of `kinds`.
    /// - Parameters:
    ///   - kinds: the facts to react to.
    ///   - name: a stable, unique name for the handler (part of its outbox keys).
    ///   - handler: called once per fact; throw to have it called again later.
    public func on(_ kinds: Set<BillingFact.Kind>, name: String, handler: @escaping BillingHookHandler) {
        register(kinds, name: name, handler: .host(handler))
    }

    func register(_ kinds: Set<BillingFact.Kind>, name: String, handler: Handler) {
        precondition(!name.isEmpty, "a billing hook needs a name")
        registrations.withLock { all in
            precondition(all[name] == nil, "a billing hook named \(name) is already registered")
            all[name] = Registration(name: name, kinds: kinds, handler: handler)
        }
    }

    /// Whether any handler is registered (the processor reads facts only then).
    var isEmpty: Bool { registrations.withLock { $0.isEmpty } }

    /// The names of the handlers for `kind`, sorted.
    func names(for kind: BillingFact.Kind) -> [String] {
        registrations.withLock { all in all.values.filter { $0.kinds.contains(kind) }.map(\.name).sorted() }
    }

    /// The handler registered as `name`.
    func handler(named name: String) -> Handler? {
        registrations.withLock { $0[name]?.handler }
    }

    /// The outbox rows for `facts`: one per fact and handler registered for its kind.
    func rows(for facts: [BillingFact]) -> [OutboxMessage] {
        facts.flatMap { fact in
            names(for: fact.kind).map { name in
                OutboxMessage(
                    dedupeKey: "hook:\(name):\(fact.key)",
                    kind: Self.rowKind,
                    subjectID: fact.subjectID,
                    payload: HookPayload(handler: name, fact: fact)
                )
            }
        }
    }
}

/// The payload of a hook row (kind ``BillingHooks/rowKind``).
struct HookPayload: Codable, Sendable, Equatable {
    /// The handler's name.
    var handler: String
    /// The fact.
    var fact: BillingFact
}
