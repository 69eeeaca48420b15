#!/usr/bin/env python3
"""Takes docs/screenshots/billing-page.png: starts `billing serve` offline, logs in as the demo subscriber and
captures Account settings → Billing with headless Chromium (selenium + chromedriver)."""

import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

ROOT = pathlib.Path(__file__).resolve().parents[1]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main():
    binary = os.environ.get("BILLING_BIN") or str(ROOT / ".build" / "debug" / "billing")
    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    data = tempfile.mkdtemp(prefix="billing-shots-")
    port, emulator_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("STRIPE_")}
    server = subprocess.Popen(
        [binary, "serve", "--port", str(port), "--emulator-port", str(emulator_port), "--data-dir", data,
         "--log-level", "warning"],
        cwd=data, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        options = webdriver.ChromeOptions()
        for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,1150",
                     "--hide-scrollbars"):
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
        try:
            for email, name in (("pro@acme.test", "billing-page.png"), ("pastdue@acme.test", "billing-past-due.png")):
                driver.delete_all_cookies()
                driver.get(base + "/login")
                driver.find_element(By.NAME, "email").send_keys(email)
                driver.find_element(By.NAME, "password").send_keys("password123")
                driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button").click()
                # Give the emulator's webhooks a moment to land (payment method, invoices).
                for _ in range(50):
                    driver.get(base + "/settings/billing")
                    if "••••" in driver.page_source and "View / PDF" in driver.page_source:
                        break
                    time.sleep(0.2)
                driver.save_screenshot(str(out / name))
                print(f"wrote {out / name}")
        finally:
            driver.quit()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=15)
        shutil.rmtree(data, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
