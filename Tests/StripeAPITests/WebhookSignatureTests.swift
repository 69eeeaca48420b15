import Foundation
import StripeAPI
import Testing

@Suite struct WebhookSignatureTests {
    private let secret = "whsec_test_secret"
    private let payload = Data(#"{"id":"evt_1","object":"event"}"#.utf8)
    private let t = 1_790_000_000

    private func at(_ offset: Int) -> Date { Date(timeIntervalSince1970: TimeInterval(t + offset)) }

    @Test(arguments: try SDKSignatureCase.all())
    func signerReproducesTheOfficialSDKHeader(_ sample: SDKSignatureCase) {
        let header = WebhookSigner(secret: sample.secret).header(
            for: Data(sample.payload.utf8),
            timestamp: sample.timestamp
        )
        #expect(header == sample.header)
    }

    @Test(arguments: try SDKSignatureCase.all())
    func verifierAcceptsHeadersComputedByTheOfficialSDK(_ sample: SDKSignatureCase) throws {
        let verifier = try WebhookVerifier(secrets: [sample.secret])
        let now = Date(timeIntervalSince1970: TimeInterval(sample.timestamp + 10))
        let timestamp = try verifier.verify(payload: Data(sample.payload.utf8), header: sample.header, now: now)
        #expect(timestamp == sample.timestamp)
    }

    @Test func rejectsATamperedBody() throws {
        let header = WebhookSigner(secret: secret).header(for: payload, timestamp: t)
        let tampered = Data(#"{"id":"evt_1","object":"event" }"#.utf8)
        #expect(throws: WebhookVerificationError.signatureMismatch) {
            try WebhookVerifier(secrets: [secret]).verify(payload: tampered, header: header, now: at(1))
        }
    }

    @Test func rejectsTheWrongSecret() throws {
        let header = WebhookSigner(secret: "whsec_other").header(for: payload, timestamp: t)
        #expect(throws: WebhookVerificationError.signatureMismatch) {
            try WebhookVerifier(secrets: [secret]).verify(payload: payload, header: header, now: at(1))
        }
    }

    @Test func rejectsAHeaderWithoutV1AndIgnoresV0() throws {
        let valid = WebhookSigner(secret: secret).signature(for: payload, timestamp: t)
        #expect(throws: WebhookVerificationError.noV1Signature) {
            try WebhookVerifier(secrets: [secret]).verify(payload: payload, header: "t=\(t),v0=\(valid)", now: at(1))
        }
    }

    @Test(arguments: [
        (-301, WebhookVerificationError.timestampInFuture), (301, .timestampTooOld), (86_400, .timestampTooOld),
    ])
    func rejectsTimestampsOutsideTheTolerance(offset: Int, expected: WebhookVerificationError) throws {
        let header = WebhookSigner(secret: secret).header(for: payload, timestamp: t)
        #expect(throws: expected) {
            try WebhookVerifier(secrets: [secret]).verify(payload: payload, header: header, now: at(offset))
        }
    }

    @Test(arguments: [300, -300, 0])
    func acceptsTimestampsAtTheToleranceEdge(offset: Int) throws {
        let header = WebhookSigner(secret: secret).header(for: payload, timestamp: t)
        try WebhookVerifier(secrets: [secret]).verify(payload: payload, header: header, now: at(offset))
    }

    @Test(arguments: [
        ("", WebhookVerificationError.missingHeader),
        ("garbage", .malformedHeader),
        ("t=abc,v1=00", .malformedHeader),
        ("v1=\(String(repeating: "0", count: 64))", .malformedHeader),
        ("t=1790000000", .noV1Signature),
        ("t=1790000000,v1=zz", .noV1Signature),
        ("t=1790000000,v1=\(String(repeating: "0", count: 64))", .signatureMismatch),
        (",,,=,t=,v1=", .malformedHeader),
    ])
    func rejectsGarbageHeaders(header: String, expected: WebhookVerificationError) throws {
        #expect(throws: expected) {
            try WebhookVerifier(secrets: [secret]).verify(payload: payload, header: header, now: at(0))
        }
    }

    @Test func acceptsBlanksAroundPartsAndUppercaseHex() throws {
        let signature = WebhookSigner(secret: secret).signature(for: payload, timestamp: t)
        for header in [
            "t = \(t) ,\tv1=\(signature.uppercased())",
            " t=\(t), v1=00, v1 =\t\(signature) , v0=\(signature)",
            "v1=\(signature),t=\(t),",
        ] {
            #expect(try WebhookVerifier(secrets: [secret]).verify(payload: payload, header: header, now: at(0)) == t)
        }
    }

    @Test(arguments: ["t=-1790000000", "t=１７９", "t=\u{00A0}", "t=17 90"])
    func rejectsTimestampsThatAreNotPlainNumbers(timestamp: String) throws {
        let signature = WebhookSigner(secret: secret).signature(for: payload, timestamp: t)
        #expect(throws: WebhookVerificationError.malformedHeader) {
            try WebhookVerifier(secrets: [secret]).verify(
                payload: payload,
                header: "\(timestamp),v1=\(signature)",
                now: at(0)
            )
        }
    }

    @Test func rejectsAMissingHeader() throws {
        #expect(throws: WebhookVerificationError.missingHeader) {
            try WebhookVerifier(secrets: [secret]).verify(payload: payload, header: nil, now: at(0))
        }
    }

    @Test func acceptsAnyConfiguredSecretDuringRotation() throws {
        let verifier = try WebhookVerifier(secrets: ["whsec_old", "whsec_new"])
        for signingSecret in ["whsec_old", "whsec_new"] {
            let header = WebhookSigner(secret: signingSecret).header(for: payload, timestamp: t)
            try verifier.verify(payload: payload, header: header, now: at(1))
        }
    }

    @Test func acceptsAnyOfSeveralV1Signatures() throws {
        let old = WebhookSigner(secret: "whsec_old").signature(for: payload, timestamp: t)
        let new = WebhookSigner(secret: secret).signature(for: payload, timestamp: t)
        let header = "t=\(t),v1=\(old),v1=\(new),v0=deadbeef"
        try WebhookVerifier(secrets: [secret]).verify(payload: payload, header: header, now: at(1))
    }

    @Test func refusesToVerifyWithoutASecret() {
        #expect(throws: WebhookVerificationError.noSecretConfigured) { try WebhookVerifier(secrets: ["", ""]) }
    }

    @Test func errorsNeverEchoTheSecret() throws {
        let header = WebhookSigner(secret: "whsec_other").header(for: payload, timestamp: t)
        do {
            try WebhookVerifier(secrets: [secret]).verify(payload: payload, header: header, now: at(1))
            Issue.record("expected a mismatch")
        } catch {
            #expect(!error.description.contains(secret))
            #expect(!String(describing: error).contains("whsec"))
        }
    }
}
