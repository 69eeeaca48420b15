"""A branded portal in a real browser: the account's logo, colors and button style, the configuration's headline
and policy links, in a German session. Saves docs/screenshots/portal-branded-de.png."""

import http.server
import json
import threading
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

SCREENSHOT = Path(__file__).resolve().parents[3] / "docs" / "screenshots" / "portal-branded-de.png"
LOGO = (b'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40" viewBox="0 0 200 40">'
        b'<rect width="40" height="40" rx="8" fill="#ffb400"/><text x="50" y="28" font-family="sans-serif" '
        b'font-size="20" font-weight="700" fill="#ffffff">Acme Notes</text></svg>')
BRAND = "#0a2540"
ACCENT = "#ffb400"


@pytest.fixture
def logo_server():
    """Serves the logo on loopback, where the emulator accepts plain-http image URLs."""
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "image/svg+xml")
            self.send_header("Content-Length", str(len(LOGO)))
            self.end_headers()
            self.wfile.write(LOGO)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/logo.svg"
    server.shutdown()
    server.server_close()


def set_branding(emulator, **fields):
    request = urllib.request.Request(
        f"{emulator.base}/v1/test_helpers/branding", data=urllib.parse.urlencode(fields).encode(),
        headers={"Authorization": "Bearer sk_test_x"}, method="POST")
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.load(response)


def rgb(hex_color):
    return "rgba({}, {}, {}, 1)".format(*(int(hex_color[i:i + 2], 16) for i in (1, 3, 5)))


def test_branded_german_portal(emulator, browser, logo_server):
    client = emulator.client
    product = client.v1.products.create(params={"name": "Pro"})
    monthly = client.v1.prices.create(params={"product": product.id, "currency": "eur", "unit_amount": 1200,
                                              "recurring": {"interval": "month"}})
    yearly = client.v1.prices.create(params={"product": product.id, "currency": "eur", "unit_amount": 12000,
                                             "recurring": {"interval": "year"}})
    customer = client.v1.customers.create(params={
        "email": "lena@example.com", "name": "Lena Schmidt", "payment_method": "pm_card_visa",
        "invoice_settings": {"default_payment_method": "pm_card_visa"}})
    client.v1.subscriptions.create(params={"customer": customer.id, "items": [{"price": monthly.id}]})
    configuration = client.v1.billing_portal.configurations.create(params={
        "business_profile": {"headline": "Ihr Acme-Notes-Abo <verwalten>",
                             "privacy_policy_url": "https://notes.acme.test/datenschutz",
                             "terms_of_service_url": "https://notes.acme.test/agb"},
        "features": {
            "invoice_history": {"enabled": True},
            "payment_method_update": {"enabled": True},
            "customer_update": {"enabled": True, "allowed_updates": ["email", "address"]},
            "subscription_cancel": {"enabled": True},
            "subscription_update": {"enabled": True, "default_allowed_updates": ["price"],
                                    "proration_behavior": "create_prorations",
                                    "products": [{"product": product.id, "prices": [monthly.id, yearly.id]}]},
        }})
    stored = set_branding(emulator, business_name="Acme Notes", logo_url=logo_server, brand_color=BRAND,
                          accent_color=ACCENT, button_style="pill")
    assert stored["accent_color"] == ACCENT
    session = client.v1.billing_portal.sessions.create(params={
        "customer": customer.id, "configuration": configuration.id, "locale": "de",
        "return_url": emulator.base + "/_emulator/health"})

    browser.get(session.url)

    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "de"
    body = browser.find_element(By.TAG_NAME, "body").text
    # Section headings are upper-cased by CSS, so compare them case-insensitively.
    assert "aktuelles abo" in body.lower() and "rechnungsverlauf" in body.lower()
    assert "Abo ändern" in body and "Zahlungsmethoden verwalten" in body
    assert "current subscription" not in body.lower() and "Update plan" not in body
    assert "12,00 €" in body.replace("\u00a0", " ")
    assert "Zurück zu Acme Notes" in body
    assert browser.find_element(By.ID, "headline").text == "Ihr Acme-Notes-Abo <verwalten>"
    assert browser.find_element(By.ID, "privacy-link").get_attribute("href") == "https://notes.acme.test/datenschutz"
    assert browser.find_element(By.ID, "terms-link").text == "AGB"
    logo = browser.find_element(By.ID, "brand-logo")
    assert logo.get_attribute("src") == logo_server
    assert browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth", logo) == 200
    aside = browser.find_element(By.CSS_SELECTOR, "aside.brand")
    assert aside.value_of_css_property("background-color") == rgb(BRAND)
    update = browser.find_element(By.CSS_SELECTOR, "a.button.primary")
    assert update.text == "Abo ändern"
    assert update.value_of_css_property("background-color") == rgb(ACCENT)
    assert update.value_of_css_property("border-top-left-radius") == "999px"

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000
