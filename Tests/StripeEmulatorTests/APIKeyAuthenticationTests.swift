import Foundation
import Testing

@testable import StripeEmulator

/// The API-key check every `/v1` request passes: Bearer or Basic in any case, surrounding blanks ignored, test keys
/// only.
@Suite struct APIKeyAuthenticationTests {
    static let basic = Data("sk_test_abc:".utf8).base64EncodedString()

    @Test(arguments: [
        "Bearer sk_test_123", "bearer sk_test_123", "BEARER sk_test_123", "Bearer   sk_test_123 \t",
        "Bearer rk_test_123", "Basic \(basic)", "basic  \(basic) ",
    ])
    func acceptedHeaders(_ header: String) throws {
        try StripeWireMiddleware.authenticate(header)
    }

    @Test(arguments: [
        "Bearer pk_test_123", "Bearer sk_live_123", "Bearer sk_test_", "Bearer", "Bearersk_test_123",
        "Token sk_test_123", "Basic !!!", "Basic \(Data("pk_test_1:".utf8).base64EncodedString())", " Bearer sk_test_1",
    ])
    func refusedHeaders(_ header: String) {
        #expect(throws: StripeAPIError.self) { try StripeWireMiddleware.authenticate(header) }
    }

    @Test func aMissingHeaderSaysSo() {
        #expect(throws: StripeAPIError.missingKey) { try StripeWireMiddleware.authenticate(nil) }
        #expect(throws: StripeAPIError.missingKey) { try StripeWireMiddleware.authenticate("") }
    }
}
