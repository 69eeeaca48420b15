// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "swift-billing-portal",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "StripeAPI", targets: ["StripeAPI"]),
        .library(name: "StripeEmulator", targets: ["StripeEmulator"]),
        .library(name: "BillingDatabase", targets: ["BillingDatabase"]),
        .library(name: "BillingCore", targets: ["BillingCore"]),
        .library(name: "BillingViews", targets: ["BillingViews"]),
        .library(name: "BillingHummingbird", targets: ["BillingHummingbird"]),
        .library(name: "BillingVapor", targets: ["BillingVapor"]),
        .library(name: "BillingMail", targets: ["BillingMail"]),
        .library(name: "BillingTemplates", targets: ["BillingTemplates"]),
        .library(name: "BillingPortalConfig", targets: ["BillingPortalConfig"]),
        .executable(name: "billing", targets: ["billing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.30.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.0"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.29.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.4.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.1.0"),
        // The OTLP trace exporter of `billing serve`; only BillingCLI links it, so hosts do not. OTLP/HTTP only: the
        // gRPC trait would pull in grpc-swift.
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"]),
        // Only for `swift package generate-documentation`; nothing links it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        // Tests only: child processes (the SMTP sink, the built binary). Foundation's `Process.run` on Linux reads
        // past a `/proc/self/fd` entry when the test process has over a thousand descriptors open, and crashes.
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.0"),
    ],
    targets: [
        // Small helpers every module shares (constant-time compare, HTML escaping, Unix milliseconds); no
        // dependencies, `package` access only.
        .target(name: "BillingSupport"),
        // Typed Stripe client, form encoding, models, webhook signatures. No web framework, no database.
        .target(
            name: "StripeAPI",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        // A stateful Stripe that any SDK can point its base URL at.
        .target(
            name: "StripeEmulator",
            dependencies: [
                "BillingSupport",
                "StripeAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // database.url → SQLite or PostgreSQL, and the migration runner.
        .target(
            name: "BillingDatabase",
            dependencies: [
                "BillingSupport",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        // The domain and its facade: the Billing composition root, customer mapping, event log, reducer, projections,
        // access checks, portal sessions, Checkout, the cancellation survey and the outbox mailer.
        .target(
            name: "BillingCore",
            dependencies: [
                "BillingSupport",
                "BillingMail",
                "BillingTemplates",
                "StripeAPI",
                "BillingDatabase",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        // Portal configuration as code: the YAML/JSON spec, presets, validation and the plan that applies it. Its
        // own target so a host linking the core does not pull in Yams.
        .target(
            name: "BillingPortalConfig",
            dependencies: [
                "StripeAPI",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Mail transport: a small SMTP client on SwiftNIO (no Swift SMTP package is available), MIME, and the
        // development mail folder. The core's outbox mailer sends through it.
        .target(
            name: "BillingMail",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Configuration", package: "swift-configuration"),
            ]
        ),
        // The templates every page and mail renders from, and the rules by which a host's own templates override
        // them; the mail templates live here so the core's mailer renders them without a web framework.
        .target(
            name: "BillingTemplates",
            dependencies: [
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            resources: [.copy("Templates")]
        ),
        // The billing pages both web adapters render: the Mustache templates and the models behind them. No web
        // framework.
        .target(
            name: "BillingViews",
            dependencies: [
                "StripeAPI",
                "BillingCore",
                "BillingTemplates",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Templates")]
        ),
        // The Hummingbird adapter: billing.addRoutes(to:) mounts the billing page, portal and Checkout endpoints,
        // the survey and the webhook route.
        .target(
            name: "BillingHummingbird",
            dependencies: [
                "BillingSupport",
                "StripeAPI",
                "BillingCore",
                "BillingViews",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // The Vapor adapter: billing.register(on:) mounts the same routes as the Hummingbird one, RequireBilling
        // gates the host's routes, and BillingLifecycle runs billing's services and migrations with the app.
        .target(
            name: "BillingVapor",
            dependencies: [
                "BillingSupport",
                "StripeAPI",
                "BillingCore",
                "BillingDatabase",
                "BillingViews",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The sample SaaS product ("Acme Notes") hosting the billing routes: accounts, sessions, settings.
        .target(
            name: "SampleApp",
            dependencies: [
                "BillingSupport",
                "StripeAPI",
                "BillingDatabase",
                "BillingCore",
                "BillingHummingbird",
                "BillingMail",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Templates"), .copy("Public")]
        ),
        // Load generators and the application harness behind `billing bench`; their own target so nothing a host
        // links pulls them in.
        .target(
            name: "BillingBench",
            dependencies: [
                "SampleApp",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                "StripeAPI",
            ]
        ),
        // The `billing` command types; the executable only calls them.
        .target(
            name: "BillingCLI",
            dependencies: [
                "BillingPortalConfig",
                "BillingBench",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                "StripeAPI",
                "StripeEmulator",
                "BillingDatabase",
                "BillingCore",
                "SampleApp",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        .executableTarget(
            name: "billing",
            dependencies: ["BillingCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // The README's "Add billing to your app" example, compiled with everything else and driven by a router test.
        .executableTarget(
            name: "HummingbirdExample",
            dependencies: [
                "BillingCore",
                "BillingHummingbird",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            path: "examples/hummingbird-app"
        ),
        // The README's "Add billing to a Vapor app" example, compiled with everything else and driven by a test.
        .executableTarget(
            name: "VaporExample",
            dependencies: [
                "BillingCore",
                "BillingVapor",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            path: "examples/vapor-app"
        ),
        // Fixtures, builders, failing fakes and in-process emulator helpers shared by the test targets.
        .target(
            name: "BillingTestSupport",
            dependencies: [
                "StripeAPI",
                "StripeEmulator",
                "BillingDatabase",
                "BillingCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SQLKit", package: "sql-kit"),
            ]
        ),
        .testTarget(
            name: "StripeAPITests",
            dependencies: [
                "StripeAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "StripeEmulatorTests",
            dependencies: [
                "StripeAPI",
                "StripeEmulator",
                "BillingTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "BillingCoreTests",
            dependencies: [
                "BillingTemplates",
                "BillingCore",
                "BillingDatabase",
                "BillingMail",
                "BillingTestSupport",
                "StripeAPI",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "BillingHummingbirdTests",
            dependencies: [
                "BillingTemplates",
                "HummingbirdExample",
                "BillingCore",
                "BillingHummingbird",
                "SampleApp",
                "BillingTestSupport",
                "StripeAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Configuration", package: "swift-configuration"),
                "BillingDatabase",
                "BillingMail",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ]
        ),
        .testTarget(
            name: "BillingVaporTests",
            dependencies: [
                "VaporExample",
                "BillingVapor",
                "BillingCore",
                "BillingDatabase",
                "BillingTestSupport",
                "StripeAPI",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "SQLKit", package: "sql-kit"),
            ]
        ),
        .testTarget(
            name: "BillingMailTests",
            dependencies: [
                "BillingTemplates",
                "BillingMail",
                "BillingCore",
                "BillingTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                "BillingDatabase",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .testTarget(
            name: "BillingCLITests",
            dependencies: [
                "BillingCLI",
                "BillingCore",
                "BillingDatabase",
                "BillingPortalConfig",
                "BillingTestSupport",
                "StripeAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(contentsOf: [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
    ])
    target.swiftSettings = settings
}
