import BillingSupport

/// Escaping for server-rendered pages: every interpolated value goes through ``escape(_:)``.
enum HTML {
    static func escape(_ text: String) -> String { text.htmlEscaped }

    /// A hidden CSRF field plus a submit button in a POST form.
    static func postButton(
        action: String,
        csrf: String,
        label: String,
        style: String = "secondary",
        fields: [(String, String)] = []
    ) -> String {
        var hidden = "<input type=\"hidden\" name=\"csrf\" value=\"\(escape(csrf))\">"
        for (name, value) in fields {
            hidden += "<input type=\"hidden\" name=\"\(escape(name))\" value=\"\(escape(value))\">"
        }
        return "<form method=\"post\" action=\"\(escape(action))\" class=\"inline\">\(hidden)"
            + "<button type=\"submit\" class=\"button \(escape(style))\">\(escape(label))</button></form>"
    }

    static let stylesheet = """
        :root{--ink:#1a1f36;--muted:#697386;--line:#e3e8ee;--bg:#f6f8fa;--card:#fff;--primary:#635bff;\
        --primary-ink:#fff;--danger:#df1b41;--ok:#0e6245;--ok-bg:#cbf4c9;--warn:#983705;--warn-bg:#fcedb9;\
        --info:#3d4eac;--info-bg:#e0e6ff}
        *{box-sizing:border-box}
        body{margin:0;font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Ubuntu,Arial,\
        sans-serif;color:var(--ink);background:var(--card);font-size:15px;line-height:1.5}
        a{color:var(--primary);text-decoration:none}a:hover{text-decoration:underline}
        .portal{display:flex;min-height:100vh}
        .brand{flex:0 0 40%;background:var(--bg);border-right:1px solid var(--line);display:flex;\
        justify-content:flex-end}
        .brand-inner{width:100%;max-width:420px;padding:56px 48px;display:flex;flex-direction:column;gap:16px}
        .business{font-weight:600;font-size:17px;display:flex;align-items:center;gap:10px}
        .logo{width:28px;height:28px;border-radius:6px;background:var(--primary);color:#fff;display:inline-flex;\
        align-items:center;justify-content:center;font-size:14px}
        .logo-image{max-height:40px;max-width:200px;object-fit:contain}img.logo{object-fit:cover}
        .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
        .headline{font-size:24px;font-weight:600;line-height:1.3;margin:24px 0 0}
        .return{font-weight:500;font-size:14px}
        .footer{margin-top:auto;color:var(--muted);font-size:12px}.footer a{color:var(--muted);margin-right:12px}
        .testmode{display:inline-block;background:var(--warn-bg);color:var(--warn);border-radius:4px;\
        padding:1px 6px;font-size:11px;font-weight:600;text-transform:uppercase}
        .content{flex:1;padding:56px 48px;max-width:760px}
        h2{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin:36px 0 12px;\
        font-weight:600}
        h2:first-child{margin-top:0}h1.page{font-size:22px;margin:0 0 20px}
        .card{border:1px solid var(--line);border-radius:8px;padding:20px;margin-bottom:12px;background:var(--card);\
        box-shadow:0 1px 2px rgba(60,66,87,.06)}
        .card>p:first-child{margin-top:0}.card>p:last-child{margin-bottom:0}
        .row{display:flex;justify-content:space-between;align-items:center;gap:12px;flex-wrap:wrap}
        .plan-name{font-weight:600;font-size:17px}.price{font-size:20px;font-weight:600;margin:4px 0}
        .muted{color:var(--muted)}.small{font-size:13px}
        .badge{display:inline-block;border-radius:4px;padding:1px 8px;font-size:12px;font-weight:600}
        .badge.ok{background:var(--ok-bg);color:var(--ok)}.badge.warn{background:var(--warn-bg);color:var(--warn)}
        .badge.info{background:var(--info-bg);color:var(--info)}.badge.neutral{background:var(--line);color:var(--ink)}
        .actions{display:flex;gap:8px;flex-wrap:wrap;margin-top:16px}
        .button{display:inline-block;border-radius:6px;padding:8px 14px;font-size:14px;font-weight:500;\
        border:1px solid var(--line);background:var(--card);color:var(--ink);cursor:pointer;font-family:inherit;\
        line-height:1.4}
        .button:hover{text-decoration:none;border-color:#c1c9d2}
        .button.primary{background:var(--primary);border-color:var(--primary);color:var(--primary-ink)}
        .button.danger{background:var(--danger);border-color:var(--danger);color:#fff}
        .button.link{border:none;background:none;color:var(--primary);padding:8px 4px}
        form.inline{display:inline}
        table{width:100%;border-collapse:collapse;font-size:14px}
        td{padding:10px 4px;border-top:1px solid var(--line)}tr:first-child td{border-top:none}
        td.num{text-align:right;font-variant-numeric:tabular-nums}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:6px 24px;margin:0}dt{color:var(--muted)}dd{margin:0}
        .alert{border-radius:6px;padding:12px 16px;margin-bottom:20px;background:#fde7ec;color:#a41c4e}
        .notice{border-radius:6px;padding:12px 16px;margin-bottom:20px;background:var(--info-bg);color:var(--info)}
        .offer{border-color:var(--primary);background:#f5f4ff}
        label{display:block;font-weight:500;font-size:14px;margin:12px 0 4px}
        input[type=text],input[type=email],input[type=tel],input[type=number],textarea{width:100%;padding:9px 11px;\
        border:1px solid var(--line);border-radius:6px;font:inherit}
        .choice{display:flex;gap:10px;align-items:center;padding:10px 12px;border:1px solid var(--line);\
        border-radius:6px;margin-bottom:8px;font-weight:400}
        .grid2{display:grid;grid-template-columns:1fr 1fr;gap:0 12px}
        .back{display:inline-block;margin-bottom:16px;font-size:14px}
        @media (max-width:820px){.portal{flex-direction:column}.brand{flex:none;border-right:none;\
        border-bottom:1px solid var(--line);justify-content:flex-start}.brand-inner{max-width:none;padding:24px}\
        .headline{margin-top:8px;font-size:20px}.content{padding:24px}}
        """
}
