import SampleApp
import Testing

@Suite struct RandomTokenTests {
    /// Session and CSRF tokens: the full entropy in URL-safe base64 without padding, never repeated.
    @Test func tokensAreURLSafeFullLengthAndDistinct() {
        let tokens = (0..<200).map { _ in AccountStore.randomToken(bytes: 32) }
        #expect(Set(tokens).count == tokens.count)
        for token in tokens {
            #expect(token.count == 43)
            #expect(token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        }
        // Not a multiple of the 8 bytes drawn at a time: 5 bytes are 7 base64 characters once unpadded.
        #expect(AccountStore.randomToken(bytes: 5).count == 7)
    }
}
