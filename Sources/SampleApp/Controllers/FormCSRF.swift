import Hummingbird

/// Checks the `csrf_token` field of a state-changing form against the visitor's token.
enum FormCSRF {
    static func isValid(_ sent: String?, context: AppRequestContext) -> Bool {
        guard let sent, let expected = context.csrfToken else { return false }
        let left = Array(sent.utf8)
        let right = Array(expected.utf8)
        guard left.count == right.count, !left.isEmpty else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }

    static func decode<Form: Decodable>(_ type: Form.Type, _ request: Request) async throws -> Form? {
        var request = request
        let body = try await request.collectBody(upTo: 64 * 1024)
        return try? URLEncodedFormDecoder().decode(Form.self, from: String(buffer: body))
    }
}
