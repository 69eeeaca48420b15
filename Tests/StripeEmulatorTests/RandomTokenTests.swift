import Testing

@testable import StripeEmulator

@Suite struct RandomTokenTests {
    private static let base62 = Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    @Test(arguments: [0, 1, 9, 10, 11, 14, 24, 99])
    func tokensHaveTheRequestedLengthInBase62(length: Int) {
        let token = EmulatorState.randomToken(length)
        #expect(token.count == length)
        #expect(token.utf8.count == length)
        #expect(token.allSatisfy { Self.base62.contains($0) })
    }

    @Test func idsAreDistinctAndUseEveryCharacter() {
        let ids = (0..<2_000).map { _ in EmulatorState.newID("cus") }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.hasPrefix("cus_") && $0.count == 28 })
        // 2,000 × 24 draws: every base-62 character appears, so no part of the alphabet is unreachable.
        #expect(Set(ids.joined()).isSuperset(of: Self.base62))
    }
}
