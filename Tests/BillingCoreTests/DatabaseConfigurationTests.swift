import BillingDatabase
import Configuration
import Testing

@Suite struct DatabaseConfigurationTests {
    @Test(arguments: [
        ("sqlite::memory:", DatabaseConfiguration.Backend.sqlite(.memory)),
        ("sqlite:./var/billing.sqlite", .sqlite(.file("./var/billing.sqlite"))),
        ("sqlite:///srv/billing.sqlite", .sqlite(.file("/srv/billing.sqlite"))),
        (
            "postgres://app:s%40cret@db.internal:6543/billing?sslmode=disable&schema=tenant_1",
            .postgres(
                .init(
                    host: "db.internal",
                    port: 6543,
                    username: "app",
                    password: "s@cret",
                    database: "billing",
                    sslMode: "disable",
                    schema: "tenant_1"
                )
            )
        ),
        (
            "postgresql://app@localhost/billing",
            .postgres(.init(host: "localhost", username: "app", database: "billing"))
        ),
    ])
    func urlSelectsTheBackend(url: String, expected: DatabaseConfiguration.Backend) throws {
        #expect(try DatabaseConfiguration(url: url).backend == expected)
    }

    @Test func unsupportedSchemesAreRejected() {
        #expect(throws: DatabaseConfigurationError.unsupportedURL) { try DatabaseConfiguration(url: "mysql://x/y") }
        #expect(throws: DatabaseConfigurationError.missingHost) {
            try DatabaseConfiguration(url: "postgres:///billing")
        }
    }

    @Test func readerDefaultsToASQLiteFileAndFullSync() throws {
        let configuration = try DatabaseConfiguration(
            reader: ConfigReader(provider: InMemoryProvider(values: [:])).scoped(to: "database")
        )

        #expect(configuration.backend == .sqlite(.file("./var/billing.sqlite")))
        #expect(configuration.sqliteSynchronous == .full)
    }

    @Test func readerTakesTheURLAndSynchronousMode() throws {
        let reader = ConfigReader(
            provider: InMemoryProvider(values: [
                "database.url": "sqlite::memory:", "database.sqliteSynchronous": "normal",
            ])
        )

        let configuration = try DatabaseConfiguration(reader: reader.scoped(to: "database"))

        #expect(configuration.backend == .sqlite(.memory))
        #expect(configuration.sqliteSynchronous == .normal)
    }
}
