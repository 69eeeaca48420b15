"""A new user subscribes through Checkout with the seeded promotion code, in a real browser against `billing serve`."""

import uuid

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
