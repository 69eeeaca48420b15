#!/usr/bin/env python3
"""Takes the sample app's screenshots in docs/screenshots/ with headless Chromium (selenium + chromedriver): starts
`billing serve` offline and captures Account settings → Billing (subscriber, past due), the cancellation survey and
the admin insights page (eight weeks of demo survey answers are written into the served database first)."""

import email
import email.policy
import os
import pathlib
import random
import sqlite3
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


def seed_surveys(path):
    """Eight weeks of survey answers, with a fixed seed so the picture is the same on every run."""
    rng = random.Random(7)
    reasons = ["too_expensive", "missing_features", "switched_service", "unused", "other"]
    now_ms = int(time.time() * 1000)
    week_ms = 7 * 86_400 * 1000
    with sqlite3.connect(path, timeout=10) as db:
        for week in range(8):
            for index in range(rng.randint(3, 9)):
                created = now_ms - (7 - week) * week_ms - rng.randint(0, 3) * 86_400_000
                reason = rng.choice(reasons)
                outcome = rng.choice(["none", "declined", "declined", "accepted"])
                db.execute(
                    "INSERT INTO cancellation_surveys (id, account_id, subscription_id, reason, comment, offer, outcome,"
                    " created_at, updated_at) VALUES (?, 'acct_demo', 'sub_demo', ?, NULL, ?, ?, ?, ?)",
                    (f"srv_demo_{week}_{index}", reason, None if outcome == "none" else "coupon:demo", outcome,
                     created, created),
                )


def first_mail_html(data):
    """The HTML part of the first mail `billing serve` wrote to its development mail folder (waits for it)."""
    for _ in range(100):
        mails = sorted(data.rglob("*.eml"))
        if mails:
            message = email.message_from_bytes(mails[0].read_bytes(), policy=email.policy.default)
            return message.get_body(preferencelist=("html",)).get_content()
        time.sleep(0.1)
    raise SystemExit(f"no mail appeared under {data}")


def main():
    binary = os.environ.get("BILLING_BIN") or str(ROOT / ".build" / "debug" / "billing")
    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    data = tempfile.mkdtemp(prefix="billing-shots-")
    port, emulator_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("STRIPE_")}
    env["APP_ADMIN_EMAILS"] = "pro@acme.test"
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
            # The subscriber again: the survey it would see, then the insights it administers.
            driver.delete_all_cookies()
            driver.get(base + "/login")
            driver.find_element(By.NAME, "email").send_keys("pro@acme.test")
            driver.find_element(By.NAME, "password").send_keys("password123")
            driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button").click()
            for _ in range(50):
                if not driver.current_url.startswith(base + "/login"):
                    break
                time.sleep(0.1)
            driver.get(base + "/settings/billing/cancel")
            driver.save_screenshot(str(out / "cancel-survey.png"))
            print(f"wrote {out / 'cancel-survey.png'}")
            seed_surveys(pathlib.Path(data) / "billing.sqlite")
            driver.set_window_size(1200, 1500)
            driver.get(base + "/admin/insights")
            driver.save_screenshot(str(out / "insights.png"))
            print(f"wrote {out / 'insights.png'}")
            # A mail as its reader sees it: the seeded canceling subscriber's win-back mail from the development
            # mail folder, its HTML part opened as a page.
            mail_html = pathlib.Path(data) / "mail-preview.html"
            mail_html.write_text(first_mail_html(pathlib.Path(data)), encoding="utf-8")
            driver.set_window_size(760, 560)
            driver.get(mail_html.as_uri())
            driver.save_screenshot(str(out / "email-winback.png"))
            print(f"wrote {out / 'email-winback.png'}")
        finally:
            driver.quit()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=15)
        shutil.rmtree(data, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
