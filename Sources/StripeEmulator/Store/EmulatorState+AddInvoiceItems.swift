import StripeAPI

extension EmulatorState {
    /// A validated `add_invoice_items[N]`: a one-time price billed once, on the subscription's first invoice.
    struct OneTimeItem {
        var price: JSONObject
        var quantity: Int
        var amount: Int { (price.int("unit_amount") ?? 0) * quantity }
    }

    /// `add_invoice_items[N][price|quantity]` on subscription create.
    func oneTimeItems(_ params: Params, currency: String) throws(StripeAPIError) -> [OneTimeItem] {
        guard let entries = try params.hashArray("add_invoice_items") else { return [] }
        guard entries.count <= 20 else {
            throw .invalid("add_invoice_items", "You may add at most 20 invoice items.")
        }
        var items: [OneTimeItem] = []
        for entry in entries {
            try entry.requireOnly(["price", "quantity", "discounts", "metadata", "tax_rates", "period"])
            guard let priceID = try entry.nonEmptyString("price") else { throw .missing(entry.name("price")) }
            let price = try require(priceID, kind: "price", name: "price", param: entry.name("price"))
            guard price.string("type") == "one_time" else {
                throw .invalid(
                    entry.name("price"),
                    "The price specified is set to `type=recurring` but this field only accepts prices with "
                        + "`type=one_time`."
                )
            }
            guard price.string("currency") == currency else {
                throw .invalid(entry.name("price"), "All prices on a subscription must have the same currency.")
            }
            let quantity = try entry.int("quantity") ?? 1
            guard quantity >= 1 else {
                throw .invalid(entry.name("quantity"), "This value must be greater than or equal to 1.")
            }
            items.append(OneTimeItem(price: price, quantity: quantity))
        }
        return items
    }

    /// The first invoice's line for a one-time item (an invoice item, not a subscription item).
    func oneTimeLine(_ item: OneTimeItem, subscription: String, at now: Int) -> JSONObject {
        let name = objects[item.price.string("product") ?? ""]?.string("name") ?? "One-time item"
        var line = Self.line(
            amount: item.amount,
            currency: item.price.string("currency") ?? "usd",
            description: item.quantity > 1 ? "\(item.quantity) × \(name)" : name,
            period: (now, now),
            price: item.price,
            quantity: item.quantity,
            subscription: subscription,
            item: "",
            proration: false
        )
        line["parent"] = [
            "invoice_item_details": [
                "invoice_item": .string(Self.newID("ii")), "proration": false,
                "proration_details": ["credited_items": .null], "subscription": .string(subscription),
            ],
            "subscription_item_details": .null, "type": "invoice_item_details",
        ]
        return line
    }
}
