"""Round trips through the emulator's hosted portal: act in the portal, come back, and the app shows the new state.

Each test checks the page text and the stored projection (the SQLite database of `billing serve`). These tests change
the seeded subscriber's state, so they run after test_billing_flows.py (pytest runs files in name order) and leave the
subscriber active again where they can.
"""

import sqlite3
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from selenium.common.exceptions import WebDriverException

from test_billing_flows import log_in, text


def projection(server, email):
    """The stored subscription row for an account, by its login email."""
    with sqlite3.connect(f"{server['data']}/billing.sqlite", timeout=10) as db:
        db.row_factory = sqlite3.Row
        return db.execute(
            """
            SELECT s.* FROM billing_subscriptions s
            JOIN billing_customers c ON c.stripe_customer_id = s.stripe_customer_id
            JOIN app_accounts a ON a.id = c.account_id
            WHERE a.email = ? AND s.status != 'canceled'
            ORDER BY s.created DESC LIMIT 1
            """,
            (email,),
        ).fetchone()


def wait_page(browser, action):
    """Runs an action that navigates (a form POST or link) and waits until the old page is gone."""
    page = browser.find_element(By.TAG_NAME, "html")
    action()

    def stale(_):
        try:
            page.is_enabled()
            return False
        except WebDriverException:
            return True

    WebDriverWait(browser, 15).until(stale)


def click_action(browser, label):
    button = browser.find_element(By.XPATH, f"//*[@data-testid='actions']//button[normalize-space()='{label}']")
    wait_page(browser, button.click)


def eventually(check, seconds=10.0):
    """Polls until `check()` is truthy (webhooks arrive asynchronously); returns the last value."""
    deadline = time.monotonic() + seconds
    value = check()
    while not value and time.monotonic() < deadline:
        time.sleep(0.2)
        value = check()
    return value


def answer_survey(browser, reason, comment):
    assert browser.find_elements(By.CSS_SELECTOR, "[data-testid='cancel-survey']")
    browser.find_element(By.CSS_SELECTOR, f"input[name='reason'][value='{reason}']").click()
    browser.find_element(By.ID, "comment").send_keys(comment)
    wait_page(browser, browser.find_element(By.CSS_SELECTOR, "[data-testid='cancel-survey'] button[type=submit]").click)


def latest_survey(server, email):
    with sqlite3.connect(f"{server['data']}/billing.sqlite", timeout=10) as db:
        db.row_factory = sqlite3.Row
        return db.execute(
            """
            SELECT s.* FROM cancellation_surveys s JOIN app_accounts a ON a.id = s.account_id
            WHERE a.email = ? ORDER BY s.created_at DESC, s.rowid DESC LIMIT 1
            """,
            (email,),
        ).fetchone()


def billing_status(browser, base):
    browser.get(base + "/settings/billing")
    return text(browser, "status"), text(browser, "status-detail")


def test_subscriber_cancels_at_period_end_in_the_portal_then_renews(server, browser):
    base, emulator = server["base"], server["emulator"]
    log_in(browser, base, "pro@acme.test")
    browser.get(base + "/settings/billing")

    # "Cancel subscription" opens our survey first; a reason without a save offer goes on to the portal's cancel flow.
    wait_page(browser, browser.find_element(By.CSS_SELECTOR, "[data-testid='cancel-survey-link']").click)
    answer_survey(browser, "unused", "We stopped using notes")
    assert browser.current_url.startswith(emulator + "/p/session/")
    assert "Cancel your plan" in browser.page_source
    wait_page(browser, browser.find_element(By.CSS_SELECTOR, "form[action$='/cancel'] button").click)
    # The app's survey already asked why: the portal does not ask again (no reasons page), and after_completion
    # redirects straight back to the app, which refreshes from Stripe before rendering.
    assert browser.current_url.startswith(base + "/settings/billing")
    assert text(browser, "status") == "Canceling"
    assert "Cancels on" in text(browser, "status-detail")
    row = projection(server, "pro@acme.test")
    assert row["cancel_at_period_end"] == 1
    assert row["cancellation_reason"] == "cancellation_requested"
    survey = latest_survey(server, "pro@acme.test")
    assert survey["reason"] == "unused" and survey["comment"] == "We stopped using notes"

    # "Renew" opens the portal home, where the pending cancellation can be undone until the period ends.
    click_action(browser, "Renew")
    assert "Your plan will be canceled on" in browser.page_source
    wait_page(browser, browser.find_element(By.CSS_SELECTOR, "form[action$='/renew'] button").click)
    wait_page(browser, browser.find_element(By.ID, "return-link").click)
    assert browser.current_url.startswith(base + "/settings/billing")
    assert text(browser, "status") == "Active"
    assert "Renews on" in text(browser, "status-detail")
    assert projection(server, "pro@acme.test")["cancel_at_period_end"] == 0


def test_past_due_user_fixes_the_card_through_the_deep_link(server, browser):
    base = server["base"]
    log_in(browser, base, "pastdue@acme.test")
    browser.get(base + "/settings/billing")
    assert "Payment failed" in text(browser, "status-detail")
    assert projection(server, "pastdue@acme.test")["status"] == "past_due"

    click_action(browser, "Update payment method")
    browser.find_element(By.ID, "number").send_keys("4242 4242 4242 4242")
    browser.find_element(By.ID, "expiry").send_keys("12 / 34")
    browser.find_element(By.ID, "cvc").send_keys("123")
    wait_page(browser, browser.find_element(By.CSS_SELECTOR, "#add-card button").click)

    # Saving the card pays the open invoice; back in the app the warning is gone.
    assert browser.current_url.startswith(base + "/settings/billing")
    status, detail = eventually(lambda: (lambda s: s if s[0] == "Active" else None)(billing_status(browser, base)))
    assert status == "Active" and "Payment failed" not in detail
    # The card shown comes from the customer.updated webhook, which may land a moment after the page.
    assert eventually(lambda: "4242" in (billing_status(browser, base) and browser.find_element(By.TAG_NAME, "body").text))
    assert eventually(lambda: projection(server, "pastdue@acme.test")["status"] == "active")


def test_subscriber_changes_plan_in_the_portal(server, browser):
    base = server["base"]
    log_in(browser, base, "pro@acme.test")
    browser.get(base + "/settings/billing")
    click_action(browser, "Change plan")

    # The portal lists only the configured plans; pick Team and confirm the prorated change.
    options = browser.find_elements(By.CSS_SELECTOR, ".price-option")
    assert options, "no plans offered"
    team = [o for o in options if "Team" in o.text]
    assert team, [o.text for o in options]
    wait_page(browser, team[0].find_element(By.TAG_NAME, "button").click)
    assert browser.find_element(By.ID, "proration-preview")
    wait_page(browser, browser.find_element(By.CSS_SELECTOR, "form[action$='/update'] button").click)

    assert browser.current_url.startswith(base + "/settings/billing")
    assert eventually(lambda: "Team" in billing_status(browser, base)[0] + browser.page_source)
    assert eventually(lambda: projection(server, "pro@acme.test")["lookup_key"] == "team_monthly")


def test_survey_save_offer_accepted_in_the_portal_keeps_the_subscription(server, browser):
    base, emulator = server["base"], server["emulator"]
    log_in(browser, base, "pro@acme.test")
    browser.get(base + "/settings/billing")
    wait_page(browser, browser.find_element(By.CSS_SELECTOR, "[data-testid='cancel-survey-link']").click)
    answer_survey(browser, "too_expensive", "Money is tight")

    # "Too expensive" has a coupon save offer: the portal's cancel flow opens with the coupon as its retention offer.
    assert browser.current_url.startswith(emulator + "/p/session/")
    assert "20% off" in browser.find_element(By.ID, "retention-offer").text
    wait_page(browser, browser.find_element(By.CSS_SELECTOR, "#retention-offer button").click)

    # Back in the app: still active, not canceling, and the survey is stored with its offer.
    assert browser.current_url.startswith(base + "/settings/billing")
    assert text(browser, "status") == "Active"
    assert projection(server, "pro@acme.test")["cancel_at_period_end"] == 0
    survey = latest_survey(server, "pro@acme.test")
    assert survey["reason"] == "too_expensive" and survey["comment"] == "Money is tight"
    assert survey["offer"].startswith("coupon")
