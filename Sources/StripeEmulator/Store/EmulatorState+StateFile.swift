import Foundation
import StripeAPI

extension EmulatorState {
    /// The state file's contents: the keys and shapes `Codable` reads back in ``init(from:)``, written with
    /// ``JSONWriter`` (compact, keys sorted).
    ///
    /// The emulator inside `billing serve` saves once a second while anything changes, and every portal session is a
    /// change; through `JSONEncoder` the save of a few thousand objects took a quarter of the process's CPU under a
    /// stream of portal clicks, delaying the requests it shares the cores with.
    func stateFileBytes() throws -> [UInt8] {
        // Branding is a small Codable struct; its keys come from its synthesized coding, as before.
        let branding = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(branding))
        let saved: [CodingKeys: JSONValue] = [
            .objects: objects.jsonValue,
            .order: .object(order.mapValues { .array($0.map(JSONValue.string)) }),
            .positions: .object(positions.mapValues { .int($0) }),
            .endpointSecrets: .object(endpointSecrets.mapValues(JSONValue.string)),
            .pendingItems: .object(pendingItems.mapValues { .array($0.map(JSONValue.object)) }),
            .detachedPaymentMethods: .array(detachedPaymentMethods.sorted().map(JSONValue.string)),
            .publicBaseURL: .string(publicBaseURL),
            .checkoutDetails: .object(checkoutDetails.mapValues(JSONValue.object)),
            .trialWillEndSent: .array(trialWillEndSent.sorted().map(JSONValue.string)),
            .branding: branding,
        ]
        return JSONWriter.bytes(
            .object(Dictionary(uniqueKeysWithValues: saved.map { ($0.key.rawValue, $0.value) })),
            pretty: false
        )
    }
}
