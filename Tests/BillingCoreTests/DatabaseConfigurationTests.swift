import BillingDatabase
import BillingTestSupport
import Configuration
import Foundation
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

    @Test func connectTimeoutDefaultsToTenSecondsAndMustBePositive() throws {
        let unset = ConfigReader(provider: InMemoryProvider(values: [:]))
        let set = ConfigReader(provider: InMemoryProvider(values: ["database.connectTimeoutSeconds": 2.5]))
        let zero = ConfigReader(provider: InMemoryProvider(values: ["database.connectTimeoutSeconds": 0.0]))

        #expect(try DatabaseConfiguration(reader: unset.scoped(to: "database")).connectTimeout == .seconds(10))
        #expect(try DatabaseConfiguration(reader: set.scoped(to: "database")).connectTimeout == .milliseconds(2500))
        let error = #expect(throws: DatabaseConfigurationError.invalidConnectTimeout) {
            try DatabaseConfiguration(reader: zero.scoped(to: "database"))
        }
        #expect(error?.environmentVariable == "DATABASE_CONNECT_TIMEOUT_SECONDS")
    }

    @Test func errorsNameTheVariableAndNeverThePassword() {
        let error = #expect(throws: DatabaseConfigurationError.unsupportedURL) {
            try DatabaseConfiguration(url: "mysql://app:hunter2@db/billing")
        }

        #expect(error?.description.hasPrefix("DATABASE_URL (database.url): ") == true)
        #expect(error?.description.contains("hunter2") == false)
    }

    @Test func aSQLiteDirectoryThatCannotBeCreatedIsExplainedInWords() async throws {
        let error = await #expect(throws: DatabaseConfigurationError.unusablePath) {
            try await DatabaseConnector.withDatabase(
                DatabaseConfiguration(url: "sqlite:/proc/nope/d.sqlite"),
                logger: TestDatabase.logger
            ) { _ in }
        }

        let description = error?.description ?? ""
        #expect(description.hasPrefix("DATABASE_URL (database.url): cannot create the directory /proc/nope"))
        #expect(!description.contains("NSCocoaErrorDomain"))
        #expect(!description.contains("\n"))
    }

    @Test func aSQLiteDirectoryThatIsAFileIsExplainedInWords() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("billing-\(UUID().uuidString)")
        try Data("not a directory".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let error = await #expect(throws: DatabaseConfigurationError.unusablePath) {
            try await DatabaseConnector.open(
                DatabaseConfiguration(url: "sqlite:\(file.path)/billing.sqlite"),
                logger: TestDatabase.logger
            )
        }

        #expect(error?.description.contains("\(file.path) is a file, not a directory") == true)
    }

    @Test func aPostgresServerThatIsDownFailsWithinTheConnectTimeout() async throws {
        // Port 1 on loopback: nothing listens there, so every connection attempt is refused.
        let configuration = try DatabaseConfiguration(
            url: "postgres://app:hunter2@127.0.0.1:1/billing?sslmode=disable",
            connectTimeout: .seconds(1)
        )

        let error = await #expect(throws: DatabaseConfigurationError.unreachable) {
            try await DatabaseConnector.withDatabase(configuration, logger: TestDatabase.logger) { _ in }
        }

        let description = error?.description ?? ""
        #expect(description.hasPrefix("DATABASE_URL (database.url): PostgreSQL at 127.0.0.1:1 "))
        #expect(!description.contains("hunter2"))
    }

    @Test func startupWorkOnAnOpenedPostgresDatabaseFailsInsteadOfWaiting() async throws {
        let configuration = try DatabaseConfiguration(
            url: "postgres://app@127.0.0.1:1/billing?sslmode=disable",
            connectTimeout: .seconds(1)
        )
        let opened = try await DatabaseConnector.open(configuration, logger: TestDatabase.logger)

        await #expect(throws: DatabaseConfigurationError.unreachable) {
            try await DatabaseConnector.beforeServices(
                opened,
                configuration: configuration,
                logger: TestDatabase.logger
            ) {
                _ in
            }
        }
    }

    @Test func anOpenedSQLiteFileClosesOnceWhenStartupFails() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("billing-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = try DatabaseConfiguration(url: "sqlite:\(directory.path)/billing.sqlite")
        let opened = try await DatabaseConnector.open(configuration, logger: TestDatabase.logger)
        struct StartupFailed: Error {}

        await #expect(throws: StartupFailed.self) {
            try await DatabaseConnector.beforeServices(
                opened,
                configuration: configuration,
                logger: TestDatabase.logger
            ) {
                _ in throw StartupFailed()
            }
        }
        // beforeServices closed it already; a host's own cleanup must still be safe (SQLite would be handed a null
        // connection on a second close, and an unclosed one trips SQLiteNIO's assertion when released).
        try await opened.close()
        try await opened.close()
    }
}
