"""Real-browser flows against `billing serve` running offline."""

import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def log_in(browser, base, email, password="password123"):
    browser.get(base + "/login")
    browser.find_element(By.NAME, "email").send_keys(email)
    browser.find_element(By.NAME, "password").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]").click()
    # The POST returns before the next page loads; wait for it so the session cookie is set.
    WebDriverWait(browser, 15).until(lambda b: not b.current_url.startswith(base + "/login"))


def text(browser, testid):
    return browser.find_element(By.CSS_SELECTOR, f"[data-testid='{testid}']").text


def test_sign_up_lands_on_the_dashboard_with_the_paid_feature_locked(server, browser):
    base = server["base"]
    browser.get(base + "/signup")
    browser.find_element(By.NAME, "name").send_keys("New User")
    browser.find_element(By.NAME, "email").send_keys(f"new-{uuid.uuid4().hex[:8]}@acme.test")
    browser.find_element(By.NAME, "password").send_keys("long enough password")
    browser.find_element(By.CSS_SELECTOR, "form[action='/signup'] button").click()
    WebDriverWait(browser, 15).until(lambda b: not b.current_url.startswith(base + "/signup"))
    assert browser.current_url == base + "/dashboard"
    assert browser.find_elements(By.CSS_SELECTOR, "[data-testid='feature-locked']")


def test_billing_page_shows_each_seeded_state(server, browser):
    base = server["base"]
    expected = {
        "pro@acme.test": ("Active", "Renews on"),
        "canceling@acme.test": ("Canceling", "Cancels on"),
        "pastdue@acme.test": ("Past due", "Payment failed"),
        # The plan name says "Free"; no badge repeats it.
        "free@acme.test": (None, "Choose a plan below"),
    }
    for email, (status, detail) in expected.items():
        browser.delete_all_cookies()
        log_in(browser, base, email)
        browser.get(base + "/settings/billing")
        if status is None:
            assert not browser.find_elements(By.CSS_SELECTOR, "[data-testid='status']"), email
        else:
            assert text(browser, "status") == status, email
        assert detail in text(browser, "status-detail"), email
    browser.delete_all_cookies()
    log_in(browser, base, "pastdue@acme.test")
    browser.get(base + "/settings/billing")
    labels = [b.text for b in browser.find_elements(By.CSS_SELECTOR, "[data-testid='actions'] button")]
    assert "Update payment method" in labels


def test_free_user_manage_billing_opens_the_portal_and_returns(server, browser):
    base, emulator = server["base"], server["emulator"]
    log_in(browser, base, "free@acme.test")
    browser.get(base + "/settings/billing")
    browser.find_element(By.XPATH, "//button[normalize-space()='Manage billing']").click()
    # 303 to the emulator's session URL: a customer was created on the way.
    WebDriverWait(browser, 15).until(lambda b: b.current_url.startswith(emulator + "/p/session/"))
    # Add a card in the portal.
    browser.find_element(By.XPATH, "//a[normalize-space()='Manage payment methods' or normalize-space()='Add payment method']").click()
    WebDriverWait(browser, 15).until(lambda b: b.find_elements(By.ID, "number"))
    browser.find_element(By.ID, "number").send_keys("4242 4242 4242 4242")
    browser.find_element(By.ID, "expiry").send_keys("12 / 34")
    browser.find_element(By.ID, "cvc").send_keys("123")
    browser.find_element(By.CSS_SELECTOR, "#add-card button").click()
    WebDriverWait(browser, 15).until(lambda b: "Visa •••• 4242" in b.find_element(By.TAG_NAME, "body").text)
    # The return link goes back to the app (built from app.publicURL) and the page refreshes from Stripe.
    browser.find_element(By.ID, "return-link").click()
    WebDriverWait(browser, 15).until(lambda b: b.current_url.startswith(base + "/settings/billing"))
    assert text(browser, "plan-name") == "Free"
    assert text(browser, "payment-method").startswith("Visa •••• 4242")


def test_webhook_endpoint_rejects_unsigned_deliveries(server):
    import urllib.error
    import urllib.request

    request = urllib.request.Request(server["base"] + "/webhooks/stripe", data=b"{}", method="POST")
    try:
        urllib.request.urlopen(request, timeout=5)
        raise AssertionError("unsigned webhook was accepted")
    except urllib.error.HTTPError as error:
        assert error.code == 400
