extension PortalStrings {
    /// Spanish (`es`).
    static let spanish = PortalStrings(
        language: "es",
        table: [
            "Back":
                "Volver",
            "Cancel your plan":
                "Cancelar tu plan",
            "Before you go…":
                "Antes de irte…",
            "We'd like to offer you {offer} if you stay.":
                "Te ofrecemos {offer} si te quedas.",
            "Accept offer":
                "Aceptar la oferta",
            "Your subscription will be canceled immediately and you will lose access right away.":
                "Tu suscripción se cancelará de inmediato y perderás el acceso en ese momento.",
            "Your subscription will be canceled, but is still available until the end of your billing period on {date}.":
                "Tu suscripción se cancelará, pero seguirá disponible hasta el final de tu período de facturación el {date}.",
            "If you change your mind, you can renew your subscription by subscribing again.":
                "Si cambias de opinión, puedes volver a suscribirte.",
            "If you change your mind, you can renew your subscription before then.":
                "Si cambias de opinión, puedes renovar tu suscripción antes de esa fecha.",
            "Cancel plan":
                "Cancelar plan",
            "Go back":
                "Volver",
            "Your plan has been canceled":
                "Tu plan se ha cancelado",
            "Your plan has been set to cancel":
                "Tu plan se cancelará",
            "Tell us why you're leaving":
                "Cuéntanos por qué te vas",
            "Your feedback helps us improve.":
                "Tus comentarios nos ayudan a mejorar.",
            "Anything else you'd like to share? (optional)":
                "¿Algo más que quieras contarnos? (opcional)",
            "Submit":
                "Enviar",
            "Skip":
                "Omitir",
            "Cancellation feedback":
                "Comentarios sobre la cancelación",
            "Update your plan":
                "Actualizar tu plan",
            "Quantity":
                "Cantidad",
            "Current plan":
                "Plan actual",
            "Change quantity":
                "Cambiar cantidad",
            "Select":
                "Seleccionar",
            "Your plan changes on {date}. You won't be charged until then.":
                "Tu plan cambia el {date}. No se te cobrará nada hasta entonces.",
            "Amount due today: {amount}.":
                "Importe a pagar hoy: {amount}.",
            "Your billing period restarts today; the new plan renews on {date}.":
                "Tu período de facturación comienza hoy de nuevo; el nuevo plan se renueva el {date}.",
            "Includes a prorated credit of {amount} for the unused time on your current plan.":
                "Incluye un crédito prorrateado de {amount} por el tiempo no utilizado de tu plan actual.",
            "No proration: nothing is charged or credited for the rest of this period. Your next invoice on {date} is for the new price.":
                "Sin prorrateo: no se cobra ni se abona nada por el resto de este período. Tu próxima factura del {date} será al nuevo precio.",
            "Prorated for the rest of the period (until {date}): {charge} for the new plan minus {credit} for the unused time on your current plan.":
                "Prorrateado por el resto del período (hasta el {date}): {charge} por el nuevo plan menos {credit} por el tiempo no utilizado de tu plan actual.",
            "{amount} in prorated charges will be added to your next invoice on {date}.":
                "Se añadirán {amount} en cargos prorrateados a tu próxima factura del {date}.",
            "A prorated credit of {amount} will be applied to your next invoice on {date}.":
                "Se aplicará un crédito prorrateado de {amount} a tu próxima factura del {date}.",
            "Confirm":
                "Confirmar",
            "Confirm your new plan":
                "Confirma tu nuevo plan",
            "New plan":
                "Nuevo plan",
            "Cancel":
                "Cancelar",
            "Your subscription will be paused: you won't be charged and you will lose access until you resume it.":
                "Tu suscripción se pausará: no se te cobrará y perderás el acceso hasta que la reanudes.",
            "Pause your subscription":
                "Pausar tu suscripción",
            "Pause subscription":
                "Pausar suscripción",
            "Your changes have been saved.":
                "Se han guardado tus cambios.",
            "All done":
                "Listo",
            "Return to {name}":
                "Volver a {name}",
            "View billing details":
                "Ver detalles de facturación",
            "Done":
                "Listo",
            "Payment method added":
                "Método de pago añadido",
            "Default payment method updated":
                "Método de pago predeterminado actualizado",
            "Payment method removed":
                "Método de pago eliminado",
            "Billing information updated":
                "Información de facturación actualizada",
            "Subscription paused":
                "Suscripción pausada",
            "Subscription resumed":
                "Suscripción reanudada",
            "Your plan will renew":
                "Tu plan se renovará",
            "Plan changed":
                "Plan cambiado",
            "Plan changes to {plan} on {date}":
                "El plan cambia a {plan} el {date}",
            "Plan changed to {plan}":
                "Plan cambiado a {plan}",
            "Make default":
                "Establecer como predeterminado",
            "Remove":
                "Eliminar",
            "No payment method on file.":
                "No hay ningún método de pago registrado.",
            "Test mode: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0341 attaches but every charge fails, 4000 0000 0000 0002 is declined.":
                "Modo de prueba: 4242 4242 4242 4242 funciona, 4000 0000 0000 0341 se guarda pero todos los cobros fallan, 4000 0000 0000 0002 se rechaza.",
            "Payment methods":
                "Métodos de pago",
            "Add a card":
                "Añadir una tarjeta",
            "Card number":
                "Número de tarjeta",
            "Expiration":
                "Vencimiento",
            "Or a test token":
                "O un token de prueba",
            "Add card":
                "Añadir tarjeta",
            "Name":
                "Nombre",
            "Email":
                "Correo electrónico",
            "Phone":
                "Teléfono",
            "Address line 1":
                "Dirección línea 1",
            "Address line 2":
                "Dirección línea 2",
            "City":
                "Ciudad",
            "State":
                "Estado / provincia",
            "Postal code":
                "Código postal",
            "Country":
                "País",
            "Billing information":
                "Información de facturación",
            "Save":
                "Guardar",
            "the site":
                "el sitio",
            "Terms":
                "Términos",
            "Privacy":
                "Privacidad",
            "Test mode":
                "Modo de prueba",
            "Stripe emulator customer portal":
                "Portal de clientes del emulador de Stripe",
            "Billing portal":
                "Portal de facturación",
            "This link is no longer valid":
                "Este enlace ya no es válido",
            "Portal links are short-lived and only work for the customer they were created for.":
                "Los enlaces del portal caducan pronto y solo funcionan para el cliente para el que se crearon.",
            "Link expired":
                "Enlace caducado",
            "Current subscription":
                "Suscripción actual",
            "You have no active subscriptions.":
                "No tienes suscripciones activas.",
            "Billing":
                "Facturación",
            "Subscription":
                "Suscripción",
            "{plan} daily":
                "{plan} diario",
            "{plan} weekly":
                "{plan} semanal",
            "{plan} monthly":
                "{plan} mensual",
            "{plan} yearly":
                "{plan} anual",
            "{amount} per day":
                "{amount} al día",
            "{amount} per week":
                "{amount} a la semana",
            "{amount} per month":
                "{amount} al mes",
            "{amount} per year":
                "{amount} al año",
            "{amount} every {count} days":
                "{amount} cada {count} días",
            "{amount} every {count} weeks":
                "{amount} cada {count} semanas",
            "{amount} every {count} months":
                "{amount} cada {count} meses",
            "{amount} every {count} years":
                "{amount} cada {count} años",
            "Cancels {date}":
                "Se cancela el {date}",
            "Payments paused":
                "Pagos pausados",
            "Active":
                "Activa",
            "Trial":
                "Prueba",
            "Past due":
                "Vencida",
            "Paused":
                "Pausada",
            "Canceled":
                "Cancelada",
            "{amount} off forever":
                "{amount} de descuento para siempre",
            "{amount} off for {months} months":
                "{amount} de descuento durante {months} meses",
            "{amount} off your next invoice":
                "{amount} de descuento en tu próxima factura",
            "Your trial ends on {date}.":
                "Tu prueba termina el {date}.",
            "Your plan will be canceled on {date}.":
                "Tu plan se cancelará el {date}.",
            "Your subscription is paused.":
                "Tu suscripción está pausada.",
            "Your plan renews on {date}.":
                "Tu plan se renueva el {date}.",
            "Changes to {plan} ({price}) on {date}.":
                "Cambia a {plan} ({price}) el {date}.",
            "Discount: {coupon} ({name}).":
                "Descuento: {coupon} ({name}).",
            "Update plan":
                "Actualizar plan",
            "Renew plan":
                "Renovar plan",
            "Resume subscription":
                "Reanudar suscripción",
            "Expires {date}":
                "Vence el {date}",
            "Default":
                "Predeterminado",
            "Payment method":
                "Método de pago",
            "Add payment method":
                "Añadir método de pago",
            "Manage payment methods":
                "Gestionar métodos de pago",
            "Billing address":
                "Dirección de facturación",
            "Update information":
                "Actualizar información",
            "Invoice history":
                "Historial de facturas",
            "No invoices yet.":
                "Aún no hay facturas.",
            "Paid":
                "Pagada",
            "Open":
                "Abierta",
            "Void":
                "Anulada",
            "Uncollectible":
                "Incobrable",
            "View":
                "Ver",
            "Changing plans is not available here.":
                "Aquí no se puede cambiar de plan.",
            "This subscription cannot be changed.":
                "Esta suscripción no se puede cambiar.",
            "A plan change is already scheduled for this subscription.":
                "Ya hay un cambio de plan programado para esta suscripción.",
            "Subscriptions with more than one item cannot be changed here.":
                "Las suscripciones con más de un artículo no se pueden cambiar aquí.",
            "That plan is not available.":
                "Ese plan no está disponible.",
            "Changing the plan is not allowed.":
                "No se permite cambiar de plan.",
            "That quantity is not allowed.":
                "Esa cantidad no está permitida.",
            "That is already your current plan.":
                "Ese ya es tu plan actual.",
            "Cancelling subscriptions is not available here.":
                "Aquí no se pueden cancelar suscripciones.",
            "This subscription is already canceled or set to cancel.":
                "Esta suscripción ya está cancelada o se cancelará.",
            "There is no cancellation waiting for a reason.":
                "No hay ninguna cancelación pendiente de motivo.",
            "Choose one of the listed reasons.":
                "Elige uno de los motivos de la lista.",
            "There is no offer for this subscription.":
                "No hay ninguna oferta para esta suscripción.",
            "This subscription can no longer be changed.":
                "Esta suscripción ya no se puede cambiar.",
            "This subscription is not set to cancel.":
                "Esta suscripción no está programada para cancelarse.",
            "Pausing subscriptions is not available here.":
                "Aquí no se pueden pausar suscripciones.",
            "Updating payment methods is not available here.":
                "Aquí no se pueden actualizar los métodos de pago.",
            "Unknown test token. Use one such as tok_visa or pm_card_mastercard.":
                "Token de prueba desconocido. Usa uno como tok_visa o pm_card_mastercard.",
            "Make another card the default before removing this one.":
                "Establece otra tarjeta como predeterminada antes de eliminar esta.",
            "Updating billing information is not available here.":
                "Aquí no se puede actualizar la información de facturación.",
            "Enter a valid email address.":
                "Introduce una dirección de correo electrónico válida.",
            "There is nothing to update.":
                "No hay nada que actualizar.",
            "Your card number is incorrect.":
                "El número de tu tarjeta es incorrecto.",
            "Your card's security code is incomplete.":
                "El código de seguridad de tu tarjeta está incompleto.",
            "Your card's expiration date is incomplete.":
                "La fecha de vencimiento de tu tarjeta está incompleta.",
            "Your card's expiration year is in the past.":
                "El año de vencimiento de tu tarjeta ya pasó.",
            "This link has expired or is not valid. Return to the site you came from and open the billing portal again.":
                "Este enlace ha caducado o no es válido. Vuelve al sitio del que venías y abre de nuevo el portal de facturación.",
            "This form has expired or did not come from this page. Reload the page and try again.":
                "Este formulario ha caducado o no procede de esta página. Recarga la página e inténtalo de nuevo.",
            "That item could not be found in your account.":
                "No se encontró ese elemento en tu cuenta.",
            "Your card has expired.":
                "Tu tarjeta ha caducado.",
            "Your card has insufficient funds.":
                "Tu tarjeta no tiene fondos suficientes.",
            "Your card was declined.":
                "Tu tarjeta ha sido rechazada.",
            "Your card's security code is incorrect.":
                "El código de seguridad de tu tarjeta es incorrecto.",
            "It's too expensive":
                "Es demasiado caro",
            "Some features are missing":
                "Faltan algunas funciones",
            "I'm switching to a different service":
                "Me cambio a otro servicio",
            "I don't use the service enough":
                "No uso el servicio lo suficiente",
            "Customer service was less than expected":
                "La atención al cliente no fue la esperada",
            "Ease of use was less than expected":
                "La facilidad de uso no fue la esperada",
            "Quality was less than expected":
                "La calidad no fue la esperada",
            "Other reason":
                "Otro motivo",
        ]
    )
}
