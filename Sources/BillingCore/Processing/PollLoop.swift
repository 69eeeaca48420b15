import Logging
import ServiceLifecycle

/// The loop of the outbox senders (hooks, mail): one pass every `interval` until graceful shutdown.
///
/// A failing pass is logged with the error's type only (errors may carry customer data) and the loop goes on, so a
/// database hiccup costs one poll, not the service.
/// - Parameters:
///   - interval: the pause after each pass.
///   - logger: receives `failure` for a pass that threw.
///   - failure: what a failed pass is called in the log.
///   - pass: one pass over the due rows.
func pollUntilGracefulShutdown(
    every interval: Duration,
    logger: Logger,
    failure: Logger.Message,
    _ pass: @escaping @Sendable () async throws -> Void
) async {
    try? await cancelWhenGracefulShutdown {
        while !Task.isCancelled {
            do {
                try await pass()
            } catch {
                logger.warning(failure, metadata: ["error": "\(type(of: error))"])
            }
            try await Task.sleep(for: interval)
        }
    }
}
