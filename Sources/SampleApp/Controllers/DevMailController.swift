import BillingMail
import Foundation
import Hummingbird

/// `/dev/mail`: the development mail folder, listed and viewable in the browser.
///
/// Only mounted when mail goes to the folder and the app runs on a loopback address (see `buildApplication`), so
/// a production deployment never exposes customers' mail.
struct DevMailController: Sendable {
    let folder: MailFolder
    let views: AppViews

    func addRoutes(to router: some RouterMethods<AppRequestContext>) {
        router.get("/dev/mail") { _, context in try list(context: context) }
        router.get("/dev/mail/:name") { _, context in try show(context: context) }
    }

    private func list(context: AppRequestContext) throws -> Response {
        let mails: [[String: any Sendable]] = try folder.entries().map {
            ["name": $0.name, "subject": $0.subject, "to": $0.to, "date": $0.date]
        }
        let content = try views.fragment("dev_mail", ["mails": mails])
        return try views.page(title: "Outgoing mail", content: content, context: context)
    }

    private func show(context: AppRequestContext) throws -> Response {
        guard let name = context.parameters.get("name"), let entry = try folder.entry(named: name) else {
            throw HTTPError(.notFound)
        }
        let content = try views.fragment(
            "dev_mail_message",
            ["subject": entry.subject, "to": entry.to, "date": entry.date, "source": entry.source]
        )
        return try views.page(title: entry.subject, content: content, context: context)
    }
}
