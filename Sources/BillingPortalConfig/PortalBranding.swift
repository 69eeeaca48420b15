import Foundation
public import StripeAPI

/// Puts a file's `branding:` where it belongs: the emulator takes it through its test-helper endpoint; real
/// Stripe has no API for it (it lives in the Dashboard, Settings → Branding), so nothing is sent there and the
/// operator gets the values to enter by hand.
public struct PortalBranding: Sendable {
    private let stripe: StripeClient

    /// Creates a branding applier.
    /// - Parameter stripe: a client for the emulator (``applyToEmulator(_:)``).
    public init(stripe: StripeClient) {
        self.stripe = stripe
    }

    /// Sets the emulator's branding to exactly the file's (fields the file leaves out are cleared), with
    /// `POST /v1/test_helpers/branding`, an emulator-only endpoint.
    /// - Throws: ``StripeError`` when the emulator refuses a value.
    public func applyToEmulator(_ branding: PortalConfigSpec.Branding) async throws {
        var parameters: [String: String] = [
            "business_name": "", "logo_url": "", "icon_url": "", "brand_color": "", "accent_color": "",
            "button_style": "",
        ]
        for entry in branding.entries { parameters[entry.key] = entry.value }
        _ = try await stripe.send(.POST, "/v1/test_helpers/branding", parameters: parameters, as: JSONValue.self)
    }

    /// The lines telling an operator what to enter in Stripe's Dashboard, empty when the file sets no branding.
    public static func dashboardInstructions(for branding: PortalConfigSpec.Branding) -> [String] {
        guard !branding.isEmpty else { return [] }
        let labels = [
            "business_name": "Public business name (Settings → Business → Public details)",
            "logo_url": "Logo", "icon_url": "Icon", "brand_color": "Brand color", "accent_color": "Accent color",
            "button_style": "Button corners (Checkout and Payment Links)",
        ]
        let width = branding.entries.map { labels[$0.key]?.count ?? 0 }.max() ?? 0
        return [
            "branding: Stripe has no API for it, so nothing was sent; set these in the Dashboard "
                + "(Settings → Branding, https://dashboard.stripe.com/settings/branding):"
        ]
            + branding.entries.map { entry in
                let label = labels[entry.key] ?? entry.key
                return "  \(label.padding(toLength: width, withPad: " ", startingAt: 0))  \(entry.value)"
            }
    }
}
