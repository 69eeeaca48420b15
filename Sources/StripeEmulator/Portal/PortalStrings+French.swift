extension PortalStrings {
    /// French (`fr`).
    static let french = PortalStrings(
        language: "fr",
        table: [
            "Back":
                "Retour",
            "Cancel your plan":
                "Annuler votre abonnement",
            "Before you go…":
                "Avant de partir…",
            "We'd like to offer you {offer} if you stay.":
                "Nous vous offrons {offer} si vous restez.",
            "Accept offer":
                "Accepter l'offre",
            "Your subscription will be canceled immediately and you will lose access right away.":
                "Votre abonnement sera annulé immédiatement et vous perdrez l'accès tout de suite.",
            "Your subscription will be canceled, but is still available until the end of your billing period on {date}.":
                "Votre abonnement sera annulé, mais reste disponible jusqu'à la fin de votre période de facturation le {date}.",
            "If you change your mind, you can renew your subscription by subscribing again.":
                "Si vous changez d'avis, vous pourrez vous réabonner.",
            "If you change your mind, you can renew your subscription before then.":
                "Si vous changez d'avis, vous pouvez renouveler votre abonnement d'ici là.",
            "Cancel plan":
                "Annuler l'abonnement",
            "Go back":
                "Retour",
            "Your plan has been canceled":
                "Votre abonnement a été annulé",
            "Your plan has been set to cancel":
                "Votre abonnement sera annulé",
            "Tell us why you're leaving":
                "Dites-nous pourquoi vous partez",
            "Your feedback helps us improve.":
                "Vos commentaires nous aident à nous améliorer.",
            "Anything else you'd like to share? (optional)":
                "Autre chose à nous dire ? (facultatif)",
            "Submit":
                "Envoyer",
            "Skip":
                "Passer",
            "Cancellation feedback":
                "Commentaires sur l'annulation",
            "Update your plan":
                "Modifier votre abonnement",
            "Quantity":
                "Quantité",
            "Current plan":
                "Abonnement actuel",
            "Change quantity":
                "Modifier la quantité",
            "Select":
                "Choisir",
            "Your plan changes on {date}. You won't be charged until then.":
                "Votre abonnement change le {date}. Vous ne serez pas débité d'ici là.",
            "Amount due today: {amount}.":
                "Montant dû aujourd'hui : {amount}.",
            "Your billing period restarts today; the new plan renews on {date}.":
                "Votre période de facturation recommence aujourd'hui ; le nouvel abonnement se renouvelle le {date}.",
            "Includes a prorated credit of {amount} for the unused time on your current plan.":
                "Comprend un crédit au prorata de {amount} pour la période non utilisée de votre abonnement actuel.",
            "No proration: nothing is charged or credited for the rest of this period. Your next invoice on {date} is for the new price.":
                "Pas de prorata : rien n'est facturé ni crédité pour le reste de cette période. Votre prochaine facture du {date} sera au nouveau prix.",
            "Prorated for the rest of the period (until {date}): {charge} for the new plan minus {credit} for the unused time on your current plan.":
                "Au prorata pour le reste de la période (jusqu'au {date}) : {charge} pour le nouvel abonnement moins {credit} pour la période non utilisée de l'abonnement actuel.",
            "{amount} in prorated charges will be added to your next invoice on {date}.":
                "{amount} de frais au prorata seront ajoutés à votre prochaine facture du {date}.",
            "A prorated credit of {amount} will be applied to your next invoice on {date}.":
                "Un crédit au prorata de {amount} sera appliqué à votre prochaine facture du {date}.",
            "Confirm":
                "Confirmer",
            "Confirm your new plan":
                "Confirmer votre nouvel abonnement",
            "New plan":
                "Nouvel abonnement",
            "Cancel":
                "Annuler",
            "Your subscription will be paused: you won't be charged and you will lose access until you resume it.":
                "Votre abonnement sera suspendu : vous ne serez pas débité et n'aurez plus accès jusqu'à sa reprise.",
            "Pause your subscription":
                "Suspendre votre abonnement",
            "Pause subscription":
                "Suspendre l'abonnement",
            "Your changes have been saved.":
                "Vos modifications ont été enregistrées.",
            "All done":
                "C'est fait",
            "Return to {name}":
                "Retour à {name}",
            "View billing details":
                "Voir les informations de facturation",
            "Done":
                "Terminé",
            "Payment method added":
                "Moyen de paiement ajouté",
            "Default payment method updated":
                "Moyen de paiement par défaut modifié",
            "Payment method removed":
                "Moyen de paiement supprimé",
            "Billing information updated":
                "Informations de facturation mises à jour",
            "Subscription paused":
                "Abonnement suspendu",
            "Subscription resumed":
                "Abonnement repris",
            "Your plan will renew":
                "Votre abonnement sera renouvelé",
            "Plan changed":
                "Abonnement modifié",
            "Plan changes to {plan} on {date}":
                "L'abonnement passe à {plan} le {date}",
            "Plan changed to {plan}":
                "Abonnement changé pour {plan}",
            "Make default":
                "Définir par défaut",
            "Remove":
                "Supprimer",
            "No payment method on file.":
                "Aucun moyen de paiement enregistré.",
            "Test mode: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0341 attaches but every charge fails, 4000 0000 0000 0002 is declined.":
                "Mode test : 4242 4242 4242 4242 fonctionne, 4000 0000 0000 0341 est enregistrée mais chaque paiement échoue, 4000 0000 0000 0002 est refusée.",
            "Payment methods":
                "Moyens de paiement",
            "Add a card":
                "Ajouter une carte",
            "Card number":
                "Numéro de carte",
            "Expiration":
                "Expiration",
            "Or a test token":
                "Ou un jeton de test",
            "Add card":
                "Ajouter la carte",
            "Name":
                "Nom",
            "Email":
                "E-mail",
            "Phone":
                "Téléphone",
            "Address line 1":
                "Adresse ligne 1",
            "Address line 2":
                "Adresse ligne 2",
            "City":
                "Ville",
            "State":
                "État / région",
            "Postal code":
                "Code postal",
            "Country":
                "Pays",
            "Billing information":
                "Informations de facturation",
            "Save":
                "Enregistrer",
            "the site":
                "le site",
            "Terms":
                "Conditions",
            "Privacy":
                "Confidentialité",
            "Test mode":
                "Mode test",
            "Stripe emulator customer portal":
                "Portail client de l'émulateur Stripe",
            "Billing portal":
                "Portail de facturation",
            "This link is no longer valid":
                "Ce lien n'est plus valide",
            "Portal links are short-lived and only work for the customer they were created for.":
                "Les liens du portail sont de courte durée et ne fonctionnent que pour le client pour lequel ils ont été créés.",
            "Link expired":
                "Lien expiré",
            "Current subscription":
                "Abonnement actuel",
            "You have no active subscriptions.":
                "Vous n'avez aucun abonnement actif.",
            "Billing":
                "Facturation",
            "Subscription":
                "Abonnement",
            "{plan} daily":
                "{plan} quotidien",
            "{plan} weekly":
                "{plan} hebdomadaire",
            "{plan} monthly":
                "{plan} mensuel",
            "{plan} yearly":
                "{plan} annuel",
            "{amount} per day":
                "{amount} par jour",
            "{amount} per week":
                "{amount} par semaine",
            "{amount} per month":
                "{amount} par mois",
            "{amount} per year":
                "{amount} par an",
            "{amount} every {count} days":
                "{amount} tous les {count} jours",
            "{amount} every {count} weeks":
                "{amount} toutes les {count} semaines",
            "{amount} every {count} months":
                "{amount} tous les {count} mois",
            "{amount} every {count} years":
                "{amount} tous les {count} ans",
            "Cancels {date}":
                "Prend fin le {date}",
            "Payments paused":
                "Paiements suspendus",
            "Active":
                "Actif",
            "Trial":
                "Essai",
            "Past due":
                "En retard",
            "Paused":
                "Suspendu",
            "Canceled":
                "Annulé",
            "{amount} off forever":
                "{amount} de réduction pour toujours",
            "{amount} off for {months} months":
                "{amount} de réduction pendant {months} mois",
            "{amount} off your next invoice":
                "{amount} de réduction sur votre prochaine facture",
            "Your trial ends on {date}.":
                "Votre essai se termine le {date}.",
            "Your plan will be canceled on {date}.":
                "Votre abonnement sera annulé le {date}.",
            "Your subscription is paused.":
                "Votre abonnement est suspendu.",
            "Your plan renews on {date}.":
                "Votre abonnement sera renouvelé le {date}.",
            "Changes to {plan} ({price}) on {date}.":
                "Passe à {plan} ({price}) le {date}.",
            "Discount: {coupon} ({name}).":
                "Réduction : {coupon} ({name}).",
            "Update plan":
                "Modifier l'abonnement",
            "Renew plan":
                "Renouveler l'abonnement",
            "Resume subscription":
                "Reprendre l'abonnement",
            "Expires {date}":
                "Expire le {date}",
            "Default":
                "Par défaut",
            "Payment method":
                "Moyen de paiement",
            "Add payment method":
                "Ajouter un moyen de paiement",
            "Manage payment methods":
                "Gérer les moyens de paiement",
            "Billing address":
                "Adresse de facturation",
            "Update information":
                "Modifier les informations",
            "Invoice history":
                "Historique des factures",
            "No invoices yet.":
                "Aucune facture pour l'instant.",
            "Paid":
                "Payée",
            "Open":
                "Ouverte",
            "Void":
                "Annulée",
            "Uncollectible":
                "Irrécouvrable",
            "View":
                "Voir",
            "Changing plans is not available here.":
                "Le changement d'abonnement n'est pas disponible ici.",
            "This subscription cannot be changed.":
                "Cet abonnement ne peut pas être modifié.",
            "A plan change is already scheduled for this subscription.":
                "Un changement d'abonnement est déjà prévu.",
            "Subscriptions with more than one item cannot be changed here.":
                "Les abonnements comportant plusieurs articles ne peuvent pas être modifiés ici.",
            "That plan is not available.":
                "Cet abonnement n'est pas disponible.",
            "Changing the plan is not allowed.":
                "Le changement d'abonnement n'est pas autorisé.",
            "That quantity is not allowed.":
                "Cette quantité n'est pas autorisée.",
            "That is already your current plan.":
                "C'est déjà votre abonnement actuel.",
            "Cancelling subscriptions is not available here.":
                "L'annulation n'est pas disponible ici.",
            "This subscription is already canceled or set to cancel.":
                "Cet abonnement est déjà annulé ou en cours d'annulation.",
            "There is no cancellation waiting for a reason.":
                "Aucune annulation n'attend de motif.",
            "Choose one of the listed reasons.":
                "Choisissez l'un des motifs proposés.",
            "There is no offer for this subscription.":
                "Il n'y a pas d'offre pour cet abonnement.",
            "This subscription can no longer be changed.":
                "Cet abonnement ne peut plus être modifié.",
            "This subscription is not set to cancel.":
                "Cet abonnement n'est pas en cours d'annulation.",
            "Pausing subscriptions is not available here.":
                "La suspension n'est pas disponible ici.",
            "Updating payment methods is not available here.":
                "La modification des moyens de paiement n'est pas disponible ici.",
            "Unknown test token. Use one such as tok_visa or pm_card_mastercard.":
                "Jeton de test inconnu. Utilisez par exemple tok_visa ou pm_card_mastercard.",
            "Make another card the default before removing this one.":
                "Définissez une autre carte par défaut avant de supprimer celle-ci.",
            "Updating billing information is not available here.":
                "La modification des informations de facturation n'est pas disponible ici.",
            "Enter a valid email address.":
                "Saisissez une adresse e-mail valide.",
            "There is nothing to update.":
                "Il n'y a rien à mettre à jour.",
            "Your card number is incorrect.":
                "Votre numéro de carte est incorrect.",
            "Your card's security code is incomplete.":
                "Le code de sécurité de votre carte est incomplet.",
            "Your card's expiration date is incomplete.":
                "La date d'expiration de votre carte est incomplète.",
            "Your card's expiration year is in the past.":
                "L'année d'expiration de votre carte est passée.",
            "This link has expired or is not valid. Return to the site you came from and open the billing portal again.":
                "Ce lien a expiré ou n'est pas valide. Retournez sur le site d'origine et ouvrez à nouveau le portail de facturation.",
            "This form has expired or did not come from this page. Reload the page and try again.":
                "Ce formulaire a expiré ou ne provient pas de cette page. Rechargez la page et réessayez.",
            "That item could not be found in your account.":
                "Cet élément est introuvable dans votre compte.",
            "Your card has expired.":
                "Votre carte a expiré.",
            "Your card has insufficient funds.":
                "Votre carte ne dispose pas de fonds suffisants.",
            "Your card was declined.":
                "Votre carte a été refusée.",
            "Your card's security code is incorrect.":
                "Le code de sécurité de votre carte est incorrect.",
            "It's too expensive":
                "C'est trop cher",
            "Some features are missing":
                "Il manque des fonctionnalités",
            "I'm switching to a different service":
                "Je passe à un autre service",
            "I don't use the service enough":
                "Je n'utilise pas assez le service",
            "Customer service was less than expected":
                "Le service client n'a pas été à la hauteur",
            "Ease of use was less than expected":
                "La facilité d'utilisation n'a pas été à la hauteur",
            "Quality was less than expected":
                "La qualité n'a pas été à la hauteur",
            "Other reason":
                "Autre raison",
        ]
    )
}
