"""Polish a person notices in the browser: a free account's card, one reason question per cancellation, a survey page
that looks like the billing page, and a free plan card that says "Free" once."""

import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from test_billing_flows import log_in, text
from test_portal_round_trips import answer_survey, wait_page


def sign_up(browser, base, prefix):
    browser.get(base + "/signup")
    browser.find_element(By.NAME, "name").send_keys("Polly Polish")
    browser.find_element(By.NAME, "email").send_keys(f"{prefix}-{uuid.uuid4().hex[:8]}@acme.test")
    browser.find_element(By.NAME, "password").send_keys("long enough password")
    wait_page(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/signup'] button").click)


def test_a_free_user_sees_the_card_added_in_the_portal(server, browser):
    base, emulator = server["base"], server["emulator"]
    sign_up(browser, base, "free-card")
    browser.get(base + "/settings/billing")
    assert text(browser, "payment-method") == "No payment method on file."

    browser.find_element(By.XPATH, "//button[normalize-space()='Manage billing']").click()
    WebDriverWait(browser, 15).until(lambda b: b.current_url.startswith(emulator + "/p/session/"))
    browser.find_element(By.XPATH, "//a[normalize-space()='Manage payment methods' or normalize-space()='Add payment method']").click()
    WebDriverWait(browser, 15).until(lambda b: b.find_elements(By.ID, "number"))
    browser.find_element(By.ID, "number").send_keys("5555 5555 5555 4444")
    browser.find_element(By.ID, "expiry").send_keys("11 / 33")
    browser.find_element(By.ID, "cvc").send_keys("123")
    browser.find_element(By.CSS_SELECTOR, "#add-card button").click()
    WebDriverWait(browser, 15).until(lambda b: "•••• 4444" in b.find_element(By.TAG_NAME, "body").text)
    browser.find_element(By.ID, "return-link").click()
    WebDriverWait(browser, 15).until(lambda b: b.current_url.startswith(base + "/settings/billing"))

    assert text(browser, "plan-name") == "Free"
    assert text(browser, "payment-method") == "Mastercard •••• 4444 Expires 11/2033"
    browser.get(base + "/settings/billing")
    assert text(browser, "payment-method").startswith("Mastercard •••• 4444")


def test_the_portal_does_not_ask_for_a_reason_after_the_in_app_survey(server, browser):
    base, emulator = server["base"], server["emulator"]
    log_in(browser, base, "pro@acme.test")
    browser.get(base + "/settings/billing")
    wait_page(browser, browser.find_element(By.CSS_SELECTOR, "[data-testid='cancel-survey-link']").click)
    answer_survey(browser, "switched_service", "Moving to paper")
    assert browser.current_url.startswith(emulator + "/p/session/")
    wait_page(browser, browser.find_element(By.CSS_SELECTOR, "form[action$='/cancel'] button").click)

    # Straight back to the app: no second "why are you leaving?" in the portal.
    assert browser.current_url.startswith(base + "/settings/billing"), browser.current_url
    assert not browser.find_elements(By.CSS_SELECTOR, "input[name='feedback'], input[value='too_expensive']")
    assert text(browser, "status") == "Canceling"

    # Leave the subscriber active for the other tests.
    wait_page(browser, browser.find_element(
        By.XPATH, "//*[@data-testid='actions']//button[normalize-space()='Renew']").click)
    wait_page(browser, browser.find_element(By.CSS_SELECTOR, "form[action$='/renew'] button").click)
    wait_page(browser, browser.find_element(By.ID, "return-link").click)
    assert text(browser, "status") == "Active"


def test_the_survey_page_is_styled_like_the_billing_page(server, browser):
    base = server["base"]
    log_in(browser, base, "pro@acme.test")
    browser.get(base + "/settings/billing/cancel")
    survey = browser.find_element(By.CSS_SELECTOR, "[data-testid='cancel-survey']")
    style = lambda element, prop: element.value_of_css_property(prop)  # noqa: E731

    fieldset = survey.find_element(By.TAG_NAME, "fieldset")
    assert style(fieldset, "border-top-width") == "0px"
    choices = survey.find_elements(By.CSS_SELECTOR, "label:has(input[type=radio])")
    assert len(choices) >= 5
    for choice in choices:
        # Each reason is a bordered row with its radio centred beside the text.
        assert style(choice, "display") == "flex"
        assert style(choice, "align-items") == "center"
        assert style(choice, "border-top-width") == "1px"
        radio = choice.find_element(By.CSS_SELECTOR, "input[type=radio]")
        label_text = choice.find_element(By.TAG_NAME, "span")
        centre = lambda e: e.location["y"] + e.size["height"] / 2  # noqa: E731
        assert abs(centre(radio) - centre(label_text)) <= 2
        assert radio.location["x"] < label_text.location["x"]
    # The comment box fills the card's width and has room to write.
    comment = survey.find_element(By.ID, "comment")
    form = survey.find_element(By.TAG_NAME, "form")
    assert comment.size["width"] >= form.size["width"] - 2
    assert comment.size["height"] >= 100
    assert style(comment, "border-top-left-radius") == "8px"
    # The same card as the billing page.
    assert style(survey, "border-top-left-radius") == "12px"
    assert style(survey, "background-color") == "rgba(255, 255, 255, 1)"


def test_the_free_plan_card_says_free_once(server, browser):
    base = server["base"]
    sign_up(browser, base, "free-once")
    browser.get(base + "/settings/billing")
    card = browser.find_element(By.XPATH, "//*[@data-testid='plan-name']/ancestor::div[contains(@class,'card')][1]")
    assert card.text.count("Free") == 1, card.text
    assert text(browser, "plan-name") == "Free"
    assert not browser.find_elements(By.CSS_SELECTOR, "[data-testid='status']")
