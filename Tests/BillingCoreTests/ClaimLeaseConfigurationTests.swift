import BillingDatabase
import BillingTestSupport
import Configuration
import Foundation
import StripeAPI
import Testing

@testable import BillingCore

/// `billing.hooks.claimLeaseSeconds` and `billing.mail.claimLeaseSeconds` reach the hook runner and the mailer.
@Suite struct ClaimLeaseConfigurationTests {
    static func billing(_ database: any BillingDatabase, _ values: [String: ConfigValue]) throws -> Billing {
        var all = values
        all["mail.folder"] = .init(.string(NSTemporaryDirectory() + "lease-mail-\(UUID().uuidString)"), isSecret: false)
        all["stripe.webhookSecrets"] = .init(.string("whsec_lease"), isSecret: true)
        let reader = ConfigReader(providers: [
            InMemoryProvider(
                values: Dictionary(uniqueKeysWithValues: all.map { (AbsoluteConfigKey(ConfigKey($0.key)), $0.value) })
            )
        ])
        return try Billing(
            reader: reader,
            database: database,
            stripe: StripeClient(
                configuration: StripeConfiguration(
                    secretKey: "sk_test_lease",
                    apiBaseURL: URL(string: "http://127.0.0.1:1")!
                )
            ),
            logger: TestDatabase.logger
        )
    }

    @Test func theRunnersUseTheConfiguredLeases() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let defaults = try Self.billing(database, [:])
            #expect(defaults.hookRunner.configuration.claimLease == .seconds(120))
            #expect(defaults.mailer?.configuration.claimLease == .seconds(300))

            let set = try Self.billing(
                database,
                [
                    "billing.hooks.claimLeaseSeconds": .init(.int(45), isSecret: false),
                    "billing.mail.claimLeaseSeconds": .init(.int(900), isSecret: false),
                ]
            )
            #expect(set.hookRunner.configuration.claimLease == .seconds(45))
            #expect(set.mailer?.configuration.claimLease == .seconds(900))
        }
    }
}
