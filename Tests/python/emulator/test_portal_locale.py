"""Portal session locales through the official SDK: a Japanese session renders Japanese, an unknown locale is
refused with Stripe's error envelope."""

import urllib.request

import pytest
import stripe


def _customer_with_subscription(client):
    product = client.v1.products.create(params={"name": "Pro"})
    price = client.v1.prices.create(params={"product": product.id, "currency": "jpy", "unit_amount": 1200,
                                            "recurring": {"interval": "month"}})
    customer = client.v1.customers.create(params={"email": "hana@example.com", "payment_method": "pm_card_visa",
                                                  "invoice_settings": {"default_payment_method": "pm_card_visa"}})
    client.v1.subscriptions.create(params={"customer": customer.id, "items": [{"price": price.id}]})
    return customer


def test_a_japanese_session_renders_in_japanese(client):
    customer = _customer_with_subscription(client)

    session = client.v1.billing_portal.sessions.create(params={
        "customer": customer.id, "return_url": "https://app.example/billing", "locale": "ja"})

    assert session.locale == "ja"
    request = urllib.request.Request(session.url, headers={"Accept-Language": "de"})
    with urllib.request.urlopen(request, timeout=5) as response:
        page = response.read().decode()
    assert '<html lang="ja">' in page
    assert "現在のサブスクリプション" in page and "支払い方法" in page
    assert "Current subscription" not in page and "Aktuelles Abo" not in page
    # A zero-decimal currency: 1200 is ¥1,200, not ¥12.00.
    assert "1,200" in page and "12.00" not in page


def test_an_unknown_locale_is_an_invalid_request(client):
    customer = _customer_with_subscription(client)

    with pytest.raises(stripe.InvalidRequestError) as error:
        client.v1.billing_portal.sessions.create(params={
            "customer": customer.id, "return_url": "https://app.example/billing", "locale": "klingon"})

    assert error.value.http_status == 400
    assert error.value.param == "locale"
    assert error.value.code == "parameter_invalid"
    assert error.value.user_message.startswith("Invalid locale: must be one of auto, bg, cs, da, de,")
    assert "ja" in error.value.user_message.split(", ")
    assert error.value.error.type == "invalid_request_error"
