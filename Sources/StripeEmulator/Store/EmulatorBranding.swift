import Foundation
import StripeAPI

/// The account's branding, shown by the hosted portal and Checkout.
///
/// Stripe keeps branding in the Dashboard (Settings → Branding), not in the API, so the emulator takes it through
/// its own `POST /v1/test_helpers/branding`. Values are validated when set and again before they reach CSS or HTML,
/// because a state file can be edited by hand.
struct EmulatorBranding: Codable, Sendable, Equatable {
    var businessName: String?
    var logoURL: String?
    var iconURL: String?
    /// `#RRGGBB`; the background of the business panel.
    var brandColor: String?
    /// `#RRGGBB`; buttons and links.
    var accentColor: String?
    /// `rounded`, `square` or `pill`.
    var buttonStyle: String?

    static let buttonStyles = ["rounded", "square", "pill"]

    /// The object the test-helper endpoints answer with.
    var json: JSONObject {
        [
            "object": "test_helpers.branding", "business_name": .text(businessName), "logo_url": .text(logoURL),
            "icon_url": .text(iconURL), "brand_color": .text(brandColor), "accent_color": .text(accentColor),
            "button_style": .text(buttonStyle),
        ]
    }

    /// Exactly `#` and six hex digits: the only color text that is ever written into a stylesheet.
    static func isHexColor(_ text: String) -> Bool {
        text.count == 7 && text.first == "#" && text.dropFirst().allSatisfy(\.isHexDigit)
    }

    /// An `https` URL, or `http` on a loopback host (local development serves logos over plain HTTP).
    static func isImageURL(_ text: String) -> Bool {
        guard text.count <= 2048, !text.contains(where: { $0.isWhitespace || "<>\"'\\".contains($0) }),
            let components = URLComponents(string: text), let host = components.host, !host.isEmpty
        else { return false }
        switch components.scheme?.lowercased() {
        case "https": return true
        case "http": return ["localhost", "127.0.0.1", "[::1]", "::1"].contains(host.lowercased())
        default: return false
        }
    }

    /// Dark or light text, whichever has the higher WCAG contrast ratio on `color`.
    static func ink(on color: String) -> String {
        let digits = Array(color.dropFirst())
        let channels = stride(from: 0, to: 6, by: 2).map { index -> Double in
            let value = Double(Int(String(digits[index...index + 1]), radix: 16) ?? 0) / 255
            return value <= 0.039_28 ? value / 12.92 : pow((value + 0.055) / 1.055, 2.4)
        }
        let luminance = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
        // #1a1f36 has a relative luminance of about 0.0144; white has 1.
        let onWhite = 1.05 / (luminance + 0.05)
        let onDark = (luminance + 0.05) / (0.0144 + 0.05)
        return onDark > onWhite ? "#1a1f36" : "#ffffff"
    }

    /// The logo, else the icon, else the name's first letter, as the mark beside the business name.
    func mark(name: String) -> String {
        if let logoURL, Self.isImageURL(logoURL) {
            return "<img class=\"logo-image\" id=\"brand-logo\" src=\"\(HTML.escape(logoURL))\" alt=\"\">"
        }
        if let iconURL, Self.isImageURL(iconURL) {
            return "<img class=\"logo icon-image\" id=\"brand-icon\" src=\"\(HTML.escape(iconURL))\" alt=\"\">"
        }
        let initial = name.first(where: \.isLetter).map { String($0).uppercased() } ?? "S"
        return "<span class=\"logo\">\(HTML.escape(initial))</span>"
    }

    /// CSS overriding the default look; empty when nothing is branded.
    var stylesheet: String {
        var css = ""
        if let accentColor, Self.isHexColor(accentColor) {
            css += ":root{--primary:\(accentColor);--primary-ink:\(Self.ink(on: accentColor))}"
        }
        if let brandColor, Self.isHexColor(brandColor) {
            let ink = Self.ink(on: brandColor)
            css += ".brand{background:\(brandColor);color:\(ink)}.brand .return,.brand .footer,.brand .footer a"
            css += "{color:\(ink)}.brand .footer{opacity:.8}.logo{background:\(ink);color:\(brandColor)}"
        }
        switch buttonStyle {
        case "square": css += ".button,input,textarea,.choice{border-radius:0}"
        case "pill": css += ".button{border-radius:999px}"
        default: break
        }
        return css
    }
}

extension EmulatorState {
    /// `POST /v1/test_helpers/branding`: sets the given fields; an empty string clears one.
    mutating func updateBranding(_ params: Params) throws(StripeAPIError) -> JSONObject {
        try params.requireOnly(["business_name", "logo_url", "icon_url", "brand_color", "accent_color", "button_style"])
        var updated = branding
        if let name = try params.string("business_name") {
            guard name.count <= 100 else {
                throw .invalid("business_name", "The business name can be at most 100 characters.")
            }
            updated.businessName = name.isEmpty ? nil : name
        }
        for (key, path) in [("logo_url", \EmulatorBranding.logoURL), ("icon_url", \.iconURL)] {
            guard let url = try params.string(key) else { continue }
            guard url.isEmpty || EmulatorBranding.isImageURL(url) else {
                throw .invalid(key, "Invalid \(key): must be an https URL (http only for localhost).")
            }
            updated[keyPath: path] = url.isEmpty ? nil : url
        }
        for (key, path) in [("brand_color", \EmulatorBranding.brandColor), ("accent_color", \.accentColor)] {
            guard let color = try params.string(key) else { continue }
            guard color.isEmpty || EmulatorBranding.isHexColor(color) else {
                throw .invalid(key, "Invalid \(key): must be a hex color such as #0a2540.")
            }
            updated[keyPath: path] = color.isEmpty ? nil : color.lowercased()
        }
        if params.isEmptyString("button_style") {
            updated.buttonStyle = nil
        } else if let style = try params.oneOf("button_style", EmulatorBranding.buttonStyles) {
            updated.buttonStyle = style
        }
        branding = updated
        return branding.json
    }
}
