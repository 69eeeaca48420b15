public import Configuration
import Foundation
import StripeAPI

extension RetentionPolicy {
    /// Reads the survey settings from `billing.survey.*`.
    ///
    /// Keys (environment variable in brackets):
    /// - `billing.survey.enabled` (`BILLING_SURVEY_ENABLED`), bool, default true.
    /// - `billing.survey.offers` (`BILLING_SURVEY_OFFERS`), string, default empty: comma-separated
    ///   `reason=offer` pairs, offers being `coupon:<id>`, `plan_switch`, `pause` or `talk_to_us`, for example
    ///   `too_expensive=coupon:SAVE20,missing_features=plan_switch`. Unknown reasons or offers are ignored.
    /// - `billing.survey.pauseEnabled` (`BILLING_SURVEY_PAUSE_ENABLED`), bool, default false.
    ///
    /// - Parameter reader: the root configuration reader.
    public init(reader: ConfigReader) {
        let reasons = CancellationReason.stripeDefaults
        var offers: [String: SaveOffer] = [:]
        for pair in reader.string(forKey: "billing.survey.offers", default: "").split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, reasons.contains(where: { $0.value == parts[0] }),
                let offer = SaveOffer(storedValue: parts[1])
            else { continue }
            offers[parts[0]] = offer
        }
        self.init(
            surveyEnabled: reader.bool(forKey: "billing.survey.enabled", default: true),
            reasons: reasons,
            offers: offers,
            pauseEnabled: reader.bool(forKey: "billing.survey.pauseEnabled", default: false)
        )
    }
}
