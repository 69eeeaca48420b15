"""Checkout Sessions, promotion codes and the hosted Checkout page, driven by the official stripe SDK and plain
HTTP form posts (the page is server-rendered HTML with a per-session CSRF token)."""

import re
import time
from urllib.parse import urlsplit

import pytest
import requests
import stripe
from conftest import Emulator

START = 1767225600  # 2026-01-01T00:00:00Z
SUCCESS = "https://app.example.com/billing/success?session={CHECKOUT_SESSION_ID}"
CANCEL = "https://app.example.com/billing?canceled=1"


@pytest.fixture
def catalog(client):
    product = client.v1.products.create(params={"name": "Acme Notes Pro"})
    monthly = client.v1.prices.create(
        params={"product": product.id, "currency": "usd", "unit_amount": 1200, "recurring": {"interval": "month"}}
    )
    one_time = client.v1.prices.create(params={"product": product.id, "currency": "usd", "unit_amount": 5000})
    coupon = client.v1.coupons.create(params={"id": "SAVE20", "percent_off": 20, "duration": "forever"})
    promo = client.v1.promotion_codes.create(
        params={"promotion": {"type": "coupon", "coupon": coupon.id}, "code": "LAUNCH20", "max_redemptions": 3}
    )
    return {"monthly": monthly, "one_time": one_time, "coupon": coupon, "promo": promo}


def subscription_session(client, catalog, **extra):
    params = {
        "mode": "subscription",
        "line_items": [{"price": catalog["monthly"].id, "quantity": 1}],
        "success_url": SUCCESS,
        "cancel_url": CANCEL,
    }
    params.update(extra)
    return client.v1.checkout.sessions.create(params=params)


class Page:
    """The hosted Checkout page in a plain HTTP client: GET it, read the CSRF token, POST its forms."""

    def __init__(self, emulator, session):
        self.url = f"{emulator.base}{urlsplit(session.url).path}"
        self.http = requests.Session()
        self.html = self.reload().text
        self.csrf = re.search(r'name="csrf" value="([^"]+)"', self.html).group(1)

    def reload(self):
        return self.http.get(self.url, timeout=10)

    def post(self, action="", csrf=True, **fields):
        if csrf:
            fields["csrf"] = self.csrf
        return self.http.post(self.url + action, data=fields, allow_redirects=False, timeout=10)

    def pay(self, number, email=None):
        fields = {"number": number, "expiry": "12 / 34", "cvc": "123"}
        if email:
            fields["email"] = email
        return self.post(**fields)


def error_of(call):
    with pytest.raises(stripe.StripeError) as caught:
        call()
    return caught.value


# -- the API ------------------------------------------------------------------------------------------------------


def test_subscription_session_echoes_every_parameter(client, catalog):
    customer = client.v1.customers.create(params={"email": "amy@example.com"})
    expires_at = int(time.time()) + 3600
    session = subscription_session(
        client,
        catalog,
        customer=customer.id,
        client_reference_id="account-42",
        allow_promotion_codes=True,
        subscription_data={"trial_period_days": 14, "metadata": {"account_id": "42"}},
        expires_at=expires_at,
        metadata={"plan": "pro"},
    )
    assert session.object == "checkout.session"
    assert session.id.startswith("cs_test_")
    assert session.mode == "subscription"
    assert session.status == "open"
    assert session.payment_status == "unpaid"
    assert session.customer == customer.id
    assert session.client_reference_id == "account-42"
    assert session.success_url == SUCCESS
    assert session.cancel_url == CANCEL
    assert session.allow_promotion_codes is True
    assert session.expires_at == expires_at
    assert session.metadata.to_dict() == {"plan": "pro"}
    assert session.url.endswith(f"/c/pay/{session.id}")
    assert session.subscription is None and session.invoice is None
    assert session.currency == "usd"
    assert session.ui_mode == "hosted_page"
    assert session.amount_total == 0  # a trial: nothing due today

    assert client.v1.checkout.sessions.retrieve(session.id).to_dict() == session.to_dict()
    lines = client.v1.checkout.sessions.line_items.list(session.id)
    assert [(line.price.id, line.quantity) for line in lines.data] == [(catalog["monthly"].id, 1)]
    expanded = client.v1.checkout.sessions.retrieve(session.id, params={"expand": ["line_items", "customer"]})
    assert expanded.line_items.data[0].amount_total == 1200
    assert expanded.customer.email == "amy@example.com"
    listed = client.v1.checkout.sessions.list(params={"customer": customer.id, "status": "open"})
    assert [s.id for s in listed.data] == [session.id]
    assert client.v1.checkout.sessions.list(params={"status": "complete"}).data == []


def test_session_with_a_coupon_discount(client, catalog):
    session = subscription_session(client, catalog, discounts=[{"coupon": catalog["coupon"].id}])
    assert session.amount_subtotal == 1200
    assert session.amount_total == 960
    assert session.total_details.amount_discount == 240
    assert session.discounts[0].coupon == "SAVE20"


def test_payment_and_setup_modes(client, catalog):
    payment = client.v1.checkout.sessions.create(
        params={"mode": "payment", "line_items": [{"price": catalog["one_time"].id, "quantity": 2}],
                "success_url": SUCCESS}
    )
    assert payment.mode == "payment" and payment.amount_total == 10000 and payment.customer_creation == "if_required"
    customer = client.v1.customers.create(params={"email": "setup@example.com"})
    setup = client.v1.checkout.sessions.create(
        params={"mode": "setup", "customer": customer.id, "currency": "usd", "success_url": SUCCESS}
    )
    assert setup.mode == "setup" and setup.payment_status == "no_payment_required"


ERRORS = [
    ("unknown price", {"line_items": [{"price": "price_nope", "quantity": 1}]},
     404, "resource_missing", "line_items[0][price]"),
    ("only one-time prices in subscription mode", {"line_items": [{"price": "ONE_TIME", "quantity": 1}]},
     400, "parameter_invalid", "line_items"),
    ("recurring price in payment mode",
     {"mode": "payment", "line_items": [{"price": "ONE_TIME", "quantity": 1}, {"price": "MONTHLY", "quantity": 1}]},
     400, "parameter_invalid", "line_items[1][price]"),
    ("missing success_url", {"success_url": None}, 400, "parameter_missing", "success_url"),
    ("invalid success_url", {"success_url": "not a url"}, 400, "parameter_invalid", "success_url"),
    ("missing mode", {"mode": None}, 400, "parameter_missing", "mode"),
    ("missing quantity", {"line_items": [{"price": "MONTHLY"}]}, 400, "parameter_missing", "line_items[0][quantity]"),
    ("promotion codes and discounts", {"allow_promotion_codes": True, "discounts": [{"coupon": "SAVE20"}]},
     400, "parameter_invalid", "discounts"),
    ("unknown promotion code", {"discounts": [{"promotion_code": "promo_nope"}]},
     404, "resource_missing", "discounts[0][promotion_code]"),
    ("unknown coupon", {"discounts": [{"coupon": "NOPE"}]}, 404, "resource_missing", "discounts[0][coupon]"),
    ("expires_at beyond 24 hours", {"expires_at": "IN_25_HOURS"}, 400, "parameter_invalid", "expires_at"),
    ("expires_at under 30 minutes", {"expires_at": "IN_10_MINUTES"}, 400, "parameter_invalid", "expires_at"),
    ("trial in payment mode",
     {"mode": "payment", "line_items": [{"price": "ONE_TIME", "quantity": 1}],
      "subscription_data": {"trial_period_days": 7}},
     400, "parameter_invalid", "subscription_data"),
    ("trial_end within 48 hours", {"subscription_data": {"trial_end": "IN_10_MINUTES"}},
     400, "parameter_invalid", "subscription_data[trial_end]"),
    ("zero trial days", {"subscription_data": {"trial_period_days": 0}},
     400, "parameter_invalid", "subscription_data[trial_period_days]"),
    ("unknown customer", {"customer": "cus_nope"}, 404, "resource_missing", "customer"),
    ("unknown parameter", {"shipping_rate": "x"}, 400, "parameter_unknown", "shipping_rate"),
    ("embedded page", {"ui_mode": "embedded_page"}, 400, "parameter_invalid", "ui_mode"),
    ("pre-endive ui_mode value", {"ui_mode": "hosted"}, 400, "parameter_invalid", "ui_mode"),
]


@pytest.mark.parametrize("name,changes,status,code,param", ERRORS, ids=[e[0] for e in ERRORS])
def test_create_errors_carry_stripes_code_and_param(client, catalog, name, changes, status, code, param):
    substitutes = {"ONE_TIME": catalog["one_time"].id, "MONTHLY": catalog["monthly"].id,
                   "IN_25_HOURS": int(time.time()) + 25 * 3600, "IN_10_MINUTES": int(time.time()) + 600}
    params = {"mode": "subscription", "line_items": [{"price": catalog["monthly"].id, "quantity": 1}],
              "success_url": SUCCESS}
    for key, value in changes.items():
        if value is None:
            params.pop(key)
        else:
            params[key] = value
    for item in params.get("line_items", []):
        item["price"] = substitutes.get(item["price"], item["price"])
    if "expires_at" in params:
        params["expires_at"] = substitutes[params["expires_at"]]
    if "trial_end" in params.get("subscription_data", {}):
        params["subscription_data"]["trial_end"] = substitutes[params["subscription_data"]["trial_end"]]
    error = error_of(lambda: client.v1.checkout.sessions.create(params=params))
    assert isinstance(error, stripe.InvalidRequestError)
    assert (error.http_status, error.code, error.param) == (status, code, param)
    assert error.error.type == "invalid_request_error"
    assert client.v1.checkout.sessions.list().data == []


def test_expire_refuses_payment_and_emits_its_event(client, catalog, emulator):
    session = subscription_session(client, catalog)
    page = Page(emulator, session)
    expired = client.v1.checkout.sessions.expire(session.id)
    assert expired.status == "expired"
    assert expired.url is None
    again = error_of(lambda: client.v1.checkout.sessions.expire(session.id))
    assert again.http_status == 400
    assert page.pay("4242424242424242", email="late@example.com").status_code == 410
    assert page.reload().status_code == 410
    events = client.v1.events.list(params={"type": "checkout.session.expired"})
    assert [e.data.object.id for e in events.data] == [session.id]
    assert client.v1.customers.list().data == []
    assert error_of(lambda: client.v1.checkout.sessions.expire("cs_test_nope")).code == "resource_missing"


# -- promotion codes ----------------------------------------------------------------------------------------------


def test_promotion_codes_create_retrieve_list_and_update(client, catalog):
    promo = catalog["promo"]
    assert promo.object == "promotion_code"
    assert promo.id.startswith("promo_")
    assert promo.code == "LAUNCH20" and promo.active is True
    assert promo.promotion.type == "coupon" and promo.promotion.coupon == "SAVE20"
    assert promo.max_redemptions == 3 and promo.times_redeemed == 0
    expanded = client.v1.promotion_codes.retrieve(promo.id, params={"expand": ["promotion.coupon"]})
    assert expanded.promotion.coupon.percent_off == 20

    duplicate = error_of(lambda: client.v1.promotion_codes.create(
        params={"promotion": {"type": "coupon", "coupon": "SAVE20"}, "code": "launch20"}))
    assert duplicate.param == "code"
    missing = error_of(lambda: client.v1.promotion_codes.create(
        params={"promotion": {"type": "coupon", "coupon": "NOPE"}}))
    assert (missing.code, missing.param) == ("resource_missing", "promotion[coupon]")

    updated = client.v1.promotion_codes.update(promo.id, params={"active": False, "metadata": {"campaign": "x"}})
    assert updated.active is False and updated.metadata.to_dict() == {"campaign": "x"}
    second = client.v1.promotion_codes.create(
        params={"promotion": {"type": "coupon", "coupon": "SAVE20"}, "code": "Launch20",
                "expires_at": int(time.time()) + 86400}
    )
    generated = client.v1.promotion_codes.create(params={"promotion": {"type": "coupon", "coupon": "SAVE20"}})
    assert generated.code

    by_code = client.v1.promotion_codes.list(params={"code": "LAUNCH20"})
    assert {p.id for p in by_code.data} == {promo.id, second.id}
    active = client.v1.promotion_codes.list(params={"code": "launch20", "active": True})
    assert [p.id for p in active.data] == [second.id]
    inactive = client.v1.promotion_codes.list(params={"active": False})
    assert [p.id for p in inactive.data] == [promo.id]
    assert len(client.v1.promotion_codes.list(params={"coupon": "SAVE20"}).data) == 3
    clash = error_of(lambda: client.v1.promotion_codes.update(promo.id, params={"active": True}))
    assert clash.param == "code"
    immutable = error_of(lambda: client.v1.promotion_codes.update(promo.id, params={"code": "OTHER"}))
    assert (immutable.code, immutable.param) == ("parameter_unknown", "code")


def test_inactive_promotion_code_is_refused_at_session_creation(client, catalog):
    client.v1.promotion_codes.update(catalog["promo"].id, params={"active": False})
    error = error_of(lambda: subscription_session(
        client, catalog, discounts=[{"promotion_code": catalog["promo"].id}]))
    assert (error.code, error.param) == ("parameter_invalid", "discounts[0][promotion_code]")


# -- the hosted page ----------------------------------------------------------------------------------------------


def test_declined_card_leaves_nothing_then_a_good_card_subscribes(client, catalog, emulator, receiver):
    endpoint = client.v1.webhook_endpoints.create(
        params={"url": receiver.url, "enabled_events": ["checkout.session.completed"]}
    )
    session = subscription_session(client, catalog, client_reference_id="account-7")
    page = Page(emulator, session)
    assert "$12.00/month" in page.html
    assert f'href="{CANCEL.replace("&", "&amp;")}"' in page.html

    declined = page.pay("4000000000000002", email="new@example.com")
    assert declined.status_code == 402
    assert "Your card was declined." in declined.text
    assert client.v1.customers.list().data == []
    assert client.v1.subscriptions.list(params={"status": "all"}).data == []
    assert client.v1.checkout.sessions.retrieve(session.id).status == "open"

    assert page.post(csrf=False, number="4242424242424242", expiry="12/34", cvc="123",
                     email="new@example.com").status_code == 403
    paid = page.pay("4242 4242 4242 4242", email="new@example.com")
    assert paid.status_code == 303
    assert paid.headers["Location"] == f"https://app.example.com/billing/success?session={session.id}"

    done = client.v1.checkout.sessions.retrieve(session.id, params={"expand": ["subscription", "invoice"]})
    assert done.status == "complete" and done.payment_status == "paid"
    assert done.customer_details.email == "new@example.com"
    assert done.subscription.status == "active"
    assert done.invoice.status == "paid" and done.invoice.amount_paid == 1200
    customer = client.v1.customers.retrieve(done.customer)
    assert customer.email == "new@example.com"
    method = customer.invoice_settings.default_payment_method
    assert client.v1.payment_methods.retrieve(method).card.last4 == "4242"
    events = [e.type for e in reversed(client.v1.events.list(params={"limit": 100}).data)]
    tail = events[events.index("customer.created"):]
    assert tail == ["customer.created", "payment_method.attached", "customer.updated", "customer.subscription.created",
                    "invoice.created", "invoice.finalized", "invoice.paid", "invoice.payment_succeeded",
                    "checkout.session.completed"]
    delivered = receiver.wait_for_event("checkout.session.completed")[0]
    assert delivered["data"]["object"]["client_reference_id"] == "account-7"
    assert delivered["data"]["object"]["subscription"] == done.subscription.id
    headers, body = receiver.requests[0]
    event = stripe.Webhook.construct_event(body.decode(), headers["Stripe-Signature"], endpoint.secret)
    assert isinstance(event.data.object, stripe.checkout.Session)
    assert event.data.object.status == "complete" and event.data.object.url is None


def test_promotion_code_on_the_page_discounts_the_first_invoice(client, catalog, emulator):
    session = subscription_session(client, catalog, allow_promotion_codes=True)
    page = Page(emulator, session)
    bad = page.post("/promotion", code="NOPE")
    assert bad.status_code == 400 and "This code is invalid." in bad.text
    assert page.post("/promotion", code="launch20").status_code == 303
    shown = page.reload().text
    assert "LAUNCH20" in shown and "-$2.40" in shown and "$9.60" in shown
    assert page.pay("4242424242424242", email="promo@example.com").status_code == 303

    done = client.v1.checkout.sessions.retrieve(session.id)
    assert done.amount_total == 960 and done.total_details.amount_discount == 240
    assert done.discounts[0].promotion_code == catalog["promo"].id
    invoice = client.v1.invoices.retrieve(done.invoice)
    assert invoice.amount_paid == 960
    sub = client.v1.subscriptions.retrieve(done.subscription, params={"expand": ["discounts"]})
    assert sub.discounts[0].promotion_code == catalog["promo"].id
    assert sub.discounts[0].checkout_session == session.id
    assert client.v1.promotion_codes.retrieve(catalog["promo"].id).times_redeemed == 1


def test_promotion_codes_are_refused_when_the_session_does_not_allow_them(client, catalog, emulator):
    page = Page(emulator, subscription_session(client, catalog))
    refused = page.post("/promotion", code="LAUNCH20")
    assert refused.status_code == 400


def test_trial_session_starts_trialing_with_a_zero_invoice(client, catalog, emulator):
    session = subscription_session(client, catalog, subscription_data={"trial_period_days": 14})
    page = Page(emulator, session)
    assert "14 days free, then $12.00/month" in page.html
    assert page.pay("4242424242424242", email="trial@example.com").status_code == 303
    done = client.v1.checkout.sessions.retrieve(session.id, params={"expand": ["subscription", "invoice"]})
    assert done.payment_status == "no_payment_required"
    assert done.subscription.status == "trialing"
    assert done.subscription.trial_end - done.subscription.trial_start == 14 * 86400
    assert done.invoice.amount_due == 0 and done.invoice.status == "paid"


def test_trial_ending_at_a_fixed_time(client, catalog, emulator):
    trial_end = int(time.time()) + 5 * 86400 + 60
    session = subscription_session(client, catalog, subscription_data={"trial_end": trial_end})
    page = Page(emulator, session)
    assert "5 days free, then $12.00/month" in page.html
    assert page.pay("4242424242424242", email="fixed@example.com").status_code == 303
    sub = client.v1.subscriptions.retrieve(client.v1.checkout.sessions.retrieve(session.id).subscription)
    assert sub.status == "trialing" and sub.trial_end == trial_end


def test_trial_will_end_and_trial_end_on_a_test_clock(client, catalog, emulator):
    clock = client.v1.test_helpers.test_clocks.create(params={"frozen_time": START})
    customer = client.v1.customers.create(params={"email": "clock@example.com", "test_clock": clock.id})
    session = subscription_session(client, catalog, customer=customer.id,
                                   subscription_data={"trial_period_days": 14})
    assert Page(emulator, session).pay("4242424242424242").status_code == 303
    subscription_id = client.v1.checkout.sessions.retrieve(session.id).subscription

    def advance(days):
        client.v1.test_helpers.test_clocks.advance(clock.id, params={"frozen_time": START + days * 86400})

    def notices():
        return client.v1.events.list(params={"type": "customer.subscription.trial_will_end"}).data

    advance(10)
    assert notices() == []
    advance(11)
    sent = notices()
    assert len(sent) == 1
    assert sent[0].data.object.id == subscription_id
    assert sent[0].created == START + 11 * 86400
    advance(13)
    assert len(notices()) == 1
    advance(15)
    assert len(notices()) == 1
    active = client.v1.subscriptions.retrieve(subscription_id, params={"expand": ["latest_invoice"]})
    assert active.status == "active"
    assert active.latest_invoice.status == "paid" and active.latest_invoice.amount_paid == 1200


def test_trial_with_a_card_that_fails_goes_past_due(client, catalog, emulator):
    clock = client.v1.test_helpers.test_clocks.create(params={"frozen_time": START})
    customer = client.v1.customers.create(params={"email": "fail@example.com", "test_clock": clock.id})
    session = subscription_session(client, catalog, customer=customer.id,
                                   subscription_data={"trial_period_days": 7})
    assert Page(emulator, session).pay("4000000000000341").status_code == 303
    client.v1.test_helpers.test_clocks.advance(clock.id, params={"frozen_time": START + 8 * 86400})
    sub = client.v1.subscriptions.retrieve(client.v1.checkout.sessions.retrieve(session.id).subscription)
    assert sub.status == "past_due"
    assert len(client.v1.events.list(params={"type": "invoice.payment_failed"}).data) == 1


@pytest.mark.parametrize("behavior,status", [("cancel", "canceled"), ("pause", "paused"),
                                             ("create_invoice", "past_due")])
def test_trial_end_without_a_payment_method(client, catalog, behavior, status):
    clock = client.v1.test_helpers.test_clocks.create(params={"frozen_time": START})
    customer = client.v1.customers.create(params={"email": "nocard@example.com", "test_clock": clock.id})
    sub = client.v1.subscriptions.create(
        params={"customer": customer.id, "items": [{"price": catalog["monthly"].id}], "trial_period_days": 7,
                "trial_settings": {"end_behavior": {"missing_payment_method": behavior}}}
    )
    assert sub.trial_settings.end_behavior.missing_payment_method == behavior
    client.v1.test_helpers.test_clocks.advance(clock.id, params={"frozen_time": START + 8 * 86400})
    assert client.v1.subscriptions.retrieve(sub.id).status == status


def test_a_setup_fee_joins_the_first_invoice(client, catalog, emulator):
    session = subscription_session(
        client, catalog, line_items=[{"price": catalog["monthly"].id, "quantity": 1},
                                     {"price": catalog["one_time"].id, "quantity": 1}]
    )
    assert (session.amount_subtotal, session.amount_total) == (6200, 6200)
    assert Page(emulator, session).pay("4242424242424242", email="fee@example.com").status_code == 303
    invoice = client.v1.invoices.retrieve(client.v1.checkout.sessions.retrieve(session.id).invoice)
    assert invoice.amount_paid == 6200
    assert sorted(line.amount for line in invoice.lines.data) == [1200, 5000]

    customer = client.v1.customers.create(params={"email": "api@example.com", "payment_method": "pm_card_visa",
                                                  "invoice_settings": {"default_payment_method": "pm_card_visa"}})
    sub = client.v1.subscriptions.create(
        params={"customer": customer.id, "items": [{"price": catalog["monthly"].id}],
                "add_invoice_items": [{"price": catalog["one_time"].id, "quantity": 2}], "trial_period_days": 7,
                "expand": ["latest_invoice"]}
    )
    assert sub.status == "trialing" and sub.latest_invoice.amount_paid == 10000
    wrong = error_of(lambda: client.v1.subscriptions.create(
        params={"customer": customer.id, "items": [{"price": catalog["monthly"].id}],
                "add_invoice_items": [{"price": catalog["monthly"].id}]}))
    assert wrong.param == "add_invoice_items[0][price]"


def test_payment_and_setup_sessions_complete_on_the_page(client, catalog, emulator):
    payment = client.v1.checkout.sessions.create(
        params={"mode": "payment", "line_items": [{"price": catalog["one_time"].id, "quantity": 2}],
                "success_url": SUCCESS, "customer_creation": "always", "discounts": [{"coupon": "SAVE20"}]}
    )
    page = Page(emulator, payment)
    assert "$100.00" in page.html and "-$20.00" in page.html
    assert page.pay("4000000000000002", email="buyer@example.com").status_code == 402
    assert client.v1.customers.list().data == []
    assert page.pay("4242424242424242", email="buyer@example.com").status_code == 303
    paid = client.v1.checkout.sessions.retrieve(payment.id)
    assert (paid.status, paid.payment_status, paid.amount_total) == ("complete", "paid", 8000)
    assert paid.subscription is None
    assert client.v1.customers.retrieve(paid.customer).email == "buyer@example.com"

    customer = client.v1.customers.create(params={"email": "saver@example.com"})
    setup = client.v1.checkout.sessions.create(
        params={"mode": "setup", "customer": customer.id, "currency": "usd", "success_url": SUCCESS}
    )
    assert Page(emulator, setup).pay("5555555555554444").status_code == 303
    saved = client.v1.checkout.sessions.retrieve(setup.id)
    assert (saved.status, saved.payment_status) == ("complete", "no_payment_required")
    methods = client.v1.payment_methods.list(params={"customer": customer.id, "type": "card"}).data
    assert [m.card.last4 for m in methods] == ["4444"]
    assert client.v1.subscriptions.list(params={"customer": customer.id}).data == []


def test_an_open_session_survives_a_restart_with_its_line_items_and_trial(tmp_path):
    state = tmp_path / "state.json"
    first = Emulator(extra_args=("--state-file", str(state)))
    try:
        client = first.client
        product = client.v1.products.create(params={"name": "Pro"})
        price = client.v1.prices.create(
            params={"product": product.id, "currency": "usd", "unit_amount": 1200, "recurring": {"interval": "month"}}
        )
        session = client.v1.checkout.sessions.create(
            params={"mode": "subscription", "line_items": [{"price": price.id, "quantity": 3}],
                    "success_url": SUCCESS, "subscription_data": {"trial_period_days": 7}}
        )
    finally:
        first.stop()
    second = Emulator(extra_args=("--state-file", str(state)))
    try:
        page = Page(second, session)
        assert "7 days free, then $36.00/month" in page.html
        assert page.pay("4242424242424242", email="after@example.com").status_code == 303
        done = second.client.v1.checkout.sessions.retrieve(session.id, params={"expand": ["subscription"]})
        assert done.subscription.status == "trialing"
        assert done.subscription["items"].data[0].quantity == 3
    finally:
        second.stop()


def test_session_metadata_can_be_updated(client, catalog):
    session = subscription_session(client, catalog, metadata={"plan": "pro", "source": "pricing"})
    updated = client.v1.checkout.sessions.update(session.id, params={"metadata": {"source": "", "campaign": "fall"}})
    assert updated.metadata.to_dict() == {"plan": "pro", "campaign": "fall"}
    assert client.v1.checkout.sessions.retrieve(session.id).metadata.to_dict() == {"plan": "pro", "campaign": "fall"}
    refused = error_of(lambda: client.v1.checkout.sessions.update(
        session.id, params={"line_items": [{"price": catalog["monthly"].id, "quantity": 2}]}))
    assert (refused.code, refused.param) == ("parameter_invalid", "line_items")


def test_ending_a_trial_now_sends_the_trial_notice_once(client, catalog):
    customer = client.v1.customers.create(params={"email": "now@example.com", "payment_method": "pm_card_visa",
                                                  "invoice_settings": {"default_payment_method": "pm_card_visa"}})
    sub = client.v1.subscriptions.create(
        params={"customer": customer.id, "items": [{"price": catalog["monthly"].id}], "trial_period_days": 30}
    )
    ended = client.v1.subscriptions.update(sub.id, params={"trial_end": "now"})
    assert ended.status == "active"
    notices = client.v1.events.list(params={"type": "customer.subscription.trial_will_end"}).data
    assert [n.data.object.id for n in notices] == [sub.id]
