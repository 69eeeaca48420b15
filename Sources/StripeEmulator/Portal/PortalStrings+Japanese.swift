extension PortalStrings {
    /// Japanese (`ja`).
    static let japanese = PortalStrings(
        language: "ja",
        table: [
            "Back":
                "戻る",
            "Cancel your plan":
                "プランをキャンセル",
            "Before you go…":
                "その前に…",
            "We'd like to offer you {offer} if you stay.":
                "継続していただける場合は {offer} をご提供します。",
            "Accept offer":
                "オファーを受け取る",
            "Your subscription will be canceled immediately and you will lose access right away.":
                "サブスクリプションはただちにキャンセルされ、すぐにアクセスできなくなります。",
            "Your subscription will be canceled, but is still available until the end of your billing period on {date}.":
                "サブスクリプションはキャンセルされますが、請求期間の終了日（{date}）までご利用いただけます。",
            "If you change your mind, you can renew your subscription by subscribing again.":
                "気が変わった場合は、再度ご登録いただけます。",
            "If you change your mind, you can renew your subscription before then.":
                "気が変わった場合は、それまでにサブスクリプションを更新できます。",
            "Cancel plan":
                "プランをキャンセル",
            "Go back":
                "戻る",
            "Your plan has been canceled":
                "プランはキャンセルされました",
            "Your plan has been set to cancel":
                "プランはキャンセル予定です",
            "Tell us why you're leaving":
                "解約の理由をお聞かせください",
            "Your feedback helps us improve.":
                "ご意見はサービス改善に役立てます。",
            "Anything else you'd like to share? (optional)":
                "その他ご意見があればお聞かせください（任意）",
            "Submit":
                "送信",
            "Skip":
                "スキップ",
            "Cancellation feedback":
                "キャンセルに関するご意見",
            "Update your plan":
                "プランを変更",
            "Quantity":
                "数量",
            "Current plan":
                "現在のプラン",
            "Change quantity":
                "数量を変更",
            "Select":
                "選択",
            "Your plan changes on {date}. You won't be charged until then.":
                "プランは {date} に変更されます。それまで請求は発生しません。",
            "Amount due today: {amount}.":
                "本日のお支払い額: {amount}。",
            "Your billing period restarts today; the new plan renews on {date}.":
                "請求期間は本日から新しく始まり、新しいプランは {date} に更新されます。",
            "Includes a prorated credit of {amount} for the unused time on your current plan.":
                "現在のプランの未使用期間分として {amount} の日割りクレジットを含みます。",
            "No proration: nothing is charged or credited for the rest of this period. Your next invoice on {date} is for the new price.":
                "日割り計算なし: 今期の残り期間について請求も返金もありません。{date} の次回請求書から新しい料金になります。",
            "Prorated for the rest of the period (until {date}): {charge} for the new plan minus {credit} for the unused time on your current plan.":
                "残り期間（{date} まで）の日割り: 新しいプラン {charge} から現在のプランの未使用分 {credit} を差し引きます。",
            "{amount} in prorated charges will be added to your next invoice on {date}.":
                "日割り料金 {amount} が {date} の次回請求書に加算されます。",
            "A prorated credit of {amount} will be applied to your next invoice on {date}.":
                "日割りクレジット {amount} が {date} の次回請求書に適用されます。",
            "Confirm":
                "確定",
            "Confirm your new plan":
                "新しいプランの確認",
            "New plan":
                "新しいプラン",
            "Cancel":
                "キャンセル",
            "Your subscription will be paused: you won't be charged and you will lose access until you resume it.":
                "サブスクリプションは一時停止されます。再開するまで請求は発生せず、アクセスもできなくなります。",
            "Pause your subscription":
                "サブスクリプションを一時停止",
            "Pause subscription":
                "一時停止",
            "Your changes have been saved.":
                "変更を保存しました。",
            "All done":
                "完了しました",
            "Return to {name}":
                "{name} に戻る",
            "View billing details":
                "請求の詳細を表示",
            "Done":
                "完了",
            "Payment method added":
                "支払い方法を追加しました",
            "Default payment method updated":
                "デフォルトの支払い方法を更新しました",
            "Payment method removed":
                "支払い方法を削除しました",
            "Billing information updated":
                "請求先情報を更新しました",
            "Subscription paused":
                "サブスクリプションを一時停止しました",
            "Subscription resumed":
                "サブスクリプションを再開しました",
            "Your plan will renew":
                "プランは更新されます",
            "Plan changed":
                "プランを変更しました",
            "Plan changes to {plan} on {date}":
                "{date} に {plan} へ変更されます",
            "Plan changed to {plan}":
                "プランを {plan} に変更しました",
            "Make default":
                "デフォルトに設定",
            "Remove":
                "削除",
            "No payment method on file.":
                "登録済みの支払い方法はありません。",
            "Test mode: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0341 attaches but every charge fails, 4000 0000 0000 0002 is declined.":
                "テストモード: 4242 4242 4242 4242 は成功、4000 0000 0000 0341 は登録できますが請求は失敗、4000 0000 0000 0002 は拒否されます。",
            "Payment methods":
                "支払い方法",
            "Add a card":
                "カードを追加",
            "Card number":
                "カード番号",
            "Expiration":
                "有効期限",
            "Or a test token":
                "またはテストトークン",
            "Add card":
                "カードを追加",
            "Name":
                "名前",
            "Email":
                "メールアドレス",
            "Phone":
                "電話番号",
            "Address line 1":
                "住所 1",
            "Address line 2":
                "住所 2",
            "City":
                "市区町村",
            "State":
                "都道府県",
            "Postal code":
                "郵便番号",
            "Country":
                "国",
            "Billing information":
                "請求先情報",
            "Save":
                "保存",
            "the site":
                "サイト",
            "Terms":
                "利用規約",
            "Privacy":
                "プライバシー",
            "Test mode":
                "テストモード",
            "Stripe emulator customer portal":
                "Stripe エミュレーターのカスタマーポータル",
            "Billing portal":
                "請求ポータル",
            "This link is no longer valid":
                "このリンクは無効になりました",
            "Portal links are short-lived and only work for the customer they were created for.":
                "ポータルのリンクは有効期間が短く、作成対象のお客様のみが使用できます。",
            "Link expired":
                "リンクの有効期限切れ",
            "Current subscription":
                "現在のサブスクリプション",
            "You have no active subscriptions.":
                "有効なサブスクリプションはありません。",
            "Billing":
                "請求",
            "Subscription":
                "サブスクリプション",
            "{plan} daily":
                "{plan}（日払い）",
            "{plan} weekly":
                "{plan}（週払い）",
            "{plan} monthly":
                "{plan}（月払い）",
            "{plan} yearly":
                "{plan}（年払い）",
            "{amount} per day":
                "{amount}／日",
            "{amount} per week":
                "{amount}／週",
            "{amount} per month":
                "{amount}／月",
            "{amount} per year":
                "{amount}／年",
            "{amount} every {count} days":
                "{amount}／{count} 日ごと",
            "{amount} every {count} weeks":
                "{amount}／{count} 週ごと",
            "{amount} every {count} months":
                "{amount}／{count} か月ごと",
            "{amount} every {count} years":
                "{amount}／{count} 年ごと",
            "Cancels {date}":
                "{date} にキャンセル",
            "Payments paused":
                "支払い一時停止中",
            "Active":
                "有効",
            "Trial":
                "トライアル",
            "Past due":
                "支払い期限超過",
            "Paused":
                "一時停止中",
            "Canceled":
                "キャンセル済み",
            "{amount} off forever":
                "{amount} 割引（無期限）",
            "{amount} off for {months} months":
                "{amount} 割引（{months} か月間）",
            "{amount} off your next invoice":
                "次回請求書から {amount} 割引",
            "Your trial ends on {date}.":
                "トライアルは {date} に終了します。",
            "Your plan will be canceled on {date}.":
                "プランは {date} にキャンセルされます。",
            "Your subscription is paused.":
                "サブスクリプションは一時停止中です。",
            "Your plan renews on {date}.":
                "プランは {date} に更新されます。",
            "Changes to {plan} ({price}) on {date}.":
                "{date} に {plan}（{price}）へ変更されます。",
            "Discount: {coupon} ({name}).":
                "割引: {coupon}（{name}）。",
            "Update plan":
                "プランを変更",
            "Renew plan":
                "プランを更新",
            "Resume subscription":
                "サブスクリプションを再開",
            "Expires {date}":
                "有効期限 {date}",
            "Default":
                "デフォルト",
            "Payment method":
                "支払い方法",
            "Add payment method":
                "支払い方法を追加",
            "Manage payment methods":
                "支払い方法を管理",
            "Billing address":
                "請求先住所",
            "Update information":
                "情報を更新",
            "Invoice history":
                "請求書の履歴",
            "No invoices yet.":
                "請求書はまだありません。",
            "Paid":
                "支払い済み",
            "Open":
                "未払い",
            "Void":
                "無効",
            "Uncollectible":
                "回収不能",
            "View":
                "表示",
            "Changing plans is not available here.":
                "ここではプランを変更できません。",
            "This subscription cannot be changed.":
                "このサブスクリプションは変更できません。",
            "A plan change is already scheduled for this subscription.":
                "このサブスクリプションにはすでにプラン変更が予定されています。",
            "Subscriptions with more than one item cannot be changed here.":
                "複数の品目を含むサブスクリプションはここでは変更できません。",
            "That plan is not available.":
                "そのプランはご利用いただけません。",
            "Changing the plan is not allowed.":
                "プランの変更は許可されていません。",
            "That quantity is not allowed.":
                "その数量は指定できません。",
            "That is already your current plan.":
                "すでに現在のプランです。",
            "Cancelling subscriptions is not available here.":
                "ここではサブスクリプションをキャンセルできません。",
            "This subscription is already canceled or set to cancel.":
                "このサブスクリプションはすでにキャンセル済みかキャンセル予定です。",
            "There is no cancellation waiting for a reason.":
                "理由の入力を待っているキャンセルはありません。",
            "Choose one of the listed reasons.":
                "一覧から理由を選んでください。",
            "There is no offer for this subscription.":
                "このサブスクリプションに利用できるオファーはありません。",
            "This subscription can no longer be changed.":
                "このサブスクリプションは変更できなくなりました。",
            "This subscription is not set to cancel.":
                "このサブスクリプションはキャンセル予定ではありません。",
            "Pausing subscriptions is not available here.":
                "ここではサブスクリプションを一時停止できません。",
            "Updating payment methods is not available here.":
                "ここでは支払い方法を変更できません。",
            "Unknown test token. Use one such as tok_visa or pm_card_mastercard.":
                "不明なテストトークンです。tok_visa や pm_card_mastercard などを使用してください。",
            "Make another card the default before removing this one.":
                "このカードを削除する前に、別のカードをデフォルトに設定してください。",
            "Updating billing information is not available here.":
                "ここでは請求先情報を変更できません。",
            "Enter a valid email address.":
                "有効なメールアドレスを入力してください。",
            "There is nothing to update.":
                "更新する内容はありません。",
            "Your card number is incorrect.":
                "カード番号が正しくありません。",
            "Your card's security code is incomplete.":
                "カードのセキュリティコードが不完全です。",
            "Your card's expiration date is incomplete.":
                "カードの有効期限が不完全です。",
            "Your card's expiration year is in the past.":
                "カードの有効期限の年が過ぎています。",
            "This link has expired or is not valid. Return to the site you came from and open the billing portal again.":
                "このリンクは期限切れか無効です。元のサイトに戻り、もう一度請求ポータルを開いてください。",
            "This form has expired or did not come from this page. Reload the page and try again.":
                "このフォームは期限切れか、このページから送信されたものではありません。ページを再読み込みしてもう一度お試しください。",
            "That item could not be found in your account.":
                "その項目はアカウント内に見つかりませんでした。",
            "Your card has expired.":
                "カードの有効期限が切れています。",
            "Your card has insufficient funds.":
                "カードの残高が不足しています。",
            "Your card was declined.":
                "カードが拒否されました。",
            "Your card's security code is incorrect.":
                "カードのセキュリティコードが正しくありません。",
            "It's too expensive":
                "料金が高すぎる",
            "Some features are missing":
                "必要な機能がない",
            "I'm switching to a different service":
                "別のサービスに乗り換える",
            "I don't use the service enough":
                "あまり利用していない",
            "Customer service was less than expected":
                "カスタマーサービスが期待以下だった",
            "Ease of use was less than expected":
                "使いやすさが期待以下だった",
            "Quality was less than expected":
                "品質が期待以下だった",
            "Other reason":
                "その他の理由",
        ]
    )
}
