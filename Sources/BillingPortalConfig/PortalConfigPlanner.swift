public import StripeAPI

/// Compares a ``PortalConfigSpec`` with the configuration in Stripe and creates or updates it (`bpc_…`).
///
/// Reads come first (prices by lookup key, the managed configuration); a file whose prices are missing fails
/// with ``PortalConfigError/missingPrices`` before anything is written. The configuration is tagged with
/// `metadata[managed_by]` and `metadata[config_hash]` so `apply` finds it again; applying an unchanged file sends
/// no write.
public struct PortalConfigPlanner: Sendable {
    /// The `metadata[managed_by]` value on configurations this library manages.
    public static let managedBy = "swift-billing-portal"

    private let stripe: StripeClient

    /// Creates a planner.
    /// - Parameter stripe: a client for real Stripe or the emulator.
    public init(stripe: StripeClient) {
        self.stripe = stripe
    }

    /// What `diff` and `apply` need: the desired fields, and the managed configuration in Stripe if one exists.
    public struct Plan: Sendable {
        /// The validated file.
        public var spec: PortalConfigSpec
        /// Its prices, resolved.
        public var prices: ResolvedPrices
        /// The fields the file asks for.
        public var desired: PortalConfigFields
        /// The managed configuration in Stripe, nil when none exists yet.
        public var current: PortalConfiguration?

        /// Field-by-field differences (every field when nothing exists yet).
        public var differences: [PortalConfigDifference] {
            guard let current else {
                return PortalConfigFields.paths.map {
                    PortalConfigDifference(path: $0, stripe: "(missing)", file: desired.values[$0] ?? "(none)")
                }
            }
            return desired.differences(from: PortalConfigFields(actual: current, names: prices.names))
        }
    }

    /// What ``apply(_:)`` did.
    public enum Outcome: Sendable, Equatable {
        /// A new configuration was created.
        case created(PortalConfigurationID)
        /// The configuration was updated.
        case updated(PortalConfigurationID, changed: Int)
        /// Stripe already matched the file; nothing was sent.
        case unchanged(PortalConfigurationID)

        /// The configuration id in every case.
        public var id: PortalConfigurationID {
            switch self {
            case .created(let id), .updated(let id, _), .unchanged(let id): id
            }
        }
    }

    /// Resolves the file's prices and finds the managed configuration.
    /// - Parameters:
    ///   - spec: a validated file.
    ///   - recordedID: the id recorded by a previous apply (preferred when it still exists).
    /// - Throws: ``PortalConfigError/missingPrices`` naming every unknown lookup key; ``StripeError``.
    public func plan(_ spec: PortalConfigSpec, recordedID: PortalConfigurationID?) async throws -> Plan {
        let prices = try await resolvePrices(spec)
        let current = try await managedConfiguration(recordedID: recordedID)
        return Plan(
            spec: spec,
            prices: prices,
            desired: PortalConfigFields(desired: spec, prices: prices),
            current: current
        )
    }

    /// Creates or updates the configuration so Stripe matches the plan.
    /// - Returns: what was done; ``Outcome/unchanged(_:)`` sends no request.
    public func apply(_ plan: Plan) async throws -> Outcome {
        let hash = plan.desired.hash
        let parameters = Self.parameters(for: plan.spec, prices: plan.prices, hash: hash)
        guard let current = plan.current else {
            // Keyed by the content: a retried or concurrent apply of the same file creates one configuration.
            let created = try await stripe.portalConfigurations.create(
                parameters,
                options: RequestOptions(idempotencyKey: "portal-config-create-\(hash)")
            )
            return .created(created.id)
        }
        let differences = plan.differences
        guard !differences.isEmpty else { return .unchanged(current.id) }
        var update = parameters
        update.active = true
        _ = try await stripe.portalConfigurations.update(current.id, update)
        return .updated(current.id, changed: differences.count)
    }

    /// Looks up every lookup key in the file (10 per request, Stripe's limit).
    public func resolvePrices(_ spec: PortalConfigSpec) async throws -> ResolvedPrices {
        let keys = spec.features.subscriptionUpdate.prices
        var resolved = ResolvedPrices()
        var start = 0
        while start < keys.count {
            let chunk = Array(keys[start..<min(start + 10, keys.count)])
            let page = try await stripe.prices.list(PriceListParameters(active: true, lookupKeys: chunk, limit: 100))
            for price in page.data {
                if let key = price.lookupKey {
                    resolved.byLookupKey[key] = ResolvedPrices.Entry(id: price.id, product: price.product.id)
                }
            }
            start += 10
        }
        let missing = keys.enumerated().filter { resolved.byLookupKey[$0.element] == nil }
        if !missing.isEmpty {
            throw PortalConfigError.missing(
                source: spec.name,
                issues: missing.map {
                    PortalConfigIssue(
                        path: "features.subscription_update.prices[\($0.offset)]",
                        message: "no active price with lookup key '\($0.element)' in Stripe"
                    )
                }
            )
        }
        let products = Set(resolved.byLookupKey.values.map(\.product))
        if products.count > 10 {
            throw PortalConfigError.invalid(
                source: spec.name,
                issues: [
                    PortalConfigIssue(
                        path: "features.subscription_update.prices",
                        message: "the prices belong to \(products.count) products; Stripe allows at most 10"
                    )
                ]
            )
        }
        return resolved
    }

    /// The configuration this library manages: the recorded id if it still exists, else the newest configuration
    /// tagged `metadata[managed_by]`.
    public func managedConfiguration(recordedID: PortalConfigurationID?) async throws -> PortalConfiguration? {
        if let recordedID {
            do {
                return try await stripe.portalConfigurations.retrieve(recordedID)
            } catch let error as StripeError where error.code == "resource_missing" {
                // Recorded against another account or mode: fall back to the tag.
            }
        }
        for try await configuration in stripe.portalConfigurations.all()
        where configuration.metadata["managed_by"] == Self.managedBy {
            return configuration
        }
        return nil
    }
}
