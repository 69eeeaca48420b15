"""The customer → price → subscription → invoice → cancel lifecycle through the official SDK."""

import urllib.request

import pytest
import stripe


def make_price(client, amount=2000, interval="month"):
    product = client.v1.products.create(params={"name": "Pro"})
    return client.v1.prices.create(
        params={"product": product.id, "currency": "usd", "unit_amount": amount, "recurring": {"interval": interval}}
    )


def make_customer(client, card="pm_card_visa", **extra):
    return client.v1.customers.create(
        params={"email": "amy@example.com", "payment_method": card,
                "invoice_settings": {"default_payment_method": card}, **extra}
    )


def test_lifecycle(client, emulator):
    customer = make_customer(client)
    assert customer.id.startswith("cus_")
    assert customer.invoice_settings.default_payment_method.startswith("pm_")
    assert customer.address is None and customer.test_clock is None

    price = make_price(client, 2000)
    sub = client.v1.subscriptions.create(
        params={"customer": customer.id, "items": [{"price": price.id}], "expand": ["latest_invoice"]}
    )
    assert sub.status == "active"
    assert sub.items.data[0].current_period_end > sub.items.data[0].current_period_start
    assert sub.pause_collection is None and sub.cancel_at is None
    invoice = sub.latest_invoice
    assert invoice.status == "paid" and invoice.amount_paid == 2000
    assert invoice.parent.subscription_details.subscription == sub.id
    assert invoice.lines.data[0].pricing.price_details.price == price.id

    with urllib.request.urlopen(invoice.invoice_pdf, timeout=5) as r:
        pdf = r.read()
    assert pdf.startswith(b"%PDF-1.4") and invoice.number.encode() in pdf
    with urllib.request.urlopen(invoice.hosted_invoice_url, timeout=5) as r:
        assert b"<html" in r.read()

    updated = client.v1.subscriptions.update(
        sub.id, params={"cancel_at_period_end": True, "cancellation_details": {"feedback": "too_expensive"}}
    )
    assert updated.cancel_at_period_end is True
    assert updated.cancellation_details.reason == "cancellation_requested"
    assert updated.cancellation_details.feedback == "too_expensive"

    resumed = client.v1.subscriptions.update(sub.id, params={"cancel_at_period_end": False})
    assert resumed.cancel_at is None and resumed.canceled_at is None

    canceled = client.v1.subscriptions.cancel(sub.id)
    assert canceled.status == "canceled" and canceled.ended_at is not None

    events = client.v1.events.list(params={"type": "customer.subscription.updated"})
    assert len(events.data) == 2
    assert events.data[1].data.previous_attributes.cancel_at_period_end is False
    assert events.data[0].request.id.startswith("req_")


def test_plan_change_and_coupon(client):
    customer = make_customer(client, card="pm_card_mastercard")
    basic, pro = make_price(client, 1000), make_price(client, 3000)
    coupon = client.v1.coupons.create(params={"percent_off": 50, "duration": "forever"})
    sub = client.v1.subscriptions.create(
        params={"customer": customer.id, "items": [{"price": basic.id}], "discounts": [{"coupon": coupon.id}],
                "expand": ["latest_invoice"]}
    )
    assert sub.latest_invoice.total == 500
    changed = client.v1.subscriptions.update(
        sub.id,
        params={"items": [{"id": sub.items.data[0].id, "price": pro.id, "quantity": 2}],
                "proration_behavior": "none"},
    )
    assert changed.items.data[0].price.id == pro.id and changed.items.data[0].quantity == 2
    event = client.v1.events.list(params={"type": "customer.subscription.updated"}).data[0]
    assert event.data.previous_attributes.to_dict()["items"]["data"][0]["price"]["id"] == basic.id


def test_payment_methods_attach_detach_and_declines(client):
    customer = client.v1.customers.create(params={"email": "pm@example.com"})
    pm = client.v1.payment_methods.attach("pm_card_amex", params={"customer": customer.id})
    assert pm.card.brand == "amex" and pm.customer == customer.id
    listed = client.v1.customers.payment_methods.list(customer.id)
    assert [m.id for m in listed.data] == [pm.id]
    detached = client.v1.payment_methods.detach(pm.id)
    assert detached.customer is None
    with pytest.raises(stripe.CardError) as error:
        client.v1.payment_methods.attach("pm_card_visa_chargeDeclined", params={"customer": customer.id})
    assert error.value.code == "card_declined"


def test_lookup_keys_and_expand(client):
    product = client.v1.products.create(params={"name": "Team"})
    client.v1.prices.create(params={"product": product.id, "currency": "usd", "unit_amount": 900,
                                    "recurring": {"interval": "month"}, "lookup_key": "team_monthly"})
    prices = client.v1.prices.list(params={"lookup_keys": ["team_monthly"], "expand": ["data.product"]})
    assert len(prices.data) == 1 and prices.data[0].product.name == "Team"
