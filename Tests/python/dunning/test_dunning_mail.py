"""Dunning end to end: `billing serve` on its built-in emulator, mail over SMTP to an aiosmtpd sink.

The seeded trial account's customer lives on its own test clock. The test gives it a card that declines
(`pm_card_chargeCustomerFail`), starts a one-day trial and advances the clock: the first charge fails
(`invoice.payment_failed`), the webhook reaches the app, and the sink receives one dunning mail whose link leads to
the billing page. Following the link in a real browser, "Update payment method" opens the emulator's portal on the
payment-method update; a working card pays the invoice, and the sink receives the confirmation. The failure mail
still arrived once.
"""

import os
import pathlib
import re
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request

import pytest
import stripe
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from testsupport import Sink, free_port

ROOT = pathlib.Path(__file__).resolve().parents[3]
EMAIL = "trial@acme.test"


def wait_for_url(url: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not become ready")


@pytest.fixture()
def app(billing_bin):
    sink = Sink()
    sink.controller.start()
    data = tempfile.mkdtemp(prefix="billing-dunning-")
    port, emulator_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STRIPE_", "MAIL_", "DATABASE_", "BILLING_"))}
    env.update({
        "MAIL_SMTP_URL": f"smtp://127.0.0.1:{sink.port}?starttls=never",
        "MAIL_FROM": "Acme Notes Billing <billing@acme-notes.test>",
        "MAIL_PRODUCT_NAME": "Acme Notes",
        "MAIL_SUPPORT_ADDRESS": "help@acme-notes.test",
    })
    process = subprocess.Popen(
        [billing_bin, "serve", "--port", str(port), "--emulator-port", str(emulator_port), "--data-dir", data,
         "--log-level", "warning"],
        cwd=data, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_url(base + "/health")
        yield {"base": base, "emulator": f"http://127.0.0.1:{emulator_port}", "sink": sink}
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        sink.controller.stop()
        shutil.rmtree(data, ignore_errors=True)


@pytest.fixture()
def browser():
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(flag)
    if shutil.which("chromium"):
        options.binary_location = shutil.which("chromium")
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.implicitly_wait(2)
    try:
        yield driver
    finally:
        driver.quit()


def wait_page(browser, action):
    """Runs an action that navigates and waits until the old page is gone."""
    page = browser.find_element(By.TAG_NAME, "html")
    action()

    def stale(_):
        try:
            page.is_enabled()
            return False
        except WebDriverException:
            return True

    WebDriverWait(browser, 15).until(stale)


def log_in(browser, base, email, password="password123"):
    browser.get(base + "/login")
    browser.find_element(By.NAME, "email").send_keys(email)
    browser.find_element(By.NAME, "password").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]").click()
    WebDriverWait(browser, 15).until(lambda b: not b.current_url.startswith(base + "/login"))


def advance(client, clock, to):
    client.v1.test_helpers.test_clocks.advance(clock, params={"frozen_time": to})
    for _ in range(200):
        if client.v1.test_helpers.test_clocks.retrieve(clock).status == "ready":
            return
        time.sleep(0.05)
    raise AssertionError("clock never became ready")


def fail_the_first_charge(emulator):
    """A one-day trial on a card that declines, then the clock past the trial: the first invoice fails."""
    client = stripe.StripeClient("sk_test_emulator", base_addresses={"api": emulator})
    # `billing serve` seeds the demo accounts while it starts (the customer may be a moment behind /health); a
    # customer on a test clock is listed only under its clock.
    deadline = time.monotonic() + 60
    found = []
    while not found:
        assert time.monotonic() < deadline, f"the seeded customer {EMAIL} never appeared"
        clocks = [c.id for c in client.v1.test_helpers.test_clocks.list().data if c.name == "demo trial"]
        found = [c for clock in clocks for c in client.v1.customers.list(params={"test_clock": clock}).data
                 if c.email == EMAIL]
        if not found:
            time.sleep(0.2)
    customer = found[0]
    assert customer.test_clock, "the seeded trial customer lives on a test clock"
    card = client.v1.payment_methods.attach("pm_card_chargeCustomerFail", params={"customer": customer.id})
    client.v1.customers.update(customer.id, params={"invoice_settings": {"default_payment_method": card.id}})
    price = client.v1.prices.list(params={"lookup_keys": ["pro_monthly"]}).data[0]
    subscription = client.v1.subscriptions.create(
        params={"customer": customer.id, "items": [{"price": price.id}], "trial_period_days": 1}
    )
    clock = client.v1.test_helpers.test_clocks.retrieve(customer.test_clock)
    advance(client, clock.id, clock.frozen_time + 2 * 86_400)
    invoice = client.v1.invoices.list(params={"customer": customer.id, "status": "open"}).data[0]
    assert client.v1.subscriptions.retrieve(subscription.id).status == "past_due"
    return invoice


def test_failed_payment_mails_once_with_a_link_to_the_payment_method_update(app, browser):
    base, sink = app["base"], app["sink"]
    invoice = fail_the_first_charge(app["emulator"])
    amount = f"${invoice.amount_due / 100:,.2f}"

    failed = sink.wait_for(
        lambda _: [m for m in sink.to(EMAIL) if "failed" in m["subject"]], 60, "the dunning mail"
    )[0]
    assert failed["subject"] == f"Your Acme Notes payment of {amount} failed"
    assert f"We could not charge {amount} for your Acme Notes subscription." in failed["text"]
    assert "help@acme-notes.test" in failed["text"]
    link = re.search(r"Update your payment method: (\S+)", failed["text"]).group(1)
    assert link == base + "/settings/billing"
    assert f'href="{link}"' in failed["html"]

    # The link needs the customer's session: the billing page's button posts (with CSRF) for a portal session on
    # the payment-method update flow.
    log_in(browser, base, EMAIL)
    browser.get(link)
    button = browser.find_element(
        By.XPATH, "//*[@data-testid='actions']//button[normalize-space()='Update payment method']"
    )
    form = button.find_element(By.XPATH, "./ancestor::form")
    assert form.get_attribute("method") == "post"
    assert form.find_element(By.NAME, "csrf_token").get_attribute("value")
    assert form.find_element(By.NAME, "flow").get_attribute("value") == "payment_method_update"
    wait_page(browser, button.click)
    assert browser.current_url.startswith(app["emulator"])
    browser.find_element(By.ID, "number").send_keys("4242 4242 4242 4242")
    browser.find_element(By.ID, "expiry").send_keys("12 / 34")
    browser.find_element(By.ID, "cvc").send_keys("123")
    wait_page(browser, browser.find_element(By.CSS_SELECTOR, "#add-card button").click)
    assert browser.current_url.startswith(base + "/settings/billing")

    recovered = sink.wait_for(
        lambda _: [m for m in sink.to(EMAIL) if "went through" in m["subject"]], 60, "the confirmation"
    )[0]
    assert recovered["subject"] == "Your Acme Notes payment went through"
    assert amount in recovered["text"]
    # A few more mailer passes: still one failure mail and one confirmation.
    time.sleep(3)
    subjects = [m["subject"] for m in sink.to(EMAIL)]
    assert subjects.count(failed["subject"]) == 1
    assert subjects.count(recovered["subject"]) == 1
