"""Test clocks (renewal, failed payment) and signed webhook delivery with retries."""

import time

import stripe
from conftest import Emulator, Receiver

START = 1767225600  # 2026-01-01T00:00:00Z


def setup_subscription(client, card, trial_days=None):
    clock = client.v1.test_helpers.test_clocks.create(params={"frozen_time": START})
    customer = client.v1.customers.create(
        params={"email": "clock@example.com", "test_clock": clock.id, "payment_method": card,
                "invoice_settings": {"default_payment_method": card}}
    )
    product = client.v1.products.create(params={"name": "Pro"})
    price = client.v1.prices.create(
        params={"product": product.id, "currency": "usd", "unit_amount": 2000, "recurring": {"interval": "month"}}
    )
    params = {"customer": customer.id, "items": [{"price": price.id}]}
    if trial_days:
        params["trial_period_days"] = trial_days
    return clock, customer, client.v1.subscriptions.create(params=params)


def advance(client, clock, to):
    client.v1.test_helpers.test_clocks.advance(clock.id, params={"frozen_time": to})
    for _ in range(100):
        if client.v1.test_helpers.test_clocks.retrieve(clock.id).status == "ready":
            return
        time.sleep(0.05)
    raise AssertionError("clock never became ready")


def test_clock_renewals(client):
    clock, customer, sub = setup_subscription(client, "pm_card_visa")
    advance(client, clock, START + 65 * 86400)
    renewed = client.v1.subscriptions.retrieve(sub.id)
    assert renewed.status == "active"
    invoices = client.v1.invoices.list(params={"customer": customer.id})
    assert len(invoices.data) == 3
    assert [i.billing_reason for i in invoices.data] == ["subscription_cycle", "subscription_cycle",
                                                          "subscription_create"]
    assert all(i.status == "paid" for i in invoices.data)


def test_failed_payment_goes_past_due(client):
    clock, customer, sub = setup_subscription(client, "pm_card_chargeCustomerFail", trial_days=7)
    assert sub.status == "trialing"
    advance(client, clock, START + 8 * 86400)
    past_due = client.v1.subscriptions.retrieve(sub.id, params={"expand": ["latest_invoice"]})
    assert past_due.status == "past_due"
    assert past_due.latest_invoice.status == "open"
    failed = client.v1.events.list(params={"type": "invoice.payment_failed"})
    assert len(failed.data) == 1


def test_webhooks_are_signed_and_verifiable(client, receiver):
    endpoint = client.v1.webhook_endpoints.create(params={"url": receiver.url, "enabled_events": ["*"]})
    assert endpoint.secret.startswith("whsec_")
    assert "secret" not in client.v1.webhook_endpoints.retrieve(endpoint.id).to_dict()
    customer = client.v1.customers.create(params={"email": "hook@example.com"})
    receiver.wait_for_event("customer.created")
    for headers, body in receiver.requests:
        event = stripe.Webhook.construct_event(body.decode(), headers["Stripe-Signature"], endpoint.secret)
        assert event.data.object.id == customer.id
        assert headers["User-Agent"] == "Stripe/1.0 (+https://stripe.com/docs/webhooks)"
        assert headers["Content-Type"].startswith("application/json")


def test_failing_endpoint_gets_the_event_on_the_third_try():
    receiver = Receiver(fail_first=2)
    emulator = Emulator(extra_args=("--webhook-retry-delays", "0.2,0.4,0.8"))
    try:
        endpoint = emulator.client.v1.webhook_endpoints.create(
            params={"url": receiver.url, "enabled_events": ["customer.created"]}
        )
        customer = emulator.client.v1.customers.create(params={"email": "retry@example.com"})
        deadline = time.time() + 10
        while time.time() < deadline and len(receiver.requests) < 3:
            time.sleep(0.05)
        assert len(receiver.requests) == 3
        bodies = {body for _, body in receiver.requests}
        assert len(bodies) == 1
        for headers, body in receiver.requests:
            event = stripe.Webhook.construct_event(body.decode(), headers["Stripe-Signature"], endpoint.secret)
            assert event.type == "customer.created" and event.data.object.id == customer.id
        attempts = [d for d in emulator.deliveries() if d["endpoint"] == endpoint.id]
        assert [a["attempt"] for a in attempts] == [1, 2, 3]
        assert [a["succeeded"] for a in attempts] == [False, False, True]
        time.sleep(0.3)
        event = emulator.client.v1.events.list(params={"type": "customer.created"}).data[0]
        assert event.pending_webhooks == 0
    finally:
        emulator.stop()
        receiver.close()


def test_forward_to_prints_a_secret_and_delivers_everything():
    receiver = Receiver()
    emulator = Emulator(extra_args=("--forward-to", receiver.url, "--webhook-secret", "whsec_fixed"))
    try:
        emulator.client.v1.products.create(params={"name": "Forwarded"})
        event = receiver.wait_for_event("product.created")[0]
        headers, body = receiver.requests[0]
        assert stripe.Webhook.construct_event(body.decode(), headers["Stripe-Signature"], "whsec_fixed").id == event["id"]
    finally:
        emulator.stop()
        receiver.close()
