"""Starting a subscription through Checkout in a real browser against `billing serve`: a new user with the seeded
promotion code, a declined card, the Back link, a canceled user coming back, and the seeded trial run to its end on
the customer's test clock."""

import datetime
import time
import uuid

import stripe
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def click(browser, selector):
    """Clicks a submit button and waits for the next page (a form POST returns before it loads)."""
    page = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.CSS_SELECTOR, selector).click()
    WebDriverWait(browser, 15).until(lambda _: is_stale(page))


def is_stale(element):
    try:
        element.is_enabled()
        return False
    except Exception:  # StaleElementReferenceException: the next page replaced it.
        return True


def text(browser, testid):
    return browser.find_element(By.CSS_SELECTOR, f"[data-testid='{testid}']").text


def test_new_user_subscribes_to_pro_yearly_with_the_welcome_code(server, browser):
    base, emulator = server["base"], server["emulator"]
    browser.get(base + "/signup")
    browser.find_element(By.NAME, "name").send_keys("Chris Checkout")
    browser.find_element(By.NAME, "email").send_keys(f"checkout-{uuid.uuid4().hex[:8]}@acme.test")
    browser.find_element(By.NAME, "password").send_keys("long enough password")
    click(browser, "form[action='/signup'] button")

    browser.get(base + "/settings/billing")
    assert text(browser, "plan-name") == "Free"
    plans = text(browser, "plans")
    for name in ("Pro", "Team"):
        assert name in plans
    click(browser, "form[data-testid='plan-pro_yearly'] button")
    WebDriverWait(browser, 15).until(lambda b: b.current_url.startswith(emulator + "/c/pay/cs_"))

    browser.find_element(By.ID, "code").send_keys("WELCOME20")
    click(browser, "#promotion-form button")
    assert browser.find_element(By.ID, "discount-code").text == "WELCOME20"
    assert browser.find_element(By.ID, "total-due").text == "$96.00"

    browser.find_element(By.ID, "number").send_keys("4242 4242 4242 4242")
    browser.find_element(By.ID, "expiry").send_keys("12 / 34")
    browser.find_element(By.ID, "cvc").send_keys("123")
    browser.find_element(By.ID, "submit").click()

    # Back in the app: the return refreshes from Stripe, so the new plan shows before any webhook is processed.
    WebDriverWait(browser, 20).until(lambda b: b.current_url.startswith(base + "/settings/billing?checkout_session=cs_"))
    assert text(browser, "plan-name") == "Pro"
    assert text(browser, "status") == "Active"
    assert browser.find_elements(By.CSS_SELECTOR, "[data-testid='refreshed']")
    assert not browser.find_elements(By.CSS_SELECTOR, "[data-testid='plans']")
    # The code was consumed by the first invoice; the page shows it from there.
    discount = "WELCOME20 — 20% off: $24.00 off your latest invoice ($96.00 instead of $120.00)."
    assert text(browser, "discount") == discount
    browser.get(base + "/settings/billing")
    assert text(browser, "discount") == discount


def stripe_client(server):
    """The official SDK against the emulator `billing serve` runs (it accepts any test key)."""
    return stripe.StripeClient("sk_test_emulator", base_addresses={"api": server["emulator"]}, max_network_retries=0)


def sign_up(browser, base, prefix):
    email = f"{prefix}-{uuid.uuid4().hex[:8]}@acme.test"
    browser.get(base + "/signup")
    browser.find_element(By.NAME, "name").send_keys("Casey Checkout")
    browser.find_element(By.NAME, "email").send_keys(email)
    browser.find_element(By.NAME, "password").send_keys("long enough password")
    click(browser, "form[action='/signup'] button")
    return email


def log_in(browser, base, email, password="password123"):
    browser.get(base + "/login")
    browser.find_element(By.NAME, "email").send_keys(email)
    browser.find_element(By.NAME, "password").send_keys(password)
    click(browser, "form[action='/login'] button[type=submit]")


def choose(browser, server, lookup_key):
    """Chooses a plan on the billing page and waits for the emulator's hosted Checkout."""
    browser.get(server["base"] + "/settings/billing")
    click(browser, f"form[data-testid='plan-{lookup_key}'] button")
    WebDriverWait(browser, 15).until(lambda b: b.current_url.startswith(server["emulator"] + "/c/pay/cs_"))


def pay(browser, number="4242 4242 4242 4242"):
    browser.find_element(By.ID, "number").send_keys(number)
    browser.find_element(By.ID, "expiry").send_keys("12 / 34")
    browser.find_element(By.ID, "cvc").send_keys("123")
    click(browser, "#submit")


def subscriptions_of(client, email, clock=None):
    params = {"email": email, "test_clock": clock} if clock else {"email": email}
    customers = client.v1.customers.list(params=params).data
    return [s for c in customers for s in client.v1.subscriptions.list(params={"customer": c.id, "status": "all"}).data]


def wait_until(condition, seconds=20, message="condition"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {message}")


def billing_status(browser, base):
    browser.get(base + "/settings/billing")
    return text(browser, "status")


def test_declined_card_stays_on_checkout_and_changes_nothing(server, browser):
    base, emulator = server["base"], server["emulator"]
    email = sign_up(browser, base, "declined")
    choose(browser, server, "pro_monthly")
    checkout = browser.current_url

    pay(browser, "4000 0000 0000 0002")
    assert browser.current_url.startswith(emulator + "/c/pay/cs_")
    assert "Your card was declined." in browser.find_element(By.ID, "error").text
    assert subscriptions_of(stripe_client(server), email) == []
    session = stripe_client(server).v1.checkout.sessions.retrieve(checkout.rsplit("/", 1)[-1])
    assert session.status == "open"

    browser.find_element(By.ID, "back-link").click()
    WebDriverWait(browser, 15).until(lambda b: b.current_url.startswith(base + "/settings/billing"))
    assert text(browser, "plan-name") == "Free"
    assert not browser.find_elements(By.CSS_SELECTOR, "[data-testid='status']")
    assert browser.find_elements(By.CSS_SELECTOR, "[data-testid='plans'] form[data-testid='plan-pro_monthly']")


def test_back_on_checkout_returns_to_the_billing_page_with_nothing_created(server, browser):
    base = server["base"]
    email = sign_up(browser, base, "back")
    choose(browser, server, "team_monthly")
    assert "trial" in browser.find_element(By.ID, "submit").text.lower()

    browser.find_element(By.ID, "back-link").click()
    WebDriverWait(browser, 15).until(lambda b: b.current_url.startswith(base + "/settings/billing"))
    assert "checkout_canceled=1" in browser.current_url
    assert text(browser, "plan-name") == "Free"
    assert not browser.find_elements(By.CSS_SELECTOR, "[data-testid='refreshed']")
    assert browser.find_elements(By.CSS_SELECTOR, "form[data-testid='plan-team_monthly']")
    assert subscriptions_of(stripe_client(server), email) == []


def test_canceled_user_resubscribes_through_checkout(server, browser):
    base = server["base"]
    client = stripe_client(server)
    email = sign_up(browser, base, "comeback")
    choose(browser, server, "pro_yearly")
    pay(browser)
    WebDriverWait(browser, 20).until(lambda b: b.current_url.startswith(base + "/settings/billing?checkout_session="))
    assert text(browser, "status") == "Active"
    [first] = subscriptions_of(client, email)

    # Canceled at Stripe (the Dashboard, or dunning giving up): the app learns it from the webhook.
    client.v1.subscriptions.cancel(first.id)
    wait_until(lambda: billing_status(browser, base) == "Canceled", message="the billing page to show Canceled")
    assert browser.find_elements(By.CSS_SELECTOR, "form[data-testid='plan-pro_monthly']")

    choose(browser, server, "pro_monthly")
    pay(browser)
    WebDriverWait(browser, 20).until(lambda b: b.current_url.startswith(base + "/settings/billing?checkout_session="))
    assert text(browser, "plan-name") == "Pro"
    assert text(browser, "plan-price") == "$12.00 / month"
    assert text(browser, "status") == "Active"
    assert not browser.find_elements(By.CSS_SELECTOR, "[data-testid='plans']")
    statuses = sorted(s.status for s in subscriptions_of(client, email))
    assert statuses == ["active", "canceled"]
    # The same customer came back: no second customer for the account.
    assert len(client.v1.customers.list(params={"email": email}).data) == 1


def trial_mails(browser, base):
    browser.get(base + "/dev/mail")
    rows = browser.find_elements(By.CSS_SELECTOR, "[data-testid='dev-mail-row']")
    return [r.text for r in rows if "trial@acme.test" in r.text and "Your trial ends in 3 days" in r.text]


def advance(client, clock, to):
    client.v1.test_helpers.test_clocks.advance(clock, params={"frozen_time": to})
    wait_until(lambda: client.v1.test_helpers.test_clocks.retrieve(clock).status == "ready", message="the clock")


def test_trial_user_sees_the_trial_end_then_active_after_the_clock_passes_it(server, browser):
    base = server["base"]
    client = stripe_client(server)
    log_in(browser, base, "trial@acme.test")
    # Stripe lists a test clock's customers only when asked for that clock.
    [clock] = [c.id for c in client.v1.test_helpers.test_clocks.list().data if c.name == "demo trial"]
    [customer] = client.v1.customers.list(params={"email": "trial@acme.test", "test_clock": clock}).data
    assert customer.test_clock == clock

    browser.get(base + "/settings/billing")
    assert text(browser, "plan-name") == "Free"
    assert "14-day free trial" in browser.find_element(By.CSS_SELECTOR, "form[data-testid='plan-team_monthly']").text
    choose(browser, server, "team_monthly")
    pay(browser)
    WebDriverWait(browser, 20).until(lambda b: b.current_url.startswith(base + "/settings/billing?checkout_session="))
    [subscription] = subscriptions_of(client, "trial@acme.test", clock)
    assert subscription.status == "trialing"
    ends = datetime.datetime.fromtimestamp(subscription.trial_end, tz=datetime.timezone.utc)
    assert text(browser, "plan-name") == "Team"
    assert text(browser, "status") == "Trial"
    assert text(browser, "status-detail") == f"Trial ends on {ends.strftime('%B')} {ends.day}, {ends.year}."
    assert trial_mails(browser, base) == []

    # Two days before the end: Stripe has sent `trial_will_end` (three days before), and the reminder goes out.
    advance(client, clock, subscription.trial_end - 2 * 86400)
    wait_until(lambda: len(trial_mails(browser, base)) == 1, seconds=30, message="the trial reminder mail")
    assert billing_status(browser, base) == "Trial"

    # Past the end: the first invoice is paid with the card from Checkout and the subscription is active.
    advance(client, clock, subscription.trial_end + 3600)
    assert client.v1.subscriptions.retrieve(subscription.id).status == "active"
    wait_until(lambda: billing_status(browser, base) == "Active", message="the billing page to show Active")
    assert "Renews on" in text(browser, "status-detail")
    # Exactly one reminder, however the clock moved and the events were delivered.
    time.sleep(2)
    assert len(trial_mails(browser, base)) == 1
