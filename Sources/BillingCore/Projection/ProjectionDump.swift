import BillingDatabase
import SQLKit

/// Every projection row and outbox key, for comparing two projections (tests and `billing events` tools).
struct ProjectionDump: Sendable, Equatable {
    var subscriptions: [SubscriptionRow]
    var invoices: [InvoiceRow]
    var paymentMethods: [PaymentMethodRow]
    var customers: [StripeCustomerRow]
    var outboxKeys: [String]

    var isEmpty: Bool {
        subscriptions.isEmpty && invoices.isEmpty && paymentMethods.isEmpty && customers.isEmpty
            && outboxKeys.isEmpty
    }

    static func load(_ database: any BillingDatabase) async throws -> ProjectionDump {
        try await database.read { sql in
            ProjectionDump(
                subscriptions: try await sql.raw("SELECT * FROM billing_subscriptions ORDER BY id")
                    .all(decoding: SubscriptionRow.self),
                invoices: try await sql.raw("SELECT * FROM billing_invoices ORDER BY id").all(
                    decoding: InvoiceRow.self
                ),
                paymentMethods: try await sql.raw("SELECT * FROM billing_payment_methods ORDER BY id")
                    .all(decoding: PaymentMethodRow.self),
                customers: try await sql.raw("SELECT * FROM billing_stripe_customers ORDER BY id")
                    .all(decoding: StripeCustomerRow.self),
                outboxKeys: try await OutboxStore.allKeys(on: sql)
            )
        }
    }
}
