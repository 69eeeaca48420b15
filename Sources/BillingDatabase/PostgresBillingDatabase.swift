public import Logging
import NIOSSL
import PostgresKit
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
    /// - Parameters:
    ///   - endpoint: where the server is.
    ///   - connectTimeout: how long one connection attempt may take.
    ///   - logger: the pool's background logger.
    /// - Throws: ``DatabaseConfigurationError/invalidSchema`` when the schema is not a plain identifier.
    public static func makeClient(
        for endpoint: DatabaseConfiguration.PostgresEndpoint,
        connectTimeout: Duration = .seconds(10),
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
        configuration.options.connectTimeout = connectTimeout
        if let schema = endpoint.schema {
            guard schema.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw DatabaseConfigurationError.invalidSchema
            }
            configuration.options.additionalStartupParameters = [("search_path", schema)]
        }
        return PostgresClient(configuration: configuration, backgroundLogger: logger)
    }

    /// Waits until the running `client` hands out a connection that answers a query.
    ///
    /// A pool whose server is down keeps retrying in the background and lets callers wait for a connection
    /// indefinitely; start-up asks once, with a deadline, so it fails with a message instead of hanging.
    /// - Throws: ``DatabaseConfigurationError/unreachable`` naming `host:port` (never the password) after `timeout`,
    ///   or when the connection fails.
    static func waitUntilReachable(
        _ client: PostgresClient,
        endpoint: DatabaseConfiguration.PostgresEndpoint,
        timeout: Duration,
        logger: Logger
    ) async throws {
        let address = "\(endpoint.host):\(endpoint.port)"
        let answered = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                do {
                    try await client.withConnection { connection in
                        _ = try await connection.query("SELECT 1", logger: logger)
                    }
                } catch is CancellationError {
                    return false
                } catch {
                    // PostgresNIO's errors hide their details on purpose (they may quote the connection string);
                    // the address is what the operator needs.
                    throw DatabaseConfigurationError.unreachable(
                        "PostgreSQL at \(address) refused the connection or the login"
                    )
                }
                return true
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return false
            }
            defer { group.cancelAll() }
            return try await group.next() ?? false
        }
        guard answered else {
            throw DatabaseConfigurationError.unreachable(
                "PostgreSQL at \(address) did not accept a connection within \(timeout.formattedSeconds)"
            )
        }
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

extension Duration {
    /// "2 s", "0.5 s": a timeout as an operator wrote it.
    fileprivate var formattedSeconds: String {
        let seconds = Double(components.seconds) + Double(components.attoseconds) / 1e18
        return seconds == seconds.rounded() ? "\(Int64(seconds)) s" : "\(seconds) s"
    }
}
