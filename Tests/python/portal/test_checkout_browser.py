"""Drives the emulator's hosted Checkout page in headless Chromium: a subscription bought with a promotion code, a
trial, a declined card and the Back link, each checked afterwards through the official stripe SDK."""

from pathlib import Path

from selenium.webdriver.common.by import By

from test_portal_browser import click

ROOT = Path(__file__).resolve().parents[3]
SCREENSHOT = ROOT / "docs" / "screenshots" / "checkout.png"
# Served by the emulator itself, so the browser really lands on the page after a redirect.
SUCCESS_PATH = "/_emulator/health?checkout=success&session_id={CHECKOUT_SESSION_ID}"
CANCEL_PATH = "/_emulator/health?checkout=canceled"


class Shop:
    """A $12/month plan, a 20%-off-forever promotion code and a $49 one-time price on a fresh emulator."""

    def __init__(self, emulator):
        self.base = emulator.base
        self.client = emulator.client
        product = self.client.v1.products.create(params={"name": "Acme Notes Pro"})
        self.monthly = self.client.v1.prices.create(params={
            "product": product.id, "currency": "usd", "unit_amount": 1200, "recurring": {"interval": "month"}})
        coupon = self.client.v1.coupons.create(params={"percent_off": 20, "duration": "forever", "name": "Launch"})
        self.promo = self.client.v1.promotion_codes.create(
            params={"promotion": {"type": "coupon", "coupon": coupon.id}, "code": "LAUNCH20"})

    def session(self, **extra):
        params = {
            "mode": "subscription",
            "line_items": [{"price": self.monthly.id, "quantity": 1}],
            "allow_promotion_codes": True,
            "success_url": self.base + SUCCESS_PATH,
            "cancel_url": self.base + CANCEL_PATH,
        }
        params.update(extra)
        return self.client.v1.checkout.sessions.create(params=params)


def pay(browser, number, email="buyer@example.com"):
    browser.find_element(By.ID, "email").send_keys(email)
    browser.find_element(By.ID, "number").send_keys(number)
    browser.find_element(By.ID, "expiry").send_keys("12 / 34")
    browser.find_element(By.ID, "cvc").send_keys("123")
    click(browser, "#submit")


def apply_code(browser, code):
    browser.find_element(By.ID, "code").send_keys(code)
    click(browser, "#promotion-form button")


def test_promotion_code_then_card_subscribes_and_lands_on_success(emulator, browser):
    shop = Shop(emulator)
    session = shop.session()
    browser.get(session.url)
    assert "$12.00/month" in browser.find_element(By.ID, "price-summary").text

    apply_code(browser, "launch20")
    assert browser.find_element(By.ID, "discount-code").text == "LAUNCH20"
    assert browser.find_element(By.ID, "discount-amount").text == "-$2.40"
    assert browser.find_element(By.ID, "total-due").text == "$9.60"
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOT))

    pay(browser, "4242 4242 4242 4242")
    assert browser.current_url == shop.base + SUCCESS_PATH.replace("{CHECKOUT_SESSION_ID}", session.id)

    done = shop.client.v1.checkout.sessions.retrieve(session.id, params={"expand": ["subscription"]})
    assert done.status == "complete" and done.payment_status == "paid"
    assert done.amount_total == 960 and done.total_details.amount_discount == 240
    assert done.discounts[0].promotion_code == shop.promo.id
    assert done.subscription.status == "active"
    subscription = shop.client.v1.subscriptions.retrieve(done.subscription.id, params={"expand": ["discounts"]})
    assert subscription.discounts[0].promotion_code == shop.promo.id
    assert shop.client.v1.invoices.retrieve(done.invoice).amount_paid == 960


def test_trial_with_a_promotion_code_starts_trialing(emulator, browser):
    shop = Shop(emulator)
    session = shop.session(subscription_data={"trial_period_days": 14})
    browser.get(session.url)
    assert "14 days free, then $12.00/month" in browser.find_element(By.ID, "price-summary").text
    apply_code(browser, "LAUNCH20")
    assert browser.find_element(By.ID, "discount-code").text == "LAUNCH20"
    assert browser.find_element(By.ID, "submit").text == "Start trial"

    pay(browser, "4242424242424242")
    assert browser.current_url == shop.base + SUCCESS_PATH.replace("{CHECKOUT_SESSION_ID}", session.id)

    done = shop.client.v1.checkout.sessions.retrieve(session.id, params={"expand": ["subscription"]})
    assert done.status == "complete" and done.payment_status == "no_payment_required"
    assert done.subscription.status == "trialing"
    assert done.subscription.trial_end - done.subscription.trial_start == 14 * 86400
    assert done.discounts[0].promotion_code == shop.promo.id


def test_declined_card_stays_on_the_page_with_stripes_message(emulator, browser):
    shop = Shop(emulator)
    session = shop.session()
    browser.get(session.url)
    pay(browser, "4000 0000 0000 0002")
    assert "Your card was declined." in browser.find_element(By.ID, "error").text
    assert browser.find_element(By.ID, "payment-form").is_displayed()
    assert shop.client.v1.checkout.sessions.retrieve(session.id).status == "open"
    assert shop.client.v1.subscriptions.list(params={"status": "all"}).data == []


def test_back_goes_to_the_cancel_url(emulator, browser):
    shop = Shop(emulator)
    session = shop.session()
    browser.get(session.url)
    click(browser, "#back-link")
    assert browser.current_url == shop.base + CANCEL_PATH
    assert shop.client.v1.checkout.sessions.retrieve(session.id).status == "open"
