import Logging

/// swift-log's `StreamLogHandler` (standard error, its format unchanged), with metadata kept as given and rendered only
/// when a message is emitted.
///
/// `StreamLogHandler` renders its metadata to text every time a key is set. Hummingbird sets the request id on every
/// request's logger, so at the default log level, where nothing is logged per request, that rendering alone was
/// 3 % of the CPU time of an emulator retrieve (setting the key, rendering included). swift-log has no handler that
/// defers it, hence this wrapper.
struct DeferredMetadataLogHandler: LogHandler {
    private var base: StreamLogHandler
    var metadata: Logger.Metadata = [:]

    /// Wraps `base`, which should carry no metadata of its own.
    init(_ base: StreamLogHandler) {
        self.base = base
    }

    var logLevel: Logger.Level {
        get { base.logLevel }
        set { base.logLevel = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { base.metadataProvider }
        set { base.metadataProvider = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var event = event
        if !metadata.isEmpty {
            // The message's own metadata wins over the logger's, as in `StreamLogHandler`.
            event.metadata = metadata.merging(event.metadata ?? [:]) { _, explicit in explicit }
        }
        base.log(event: event)
    }
}
