extension PortalStrings {
    /// German (`de`).
    static let german = PortalStrings(
        language: "de",
        table: [
            "Back":
                "Zurück",
            "Cancel your plan":
                "Abo kündigen",
            "Before you go…":
                "Bevor Sie gehen …",
            "We'd like to offer you {offer} if you stay.":
                "Wenn Sie bleiben, bieten wir Ihnen {offer} an.",
            "Accept offer":
                "Angebot annehmen",
            "Your subscription will be canceled immediately and you will lose access right away.":
                "Ihr Abo wird sofort gekündigt und Sie verlieren sofort den Zugang.",
            "Your subscription will be canceled, but is still available until the end of your billing period on {date}.":
                "Ihr Abo wird gekündigt, bleibt aber bis zum Ende Ihres Abrechnungszeitraums am {date} verfügbar.",
            "If you change your mind, you can renew your subscription by subscribing again.":
                "Wenn Sie es sich anders überlegen, können Sie das Abo durch ein neues Abonnement fortsetzen.",
            "If you change your mind, you can renew your subscription before then.":
                "Wenn Sie es sich anders überlegen, können Sie Ihr Abo bis dahin verlängern.",
            "Cancel plan":
                "Abo kündigen",
            "Go back":
                "Zurück",
            "Your plan has been canceled":
                "Ihr Abo wurde gekündigt",
            "Your plan has been set to cancel":
                "Ihr Abo ist zur Kündigung vorgemerkt",
            "Tell us why you're leaving":
                "Sagen Sie uns, warum Sie gehen",
            "Your feedback helps us improve.":
                "Ihr Feedback hilft uns, besser zu werden.",
            "Anything else you'd like to share? (optional)":
                "Möchten Sie uns noch etwas mitteilen? (optional)",
            "Submit":
                "Absenden",
            "Skip":
                "Überspringen",
            "Cancellation feedback":
                "Feedback zur Kündigung",
            "Update your plan":
                "Abo ändern",
            "Quantity":
                "Menge",
            "Current plan":
                "Aktuelles Abo",
            "Change quantity":
                "Menge ändern",
            "Select":
                "Auswählen",
            "Your plan changes on {date}. You won't be charged until then.":
                "Ihr Abo ändert sich am {date}. Bis dahin wird Ihnen nichts berechnet.",
            "Amount due today: {amount}.":
                "Heute fällig: {amount}.",
            "Your billing period restarts today; the new plan renews on {date}.":
                "Ihr Abrechnungszeitraum beginnt heute neu; das neue Abo verlängert sich am {date}.",
            "Includes a prorated credit of {amount} for the unused time on your current plan.":
                "Enthält eine anteilige Gutschrift von {amount} für die ungenutzte Zeit Ihres aktuellen Abos.",
            "No proration: nothing is charged or credited for the rest of this period. Your next invoice on {date} is for the new price.":
                "Keine anteilige Berechnung: Für den Rest dieses Zeitraums wird nichts berechnet oder gutgeschrieben. Ihre nächste Rechnung am {date} enthält den neuen Preis.",
            "Prorated for the rest of the period (until {date}): {charge} for the new plan minus {credit} for the unused time on your current plan.":
                "Anteilig für den Rest des Zeitraums (bis {date}): {charge} für das neue Abo abzüglich {credit} für die ungenutzte Zeit Ihres aktuellen Abos.",
            "{amount} in prorated charges will be added to your next invoice on {date}.":
                "{amount} an anteiligen Kosten werden Ihrer nächsten Rechnung am {date} hinzugefügt.",
            "A prorated credit of {amount} will be applied to your next invoice on {date}.":
                "Eine anteilige Gutschrift von {amount} wird mit Ihrer nächsten Rechnung am {date} verrechnet.",
            "Confirm":
                "Bestätigen",
            "Confirm your new plan":
                "Neues Abo bestätigen",
            "New plan":
                "Neues Abo",
            "Cancel":
                "Abbrechen",
            "Your subscription will be paused: you won't be charged and you will lose access until you resume it.":
                "Ihr Abo wird pausiert: Ihnen wird nichts berechnet und Sie haben keinen Zugang, bis Sie es fortsetzen.",
            "Pause your subscription":
                "Abo pausieren",
            "Pause subscription":
                "Abo pausieren",
            "Your changes have been saved.":
                "Ihre Änderungen wurden gespeichert.",
            "All done":
                "Fertig",
            "Return to {name}":
                "Zurück zu {name}",
            "View billing details":
                "Abrechnungsdetails ansehen",
            "Done":
                "Fertig",
            "Payment method added":
                "Zahlungsmethode hinzugefügt",
            "Default payment method updated":
                "Standard-Zahlungsmethode geändert",
            "Payment method removed":
                "Zahlungsmethode entfernt",
            "Billing information updated":
                "Rechnungsdaten aktualisiert",
            "Subscription paused":
                "Abo pausiert",
            "Subscription resumed":
                "Abo fortgesetzt",
            "Your plan will renew":
                "Ihr Abo wird verlängert",
            "Plan changed":
                "Abo geändert",
            "Plan changes to {plan} on {date}":
                "Abo wechselt am {date} zu {plan}",
            "Plan changed to {plan}":
                "Abo geändert zu {plan}",
            "Make default":
                "Als Standard festlegen",
            "Remove":
                "Entfernen",
            "No payment method on file.":
                "Keine Zahlungsmethode hinterlegt.",
            "Test mode: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0341 attaches but every charge fails, 4000 0000 0000 0002 is declined.":
                "Testmodus: 4242 4242 4242 4242 funktioniert, 4000 0000 0000 0341 wird gespeichert, aber jede Zahlung schlägt fehl, 4000 0000 0000 0002 wird abgelehnt.",
            "Payment methods":
                "Zahlungsmethoden",
            "Add a card":
                "Karte hinzufügen",
            "Card number":
                "Kartennummer",
            "Expiration":
                "Ablaufdatum",
            "Or a test token":
                "Oder ein Test-Token",
            "Add card":
                "Karte hinzufügen",
            "Name":
                "Name",
            "Email":
                "E-Mail",
            "Phone":
                "Telefon",
            "Address line 1":
                "Adresszeile 1",
            "Address line 2":
                "Adresszeile 2",
            "City":
                "Stadt",
            "State":
                "Bundesland",
            "Postal code":
                "Postleitzahl",
            "Country":
                "Land",
            "Billing information":
                "Rechnungsdaten",
            "Save":
                "Speichern",
            "the site":
                "die Website",
            "Terms":
                "AGB",
            "Privacy":
                "Datenschutz",
            "Test mode":
                "Testmodus",
            "Stripe emulator customer portal":
                "Kundenportal des Stripe-Emulators",
            "Billing portal":
                "Kundenportal",
            "This link is no longer valid":
                "Dieser Link ist nicht mehr gültig",
            "Portal links are short-lived and only work for the customer they were created for.":
                "Portal-Links sind nur kurz gültig und funktionieren nur für den Kunden, für den sie erstellt wurden.",
            "Link expired":
                "Link abgelaufen",
            "Current subscription":
                "Aktuelles Abo",
            "You have no active subscriptions.":
                "Sie haben keine aktiven Abos.",
            "Billing":
                "Abrechnung",
            "Subscription":
                "Abo",
            "{plan} daily":
                "{plan} täglich",
            "{plan} weekly":
                "{plan} wöchentlich",
            "{plan} monthly":
                "{plan} monatlich",
            "{plan} yearly":
                "{plan} jährlich",
            "{amount} per day":
                "{amount} pro Tag",
            "{amount} per week":
                "{amount} pro Woche",
            "{amount} per month":
                "{amount} pro Monat",
            "{amount} per year":
                "{amount} pro Jahr",
            "{amount} every {count} days":
                "{amount} alle {count} Tage",
            "{amount} every {count} weeks":
                "{amount} alle {count} Wochen",
            "{amount} every {count} months":
                "{amount} alle {count} Monate",
            "{amount} every {count} years":
                "{amount} alle {count} Jahre",
            "Cancels {date}":
                "Endet am {date}",
            "Payments paused":
                "Zahlungen pausiert",
            "Active":
                "Aktiv",
            "Trial":
                "Testphase",
            "Past due":
                "Überfällig",
            "Paused":
                "Pausiert",
            "Canceled":
                "Gekündigt",
            "{amount} off forever":
                "{amount} Rabatt dauerhaft",
            "{amount} off for {months} months":
                "{amount} Rabatt für {months} Monate",
            "{amount} off your next invoice":
                "{amount} Rabatt auf Ihre nächste Rechnung",
            "Your trial ends on {date}.":
                "Ihre Testphase endet am {date}.",
            "Your plan will be canceled on {date}.":
                "Ihr Abo endet am {date}.",
            "Your subscription is paused.":
                "Ihr Abo ist pausiert.",
            "Your plan renews on {date}.":
                "Ihr Abo verlängert sich am {date}.",
            "Changes to {plan} ({price}) on {date}.":
                "Wechselt am {date} zu {plan} ({price}).",
            "Discount: {coupon} ({name}).":
                "Rabatt: {coupon} ({name}).",
            "Update plan":
                "Abo ändern",
            "Renew plan":
                "Abo verlängern",
            "Resume subscription":
                "Abo fortsetzen",
            "Expires {date}":
                "Gültig bis {date}",
            "Default":
                "Standard",
            "Payment method":
                "Zahlungsmethode",
            "Add payment method":
                "Zahlungsmethode hinzufügen",
            "Manage payment methods":
                "Zahlungsmethoden verwalten",
            "Billing address":
                "Rechnungsadresse",
            "Update information":
                "Daten aktualisieren",
            "Invoice history":
                "Rechnungsverlauf",
            "No invoices yet.":
                "Noch keine Rechnungen.",
            "Paid":
                "Bezahlt",
            "Open":
                "Offen",
            "Void":
                "Storniert",
            "Uncollectible":
                "Uneinbringlich",
            "View":
                "Ansehen",
            "Changing plans is not available here.":
                "Ein Abowechsel ist hier nicht möglich.",
            "This subscription cannot be changed.":
                "Dieses Abo kann nicht geändert werden.",
            "A plan change is already scheduled for this subscription.":
                "Für dieses Abo ist bereits ein Wechsel geplant.",
            "Subscriptions with more than one item cannot be changed here.":
                "Abos mit mehreren Positionen können hier nicht geändert werden.",
            "That plan is not available.":
                "Dieses Abo ist nicht verfügbar.",
            "Changing the plan is not allowed.":
                "Ein Abowechsel ist nicht erlaubt.",
            "That quantity is not allowed.":
                "Diese Menge ist nicht erlaubt.",
            "That is already your current plan.":
                "Das ist bereits Ihr aktuelles Abo.",
            "Cancelling subscriptions is not available here.":
                "Eine Kündigung ist hier nicht möglich.",
            "This subscription is already canceled or set to cancel.":
                "Dieses Abo ist bereits gekündigt oder zur Kündigung vorgemerkt.",
            "There is no cancellation waiting for a reason.":
                "Es gibt keine Kündigung, die auf einen Grund wartet.",
            "Choose one of the listed reasons.":
                "Wählen Sie einen der aufgeführten Gründe.",
            "There is no offer for this subscription.":
                "Für dieses Abo gibt es kein Angebot.",
            "This subscription can no longer be changed.":
                "Dieses Abo kann nicht mehr geändert werden.",
            "This subscription is not set to cancel.":
                "Dieses Abo ist nicht zur Kündigung vorgemerkt.",
            "Pausing subscriptions is not available here.":
                "Ein Pausieren ist hier nicht möglich.",
            "Updating payment methods is not available here.":
                "Zahlungsmethoden können hier nicht geändert werden.",
            "Unknown test token. Use one such as tok_visa or pm_card_mastercard.":
                "Unbekanntes Test-Token. Verwenden Sie z. B. tok_visa oder pm_card_mastercard.",
            "Make another card the default before removing this one.":
                "Legen Sie zuerst eine andere Karte als Standard fest, bevor Sie diese entfernen.",
            "Updating billing information is not available here.":
                "Rechnungsdaten können hier nicht geändert werden.",
            "Enter a valid email address.":
                "Geben Sie eine gültige E-Mail-Adresse ein.",
            "There is nothing to update.":
                "Es gibt nichts zu aktualisieren.",
            "Your card number is incorrect.":
                "Ihre Kartennummer ist falsch.",
            "Your card's security code is incomplete.":
                "Der Sicherheitscode Ihrer Karte ist unvollständig.",
            "Your card's expiration date is incomplete.":
                "Das Ablaufdatum Ihrer Karte ist unvollständig.",
            "Your card's expiration year is in the past.":
                "Das Ablaufjahr Ihrer Karte liegt in der Vergangenheit.",
            "This link has expired or is not valid. Return to the site you came from and open the billing portal again.":
                "Dieser Link ist abgelaufen oder ungültig. Kehren Sie zur vorherigen Website zurück und öffnen Sie das Kundenportal erneut.",
            "This form has expired or did not come from this page. Reload the page and try again.":
                "Dieses Formular ist abgelaufen oder stammt nicht von dieser Seite. Laden Sie die Seite neu und versuchen Sie es erneut.",
            "That item could not be found in your account.":
                "Dieser Eintrag wurde in Ihrem Konto nicht gefunden.",
            "Your card has expired.":
                "Ihre Karte ist abgelaufen.",
            "Your card has insufficient funds.":
                "Ihre Karte ist nicht ausreichend gedeckt.",
            "Your card was declined.":
                "Ihre Karte wurde abgelehnt.",
            "Your card's security code is incorrect.":
                "Der Sicherheitscode Ihrer Karte ist falsch.",
            "It's too expensive":
                "Es ist zu teuer",
            "Some features are missing":
                "Es fehlen Funktionen",
            "I'm switching to a different service":
                "Ich wechsle zu einem anderen Dienst",
            "I don't use the service enough":
                "Ich nutze den Dienst zu wenig",
            "Customer service was less than expected":
                "Der Kundenservice war enttäuschend",
            "Ease of use was less than expected":
                "Die Bedienung war schwieriger als erwartet",
            "Quality was less than expected":
                "Die Qualität war enttäuschend",
            "Other reason":
                "Anderer Grund",
        ]
    )
}
