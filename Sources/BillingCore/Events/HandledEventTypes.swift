/// The event types the projection understands; every other type is stored and acknowledged, then ignored.
public enum HandledEventTypes {
    /// Whether the reducer does something with events of `type`.
    public static func isHandled(_ type: String) -> Bool {
        type.hasPrefix("customer.subscription.") || type.hasPrefix("invoice.")
            || paymentMethodTypes.contains(type) || customerTypes.contains(type)
    }

    static let paymentMethodTypes: Set<String> = [
        "payment_method.attached", "payment_method.detached", "payment_method.updated",
        "payment_method.automatically_updated",
    ]

    static let customerTypes: Set<String> = ["customer.created", "customer.updated", "customer.deleted"]
}
