"""Drives the emulator's hosted customer portal in headless Chromium and checks the API state (stripe SDK) and the
signed webhooks each action produces."""

import json
import time
import urllib.request

import stripe
from selenium.webdriver.common.by import By
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import WebDriverWait

RETURN_PATH = "/_emulator/health"


class World:
    """A customer with a $20/month subscription, a webhook endpoint and a portal configuration allowing everything."""

    def __init__(self, emulator, receiver, cancel_mode="at_period_end"):
        client = emulator.client
        self.client = client
        self.receiver = receiver
        endpoint = client.v1.webhook_endpoints.create(params={"url": receiver.url, "enabled_events": ["*"]})
        self.secret = endpoint.secret
        self.product = client.v1.products.create(params={"name": "Pro"})
        self.prices = [
            client.v1.prices.create(params={"product": self.product.id, "currency": "usd", "unit_amount": amount,
                                            "recurring": {"interval": "month"}})
            for amount in (2000, 5000)
        ]
        self.customer = client.v1.customers.create(params={
            "email": "amy@example.com", "name": "Amy", "payment_method": "pm_card_visa",
            "invoice_settings": {"default_payment_method": "pm_card_visa"}})
        self.subscription = client.v1.subscriptions.create(params={
            "customer": self.customer.id, "items": [{"price": self.prices[0].id}]})
        self.coupon = client.v1.coupons.create(params={"percent_off": 25, "duration": "once", "name": "Stay"})
        self.configuration = client.v1.billing_portal.configurations.create(params={
            "business_profile": {"headline": "Acme billing"},
            "features": {
                "customer_update": {"enabled": True, "allowed_updates": ["email", "name"]},
                "invoice_history": {"enabled": True},
                "payment_method_update": {"enabled": True},
                "subscription_cancel": {"enabled": True, "mode": cancel_mode, "cancellation_reason": {
                    "enabled": True, "options": ["too_expensive", "unused", "other"]}},
                "subscription_update": {"enabled": True, "default_allowed_updates": ["price"],
                                        "proration_behavior": "always_invoice",
                                        "products": [{"product": self.product.id,
                                                      "prices": [p.id for p in self.prices]}]},
            }})
        self.return_url = emulator.base + RETURN_PATH

    def session(self, flow_data=None):
        params = {"customer": self.customer.id, "configuration": self.configuration.id,
                  "return_url": self.return_url}
        if flow_data:
            params["flow_data"] = flow_data
        return self.client.v1.billing_portal.sessions.create(params=params)

    def events(self, event_type, count=1, timeout=10.0):
        """Webhooks of `event_type`, each verified with the endpoint secret."""
        deadline = time.time() + timeout
        while True:
            with self.receiver.lock:
                requests = list(self.receiver.requests)
            verified = []
            for headers, body in requests:
                signature = {k.lower(): v for k, v in headers.items()}["stripe-signature"]
                event = stripe.Webhook.construct_event(body.decode(), signature, self.secret)
                if event.type == event_type:
                    verified.append(event)
            if len(verified) >= count or time.time() > deadline:
                assert len(verified) >= count, f"expected {count} {event_type} webhooks, got {len(verified)}"
                return verified
            time.sleep(0.05)

    def subscription_now(self):
        return self.client.v1.subscriptions.retrieve(self.subscription.id)


def click(browser, selector):
    """Clicks a link or submit button and waits for the next page (a form POST returns before it loads)."""
    page = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.CSS_SELECTOR, selector).click()
    WebDriverWait(browser, 10).until(lambda _: is_stale(page))


def is_stale(element):
    try:
        element.is_enabled()
        return False
    except WebDriverException:
        # StaleElementReferenceException, or Chrome's "Node ... does not belong to the document".
        return True


def test_homepage_shows_plan_payment_method_billing_details_and_invoices(emulator, receiver, browser):
    world = World(emulator, receiver)
    browser.get(world.session().url)
    text = browser.find_element(By.TAG_NAME, "body").text
    assert "Pro" in text and "$20.00 per month" in text and "Active" in text
    assert "Visa •••• 4242" in text and "Default" in text
    assert "amy@example.com" in text
    invoice = world.client.v1.invoices.list(params={"customer": world.customer.id}).data[0]
    assert invoice.number in text and "Paid" in text
    assert "Acme billing" in text
    world.events("billing_portal.session.created")


def test_cancel_at_period_end_with_reason(emulator, receiver, browser):
    world = World(emulator, receiver)
    browser.get(world.session().url)
    click(browser, f"#subscription-{world.subscription.id} a[href$='/cancel']")
    assert "still available until the end of your billing period" in browser.page_source
    click(browser, "form[action$='/cancel'] button")
    browser.find_element(By.CSS_SELECTOR, "input[value='too_expensive']").click()
    browser.find_element(By.ID, "comment").send_keys("Too pricey for us")
    click(browser, "button[value='submit']")
    subscription = world.subscription_now()
    assert subscription.cancel_at_period_end is True
    assert subscription.cancellation_details.feedback == "too_expensive"
    assert subscription.cancellation_details.comment == "Too pricey for us"
    updates = world.events("customer.subscription.updated", count=2)
    assert updates[0].data.previous_attributes["cancel_at_period_end"] is False
    assert updates[1].data.object.cancellation_details.feedback == "too_expensive"
    assert "Renew plan" in browser.page_source


def test_cancel_immediately(emulator, receiver, browser):
    world = World(emulator, receiver, cancel_mode="immediately")
    browser.get(world.session().url)
    click(browser, f"#subscription-{world.subscription.id} a[href$='/cancel']")
    assert "canceled immediately" in browser.page_source
    click(browser, "form[action$='/cancel'] button")
    click(browser, "button[value='skip']")
    assert world.subscription_now().status == "canceled"
    deleted = world.events("customer.subscription.deleted")
    assert deleted[0].data.object.id == world.subscription.id


def test_retention_offer_accepted(emulator, receiver, browser):
    world = World(emulator, receiver)
    session = world.session({
        "type": "subscription_cancel",
        "subscription_cancel": {"subscription": world.subscription.id,
                                "retention": {"type": "coupon_offer", "coupon_offer": {"coupon": world.coupon.id}}},
        "after_completion": {"type": "hosted_confirmation",
                             "hosted_confirmation": {"custom_message": "Glad you're staying!"}}})
    browser.get(session.url)
    assert "25% off" in browser.find_element(By.ID, "retention-offer").text
    click(browser, "#retention-offer button")
    assert "Glad you're staying!" in browser.find_element(By.ID, "confirmation").text
    subscription = world.subscription_now()
    assert subscription.cancel_at_period_end is False and subscription.status == "active"
    assert len(subscription.discounts) == 1
    update = world.events("customer.subscription.updated")[0]
    assert update.data.previous_attributes["discounts"] == []


def test_renew_a_subscription_set_to_cancel(emulator, receiver, browser):
    world = World(emulator, receiver)
    world.client.v1.subscriptions.update(world.subscription.id, params={"cancel_at_period_end": True})
    browser.get(world.session().url)
    assert "Your plan will be canceled on" in browser.page_source
    click(browser, "form[action$='/renew'] button")
    subscription = world.subscription_now()
    assert subscription.cancel_at_period_end is False and subscription.cancel_at is None
    renewed = world.events("customer.subscription.updated", count=2)[1]
    assert renewed.data.previous_attributes["cancel_at_period_end"] is True
    assert "Renew plan" not in browser.page_source


def test_plan_change_with_proration(emulator, receiver, browser):
    world = World(emulator, receiver)
    browser.get(world.session().url)
    click(browser, "a[href$='/update']")
    click(browser, f".price-option[data-price='{world.prices[1].id}'] button")
    preview = browser.find_element(By.ID, "proration-preview")
    amount_now = int(preview.get_attribute("data-amount-now"))
    assert 0 < amount_now <= 3000 and "Amount due today" in preview.text
    click(browser, "form[action$='/update'] button")
    subscription = world.client.v1.subscriptions.retrieve(world.subscription.id, params={"expand": ["latest_invoice"]})
    assert subscription["items"].data[0].price.id == world.prices[1].id
    assert subscription.latest_invoice.amount_paid == amount_now
    update = world.events("customer.subscription.updated")[0]
    assert update.data.previous_attributes["items"]["data"][0]["price"]["id"] == world.prices[0].id
    world.events("invoice.paid", count=2)


def test_update_card(emulator, receiver, browser):
    world = World(emulator, receiver)
    browser.get(world.session({"type": "payment_method_update"}).url)
    def add(number):
        for field in ("number", "expiry", "cvc"):
            browser.find_element(By.ID, field).clear()
        browser.find_element(By.ID, "number").send_keys(number)
        browser.find_element(By.ID, "expiry").send_keys("12 / 34")
        browser.find_element(By.ID, "cvc").send_keys("123")
        click(browser, "#add-card button")
    add("4000 0000 0000 0002")
    assert "Your card was declined." in browser.find_element(By.ID, "error").text
    assert len(world.client.v1.payment_methods.list(params={"customer": world.customer.id}).data) == 1
    add("5555 5555 5555 4444")
    assert "Mastercard •••• 4444" in browser.find_element(By.ID, "payment-methods").text
    customer = world.client.v1.customers.retrieve(
        world.customer.id, params={"expand": ["invoice_settings.default_payment_method"]})
    assert customer.invoice_settings.default_payment_method.card.last4 == "4444"
    attached = world.events("payment_method.attached", count=2)
    assert attached[-1].data.object.card.last4 == "4444"
    updated = world.events("customer.updated")[-1]
    assert "default_payment_method" in updated.data.previous_attributes["invoice_settings"]


def test_download_invoice_pdf(emulator, receiver, browser):
    world = World(emulator, receiver)
    browser.get(world.session().url)
    link = browser.find_element(By.CSS_SELECTOR, "#invoices a.invoice-pdf").get_attribute("href")
    with urllib.request.urlopen(link, timeout=5) as response:
        assert response.headers["Content-Type"] == "application/pdf"
        pdf = response.read()
    invoice = world.client.v1.invoices.list(params={"customer": world.customer.id}).data[0]
    assert pdf.startswith(b"%PDF-") and invoice.number.encode() in pdf


def test_return_link(emulator, receiver, browser):
    world = World(emulator, receiver)
    browser.get(world.session().url)
    click(browser, "#return-link")
    assert browser.current_url == world.return_url
    assert "ok" in browser.page_source
