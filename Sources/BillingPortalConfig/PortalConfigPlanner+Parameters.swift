import StripeAPI

extension PortalConfigPlanner {
    /// Every managed field, set explicitly (empty lists as `""`), so create and update send the same thing.
    static func parameters(
        for spec: PortalConfigSpec,
        prices: ResolvedPrices,
        hash: String
    ) -> PortalConfigurationParameters {
        let features = spec.features
        let cancel = features.subscriptionCancel
        let update = features.subscriptionUpdate
        var productOrder: [ProductID] = []
        var pricesByProduct: [ProductID: [PriceID]] = [:]
        for key in update.prices {
            guard let entry = prices.byLookupKey[key] else { continue }
            if pricesByProduct[entry.product] == nil { productOrder.append(entry.product) }
            pricesByProduct[entry.product, default: []].append(entry.id)
        }
        let products = productOrder.map {
            PortalConfigurationParameters.SubscriptionUpdate.Product(product: $0, prices: pricesByProduct[$0] ?? [])
        }
        return PortalConfigurationParameters(
            features: PortalConfigurationParameters.Features(
                customerUpdate: .init(
                    enabled: features.customerUpdate.enabled,
                    allowedUpdates: unsettable(features.customerUpdate.allowedUpdates)
                ),
                invoiceHistory: .init(enabled: features.invoiceHistory),
                paymentMethodUpdate: .init(enabled: features.paymentMethodUpdate),
                subscriptionCancel: .init(
                    enabled: cancel.enabled,
                    mode: cancel.mode,
                    prorationBehavior: cancel.prorationBehavior,
                    cancellationReason: .init(enabled: cancel.reasonsEnabled, options: unsettable(cancel.reasons))
                ),
                subscriptionPause: .init(enabled: features.subscriptionPause),
                subscriptionUpdate: .init(
                    enabled: update.enabled,
                    defaultAllowedUpdates: unsettable(update.defaultAllowedUpdates),
                    products: unsettable(products),
                    prorationBehavior: update.prorationBehavior,
                    scheduleAtPeriodEnd: .init(
                        conditions: unsettable(update.scheduleAtPeriodEnd.map { .init(type: $0) })
                    )
                )
            ),
            businessProfile: .init(
                headline: unsettable(spec.businessProfile.headline),
                privacyPolicyURL: unsettable(spec.businessProfile.privacyPolicyURL),
                termsOfServiceURL: unsettable(spec.businessProfile.termsOfServiceURL)
            ),
            defaultReturnURL: unsettable(spec.defaultReturnURL),
            metadata: ["managed_by": managedBy, "config_hash": hash],
            name: .set(spec.name)
        )
    }

    private static func unsettable<Value: Encodable & Sendable>(_ values: [Value]) -> Unsettable<[Value]> {
        values.isEmpty ? .unset : .set(values)
    }

    private static func unsettable(_ value: String?) -> Unsettable<String> {
        value.map { .set($0) } ?? .unset
    }
}
