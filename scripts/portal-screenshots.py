#!/usr/bin/env python3
"""Renders docs/portal-home.png and docs/portal-cancel.png from a fresh `billing emulator` in headless Chromium.

Usage: scripts/portal-screenshots.py [--out docs]   (BILLING_BIN overrides .build/debug/billing)
Needs the `stripe` and `selenium` packages, chromium and chromedriver.
"""

import argparse
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import stripe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

REPO = Path(__file__).resolve().parents[1]
BILLING_BIN = os.environ.get("BILLING_BIN", str(REPO / ".build" / "debug" / "billing"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_emulator():
    port = free_port()
    process = subprocess.Popen(
        [BILLING_BIN, "emulator", "--port", str(port), "--log-level", "warning"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_emulator/health", timeout=1)
            return process, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("emulator did not start")


def browser(width=1280, height=900):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     f"--window-size={width},{height}", "--hide-scrollbars"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)


def seed(client):
    product = client.v1.products.create(params={"name": "Pro plan"})
    monthly = client.v1.prices.create(params={
        "product": product.id, "currency": "usd", "unit_amount": 2900, "recurring": {"interval": "month"}})
    team = client.v1.products.create(params={"name": "Team plan"})
    team_monthly = client.v1.prices.create(params={
        "product": team.id, "currency": "usd", "unit_amount": 9900, "recurring": {"interval": "month"}})
    coupon = client.v1.coupons.create(params={
        "percent_off": 30, "duration": "repeating", "duration_in_months": 3, "name": "Stay with us"})
    customer = client.v1.customers.create(params={
        "email": "amy@example.com", "name": "Amy Example",
        "address": {"line1": "1 Market Street", "city": "San Francisco", "state": "CA", "postal_code": "94105",
                    "country": "US"},
        "payment_method": "pm_card_visa", "invoice_settings": {"default_payment_method": "pm_card_visa"}})
    client.v1.payment_methods.attach("pm_card_mastercard", params={"customer": customer.id})
    subscription = client.v1.subscriptions.create(params={"customer": customer.id, "items": [{"price": monthly.id}]})
    configuration = client.v1.billing_portal.configurations.create(params={
        "business_profile": {"headline": "Acme partners with Stripe for simplified billing."},
        "name": "Acme",
        "features": {
            "customer_update": {"enabled": True, "allowed_updates": ["email", "name", "address"]},
            "invoice_history": {"enabled": True},
            "payment_method_update": {"enabled": True},
            "subscription_cancel": {"enabled": True, "mode": "at_period_end", "cancellation_reason": {
                "enabled": True, "options": ["too_expensive", "missing_features", "switched_service", "unused",
                                             "other"]}},
            "subscription_update": {"enabled": True, "default_allowed_updates": ["price"],
                                    "proration_behavior": "create_prorations",
                                    "products": [{"product": product.id, "prices": [monthly.id]},
                                                 {"product": team.id, "prices": [team_monthly.id]}]},
        }})
    return customer, subscription, configuration, coupon


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(REPO / "docs"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    process, base = start_emulator()
    driver = browser()
    try:
        client = stripe.StripeClient("sk_test_screens", base_addresses={"api": base}, max_network_retries=0)
        customer, subscription, configuration, coupon = seed(client)
        session = client.v1.billing_portal.sessions.create(params={
            "customer": customer.id, "configuration": configuration.id,
            "return_url": "https://acme.example/account/billing"})
        driver.get(session.url)
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": 1280, "height": max(900, height), "deviceScaleFactor": 1, "mobile": False})
        driver.save_screenshot(str(out / "portal-home.png"))
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        cancel = client.v1.billing_portal.sessions.create(params={
            "customer": customer.id, "configuration": configuration.id,
            "return_url": "https://acme.example/account/billing",
            "flow_data": {"type": "subscription_cancel", "subscription_cancel": {
                "subscription": subscription.id,
                "retention": {"type": "coupon_offer", "coupon_offer": {"coupon": coupon.id}}}}})
        driver.set_window_size(1280, 900)
        driver.get(cancel.url)
        driver.save_screenshot(str(out / "portal-cancel.png"))
    finally:
        driver.quit()
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
