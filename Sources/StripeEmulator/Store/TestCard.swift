/// A test card behind a `pm_card_…` payment method or a `tok_…` token, and how charges on it behave.
struct TestCard: Sendable {
    enum Behavior: Sendable, Equatable {
        /// Attaches and charges successfully.
        case succeeds
        /// Attaches, but every charge fails (`pm_card_chargeCustomerFail`).
        case chargesFail
        /// Cannot even be attached: the decline is raised at attach time.
        case declines(code: String, declineCode: String?, message: String)
    }

    let brand: String
    let last4: String
    let funding: String
    let behavior: Behavior

    static let declinedMessage = "Your card was declined."

    private static let byName: [String: TestCard] = [
        "visa": TestCard(brand: "visa", last4: "4242", funding: "credit", behavior: .succeeds),
        "visa_debit": TestCard(brand: "visa", last4: "5556", funding: "debit", behavior: .succeeds),
        "mastercard": TestCard(brand: "mastercard", last4: "4444", funding: "credit", behavior: .succeeds),
        "mastercard_debit": TestCard(brand: "mastercard", last4: "8210", funding: "debit", behavior: .succeeds),
        "mastercard_prepaid": TestCard(brand: "mastercard", last4: "5100", funding: "prepaid", behavior: .succeeds),
        "amex": TestCard(brand: "amex", last4: "0005", funding: "credit", behavior: .succeeds),
        "discover": TestCard(brand: "discover", last4: "1117", funding: "credit", behavior: .succeeds),
        "diners": TestCard(brand: "diners", last4: "0004", funding: "credit", behavior: .succeeds),
        "jcb": TestCard(brand: "jcb", last4: "0505", funding: "credit", behavior: .succeeds),
        "unionpay": TestCard(brand: "unionpay", last4: "0005", funding: "credit", behavior: .succeeds),
        "chargeCustomerFail": TestCard(brand: "visa", last4: "0341", funding: "credit", behavior: .chargesFail),
        "visa_chargeCustomerFail": TestCard(brand: "visa", last4: "0341", funding: "credit", behavior: .chargesFail),
        "chargeDeclined": declined("0002", code: "card_declined", decline: "generic_decline"),
        "visa_chargeDeclined": declined("0002", code: "card_declined", decline: "generic_decline"),
        "visa_chargeDeclinedInsufficientFunds": declined(
            "9995",
            code: "card_declined",
            decline: "insufficient_funds",
            message: "Your card has insufficient funds."
        ),
        "visa_chargeDeclinedLostCard": declined("9987", code: "card_declined", decline: "lost_card"),
        "visa_chargeDeclinedStolenCard": declined("9979", code: "card_declined", decline: "stolen_card"),
        "chargeDeclinedExpiredCard": declined(
            "0069",
            code: "expired_card",
            decline: "expired_card",
            message: "Your card has expired."
        ),
        "chargeDeclinedIncorrectCvc": declined(
            "0127",
            code: "incorrect_cvc",
            decline: "incorrect_cvc",
            message: "Your card's security code is incorrect."
        ),
        "chargeDeclinedProcessingError": declined(
            "0119",
            code: "processing_error",
            decline: "processing_error",
            message: "An error occurred while processing your card. Try again in a little bit."
        ),
        "visa_chargeDeclinedVelocityLimitExceeded": declined(
            "6975",
            code: "card_declined",
            decline: "card_velocity_exceeded"
        ),
    ]

    private static func declined(
        _ last4: String,
        code: String,
        decline: String,
        message: String = declinedMessage
    ) -> TestCard {
        TestCard(
            brand: "visa",
            last4: last4,
            funding: "credit",
            behavior: .declines(code: code, declineCode: decline, message: message)
        )
    }

    /// The card behind `pm_card_<name>` or `tok_<name>`, if it is a known test token.
    static func named(_ token: String) -> TestCard? {
        for prefix in ["pm_card_", "tok_"] where token.hasPrefix(prefix) {
            return byName[String(token.dropFirst(prefix.count))]
        }
        return nil
    }

    /// The card for a raw test number (`card[number]`).
    static func number(_ number: String) -> TestCard? {
        let digits = number.filter(\.isNumber)
        guard digits.count >= 12 else { return nil }
        let last4 = String(digits.suffix(4))
        if let known = byName.values.first(where: { $0.last4 == last4 && $0.behavior != .succeeds }),
            digits.hasPrefix("4000")
        {
            return known
        }
        let brand: String
        switch digits.first {
        case "4": brand = "visa"
        case "5", "2": brand = "mastercard"
        case "3": brand = digits.hasPrefix("35") ? "jcb" : (digits.hasPrefix("30") ? "diners" : "amex")
        case "6": brand = digits.hasPrefix("62") ? "unionpay" : "discover"
        default: brand = "unknown"
        }
        return TestCard(brand: brand, last4: last4, funding: "credit", behavior: .succeeds)
    }

    /// How a charge on a stored card with these last four digits goes.
    static func chargeFails(last4: String?) -> Bool {
        last4 == "0341"
    }
}
