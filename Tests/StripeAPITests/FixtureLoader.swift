import Foundation
import Testing

/// Loads a file from the test bundle's `Fixtures` folder.
func fixtureData(_ name: String) throws -> Data {
    let url = try #require(
        Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"),
        "missing fixture \(name)"
    )
    return try Data(contentsOf: url)
}

/// The webhook signature cases recorded from the official Python SDK by scripts/sdk/record_sdk_fixtures.py.
struct SDKSignatureCase: Decodable, Sendable, CustomTestStringConvertible {
    var payload: String
    var secret: String
    var timestamp: Int
    var header: String

    var testDescription: String { "t=\(timestamp) payload \(payload.utf8.count) bytes" }

    static func all() throws -> [SDKSignatureCase] {
        struct File: Decodable { var cases: [SDKSignatureCase] }
        return try JSONDecoder().decode(File.self, from: fixtureData("sdk-signatures.json")).cases
    }
}

/// The request encodings recorded from the official Python SDK by scripts/sdk/record_sdk_fixtures.py.
struct SDKEncodingCase: Decodable, Sendable {
    var name: String
    var method: String
    var path: String
    var query: String
    var body: String

    static func named(_ name: String) throws -> SDKEncodingCase {
        struct File: Decodable { var cases: [SDKEncodingCase] }
        let cases = try JSONDecoder().decode(File.self, from: fixtureData("sdk-form-encodings.json")).cases
        return try #require(cases.first { $0.name == name }, "no recorded SDK case \(name)")
    }

    /// The form pairs in order-independent form: Stripe does not care about parameter order, but each pair must
    /// be byte-identical to the SDK's.
    static func pairs(_ form: String) -> [String] {
        form.split(separator: "&").map(String.init).sorted()
    }
}
