import Logging
import Synchronization
import Testing

@testable import BillingCLI

/// The CLI's log handler writes what `StreamLogHandler` writes, with the logger's metadata rendered at emission.
@Suite struct DeferredMetadataLogHandlerTests {
    /// Collects what the handler writes.
    final class Lines: TextOutputStream, Sendable {
        private let text = Mutex("")
        var value: String { text.withLock { $0 } }
        func write(_ string: String) { text.withLock { $0 += string } }
    }

    @Test func loggerMetadataAppearsSortedAndTheMessagesOwnWins() {
        let lines = Lines()
        var logger = Logger(label: "billing.test") { label in
            DeferredMetadataLogHandler(StreamLogHandler(label: label, stream: lines, metadataProvider: nil))
        }
        logger[metadataKey: "request"] = "req_1"
        logger[metadataKey: "account"] = "acct_1"
        logger.info("opened", metadata: ["request": "req_2"])

        #expect(lines.value.contains(" info billing.test: account=acct_1 request=req_2 [BillingCLITests] opened\n"))
        #expect(logger[metadataKey: "request"] == "req_1")
    }

    @Test func belowTheLevelNothingIsWrittenAndWithoutMetadataNoneIsShown() {
        let lines = Lines()
        var logger = Logger(label: "billing.test") { label in
            DeferredMetadataLogHandler(StreamLogHandler(label: label, stream: lines, metadataProvider: nil))
        }
        logger.logLevel = .error
        logger[metadataKey: "request"] = "req_1"
        logger.info("hidden")
        #expect(lines.value.isEmpty)

        logger[metadataKey: "request"] = nil
        logger.error("shown")
        #expect(lines.value.hasSuffix(" error billing.test: [BillingCLITests] shown\n"))
    }
}
