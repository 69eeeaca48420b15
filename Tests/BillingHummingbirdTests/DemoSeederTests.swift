import BillingDatabase
import BillingTestSupport
import Testing

@testable import SampleApp

@Suite struct DemoSeederTests {
    /// The demo accounts are stored with a hash made ahead of time (start-up does no hashing): it lets the published
    /// password in, and nothing else.
    @Test func theStoredDemoHashAcceptsThePublishedPasswordOnly() async throws {
        try await TestDatabase.with(.sqlite) { database in
            try await Migrator(migrations: SampleAppMigrations.all).migrate(database, logger: TestDatabase.logger)
            let store = AccountStore(database: database, bcryptCost: 4)
            let created = try #require(
                try await store.createAccount(
                    email: "Demo@Acme.test",
                    name: "Demo",
                    passwordHash: DemoSeeder.demoPasswordHash
                )
            )
            #expect(try await store.authenticate(email: "demo@acme.test", password: DemoSeeder.demoPassword) == created)
            #expect(try await store.authenticate(email: "demo@acme.test", password: "password124") == nil)
            #expect(DemoSeeder.logins.allSatisfy { $0.password == DemoSeeder.demoPassword })
        }
    }
}
