import BillingDatabase
import BillingSupport
import Foundation

extension OutboxMailer {
    /// Sends a failure mail (``DunningMail``) unless the invoice was settled meanwhile; waits for the invoice's own
    /// event and for the customer's address like the other mails.
    func deliverPaymentFailed(_ row: Claimed<DunningPayload>, report: inout DrainReport) async throws {
        let invoice = row.payload.invoice
        let state = try await database.read { sql in try await InvoiceState.load(invoice, on: sql) }
        guard let state else {
            try await retryLater(row, reason: "invoice not in projection yet", report: &report)
            return
        }
        if state.isSettled {
            if try await outbox.cancel(row.key, sender: senderID, now: nowMillis()) { report.canceled += 1 }
            return
        }
        guard let email = state.email else {
            try await retryLater(row, reason: "no recipient address yet", report: &report)
            return
        }
        let formatter = state.formatting.applied(to: configuration.formatter)
        var values = [
            "amount": Self.amount(state, formatter: formatter),
            // The billing page's "Update payment method" button opens the portal's payment-method flow.
            "updatePaymentURL": configuration.billingURL,
        ]
        values["nextAttemptDate"] = state.nextPaymentAttempt.map(formatter.date(unixSeconds:))
        values["invoiceURL"] = state.hostedInvoiceURL
        try await renderAndSend(MailTemplates.Name.paymentFailed, values: values, to: email, row: row, report: &report)
    }

    /// Sends the confirmation after a failure once the failure mail went out; cancels it when the failure mail was
    /// canceled (the customer never heard of the failure).
    func deliverPaymentRecovered(_ row: Claimed<DunningPayload>, report: inout DrainReport) async throws {
        let invoice = row.payload.invoice
        let (failure, state) = try await database.read { sql in
            (
                try await OutboxStore.status(of: DunningMail.failedKey(invoice: invoice), on: sql),
                try await InvoiceState.load(invoice, on: sql)
            )
        }
        switch failure {
        case .sent:
            break
        case .pending:
            // The failure mail is still on its way (retrying, or claimed by another mailer); look again shortly.
            try await outbox.postpone(row.key, sender: senderID, until: nowMillis() + 60_000)
            return
        case .dropped, nil:
            if try await outbox.cancel(row.key, sender: senderID, now: nowMillis()) { report.canceled += 1 }
            return
        }
        guard let state, let email = state.email else {
            try await retryLater(row, reason: "no recipient address yet", report: &report)
            return
        }
        try await renderAndSend(
            MailTemplates.Name.paymentRecovered,
            values: ["amount": Self.amount(state, formatter: state.formatting.applied(to: configuration.formatter))],
            to: email,
            row: row,
            report: &report
        )
    }

    /// The invoice's amount in words; an invoice without an amount (never seen in practice) still reads.
    private static func amount(_ state: InvoiceState, formatter: BillingFormatter) -> String {
        guard let amount = state.amountDue, let currency = state.currency else { return "the amount due" }
        return formatter.money(amount: amount, currency: currency)
    }
}
