public import Logging
import NIOSSL
public import PostgresKit
public import PostgresNIO
public import SQLKit

/// A ``BillingDatabase`` on a pooled `PostgresClient`.
///
/// The client must be running: add ``client`` (a `Service`) to your `ServiceGroup` or application services, or
/// use ``DatabaseConnector/withDatabase(_:logger:_:)`` which runs it for the duration of a closure.
public struct PostgresBillingDatabase: BillingDatabase {
    /// The connection pool; run it as a service.
    public let client: PostgresClient
    private let logger: Logger

    public var dialect: DatabaseDialect { .postgresql }

    /// Wraps a client.
    /// - Parameters:
    ///   - client: a `PostgresClient` that is (or will be) running.
    ///   - logger: used for transaction logs.
    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Creates a client for an endpoint (not yet running).
    /// - Throws: ``DatabaseConfigurationError/invalidSchema`` when the schema is not a plain identifier.
    public static func makeClient(
        for endpoint: DatabaseConfiguration.PostgresEndpoint,
        logger: Logger
    ) throws -> PostgresClient {
        let tls: PostgresClient.Configuration.TLS =
            switch endpoint.sslMode {
            case "disable": .disable
            case "require": .require(.makeClientConfiguration())
            default: .prefer(.makeClientConfiguration())
            }
        var configuration = PostgresClient.Configuration(
            host: endpoint.host,
            port: endpoint.port,
            username: endpoint.username,
            password: endpoint.password,
            database: endpoint.database,
            tls: tls
        )
        configuration.options.maximumConnections = endpoint.maximumConnections
        if let schema = endpoint.schema {
            guard schema.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw DatabaseConfigurationError.invalidSchema
            }
            configuration.options.additionalStartupParameters = [("search_path", schema)]
        }
        return PostgresClient(configuration: configuration, backgroundLogger: logger)
    }

    public func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await body(connection.sql(queryLogLevel: .trace))
        }
    }

    public func statement<T: Sendable>(
        _ kind: TransactionKind,
        _ body: (any SQLDatabase) async throws -> T
    ) async throws -> T {
        // Outside `BEGIN` each statement commits on its own (autocommit).
        try await read(body)
    }

    public func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await body(connection.sql(queryLogLevel: .trace))
            }
        } catch let error as PostgresTransactionError {
            // Keep the protocol's contract: callers see what their closure threw (after the rollback).
            if let closureError = error.closureError, error.rollbackError == nil { throw closureError }
            throw error
        }
    }
}
