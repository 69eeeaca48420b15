public import StripeAPI

/// A portal configuration flattened to `field path → text`, the common ground for comparing the file with Stripe.
///
/// Only fields the file manages appear; lists whose order Stripe does not keep are sorted.
public struct PortalConfigFields: Sendable, Equatable {
    /// Values by dotted field path, such as `features.subscription_cancel.mode`.
    public var values: [String: String]

    /// Every managed field, in display order.
    public static let paths: [String] = [
        "active", "name", "business_profile.headline", "business_profile.privacy_policy_url",
        "business_profile.terms_of_service_url", "default_return_url",
        "features.customer_update.enabled", "features.customer_update.allowed_updates",
        "features.invoice_history.enabled", "features.payment_method_update.enabled",
        "features.subscription_cancel.enabled", "features.subscription_cancel.mode",
        "features.subscription_cancel.proration_behavior", "features.subscription_cancel.cancellation_reason.enabled",
        "features.subscription_cancel.cancellation_reason.options", "features.subscription_update.enabled",
        "features.subscription_update.default_allowed_updates", "features.subscription_update.products",
        "features.subscription_update.proration_behavior", "features.subscription_update.schedule_at_period_end",
        "features.subscription_pause.enabled",
    ]

    /// The fields the file asks for, with prices resolved.
    /// - Parameters:
    ///   - spec: the validated file.
    ///   - prices: the lookup keys of `spec`, resolved in Stripe.
    public init(desired spec: PortalConfigSpec, prices: ResolvedPrices) {
        let features = spec.features
        let update = features.subscriptionUpdate
        let products = Dictionary(grouping: update.prices.compactMap { prices.byLookupKey[$0] }, by: \.product)
            .mapValues { $0.map(\.id) }
        values = [
            "active": "true",
            "name": spec.name,
            "business_profile.headline": Self.text(spec.businessProfile.headline),
            "business_profile.privacy_policy_url": Self.text(spec.businessProfile.privacyPolicyURL),
            "business_profile.terms_of_service_url": Self.text(spec.businessProfile.termsOfServiceURL),
            "default_return_url": Self.text(spec.defaultReturnURL),
            "features.customer_update.enabled": "\(features.customerUpdate.enabled)",
            "features.customer_update.allowed_updates": Self.set(
                features.customerUpdate.allowedUpdates.map(\.rawValue)
            ),
            "features.invoice_history.enabled": "\(features.invoiceHistory)",
            "features.payment_method_update.enabled": "\(features.paymentMethodUpdate)",
            "features.subscription_cancel.enabled": "\(features.subscriptionCancel.enabled)",
            "features.subscription_cancel.mode": features.subscriptionCancel.mode.rawValue,
            "features.subscription_cancel.proration_behavior": features.subscriptionCancel.prorationBehavior.rawValue,
            "features.subscription_cancel.cancellation_reason.enabled": "\(features.subscriptionCancel.reasonsEnabled)",
            "features.subscription_cancel.cancellation_reason.options": Self.set(
                features.subscriptionCancel.reasons.map(\.rawValue)
            ),
            "features.subscription_update.enabled": "\(update.enabled)",
            "features.subscription_update.default_allowed_updates": Self.set(
                update.defaultAllowedUpdates.map(\.rawValue)
            ),
            "features.subscription_update.products": Self.products(products, names: prices.names),
            "features.subscription_update.proration_behavior": update.prorationBehavior.rawValue,
            "features.subscription_update.schedule_at_period_end": Self.set(update.scheduleAtPeriodEnd.map(\.rawValue)),
            "features.subscription_pause.enabled": "\(features.subscriptionPause)",
        ]
    }

    /// The fields of a configuration as Stripe has it.
    /// - Parameters:
    ///   - configuration: the retrieved `bpc_…`.
    ///   - names: price id → lookup key, to show known prices by lookup key.
    public init(actual configuration: PortalConfiguration, names: [PriceID: String] = [:]) {
        let features = configuration.features
        let cancel = features.subscriptionCancel
        let update = features.subscriptionUpdate
        var products: [ProductID: [PriceID]] = [:]
        for product in update?.products ?? [] { products[product.product, default: []] += product.prices }
        values = [
            "active": "\(configuration.active)",
            "name": Self.text(configuration.name),
            "business_profile.headline": Self.text(configuration.businessProfile.headline),
            "business_profile.privacy_policy_url": Self.text(configuration.businessProfile.privacyPolicyURL),
            "business_profile.terms_of_service_url": Self.text(configuration.businessProfile.termsOfServiceURL),
            "default_return_url": Self.text(configuration.defaultReturnURL),
            "features.customer_update.enabled": "\(features.customerUpdate?.enabled ?? false)",
            "features.customer_update.allowed_updates": Self.set(
                features.customerUpdate?.allowedUpdates.map(\.rawValue) ?? []
            ),
            "features.invoice_history.enabled": "\(features.invoiceHistory?.enabled ?? false)",
            "features.payment_method_update.enabled": "\(features.paymentMethodUpdate?.enabled ?? false)",
            "features.subscription_cancel.enabled": "\(cancel?.enabled ?? false)",
            "features.subscription_cancel.mode": cancel?.mode.rawValue ?? "at_period_end",
            "features.subscription_cancel.proration_behavior": cancel?.prorationBehavior.rawValue ?? "none",
            "features.subscription_cancel.cancellation_reason.enabled":
                "\(cancel?.cancellationReason?.enabled ?? false)",
            "features.subscription_cancel.cancellation_reason.options": Self.set(
                cancel?.cancellationReason?.options.map(\.rawValue) ?? []
            ),
            "features.subscription_update.enabled": "\(update?.enabled ?? false)",
            "features.subscription_update.default_allowed_updates": Self.set(
                update?.defaultAllowedUpdates.map(\.rawValue) ?? []
            ),
            "features.subscription_update.products": Self.products(products, names: names),
            "features.subscription_update.proration_behavior": update?.prorationBehavior.rawValue ?? "none",
            "features.subscription_update.schedule_at_period_end": Self.set(
                update?.scheduleAtPeriodEnd?.conditions.map(\.type.rawValue) ?? []
            ),
            "features.subscription_pause.enabled": "\(features.subscriptionPause?.enabled ?? false)",
        ]
    }

    /// The fields whose values differ, in display order.
    public func differences(from actual: PortalConfigFields) -> [PortalConfigDifference] {
        Self.paths.compactMap { path in
            let want = values[path] ?? "(none)"
            let have = actual.values[path] ?? "(none)"
            return want == have ? nil : PortalConfigDifference(path: path, stripe: have, file: want)
        }
    }

    /// A stable FNV-1a hash of the fields (change detection in metadata, not security).
    public var hash: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for path in Self.paths {
            for byte in "\(path)=\(values[path] ?? "")\n".utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    private static func text(_ value: String?) -> String { value ?? "(none)" }

    private static func set(_ values: [String]) -> String { "[" + values.sorted().joined(separator: ", ") + "]" }

    private static func products(_ products: [ProductID: [PriceID]], names: [PriceID: String]) -> String {
        let entries = products.map { product, prices in
            "\(product): " + prices.map { names[$0] ?? $0.rawValue }.sorted().joined(separator: ", ")
        }
        return entries.isEmpty ? "[]" : entries.sorted().joined(separator: "; ")
    }
}

/// One field that differs between the file and Stripe.
public struct PortalConfigDifference: Sendable, Equatable, CustomStringConvertible {
    /// The dotted field path.
    public var path: String
    /// The value in Stripe.
    public var stripe: String
    /// The value the file asks for.
    public var file: String

    /// Creates a difference.
    public init(path: String, stripe: String, file: String) {
        self.path = path
        self.stripe = stripe
        self.file = file
    }

    public var description: String { "\(path): \(stripe) -> \(file)" }
}

/// Prices named by lookup key in a file, resolved in Stripe.
public struct ResolvedPrices: Sendable, Equatable {
    /// One resolved price.
    public struct Entry: Sendable, Equatable {
        /// The price id.
        public var id: PriceID
        /// The price's product.
        public var product: ProductID

        /// Creates an entry.
        public init(id: PriceID, product: ProductID) {
            self.id = id
            self.product = product
        }
    }

    /// Lookup key → price.
    public var byLookupKey: [String: Entry]

    /// Creates a resolution.
    public init(byLookupKey: [String: Entry] = [:]) { self.byLookupKey = byLookupKey }

    /// Price id → lookup key.
    public var names: [PriceID: String] {
        Dictionary(byLookupKey.map { ($0.value.id, $0.key) }, uniquingKeysWith: { first, _ in first })
    }
}
