#!/usr/bin/env python3
"""Benchmarks starting a Checkout through `billing serve` (offline): POST /billing/checkout (the plan chooser's form,
answered with 303 to the emulator's hosted page) compared, in the same run, with the emulator's
POST /v1/checkout/sessions alone with the same parameters (the app's own overhead is the difference).

Each timed app request is a new session for a signed-up user whose Stripe customer already exists (made by an
untimed Checkout for another plan first), so neither the lazy customer nor the idempotent replay of a double click
is measured; the replay is measured on its own. BENCH_RUNS runs of BENCH_N requests each (defaults 5 and 100);
prints p50/p99 per run and the spread across runs. Asserts nothing but the 303s."""

import http.cookiejar
import json
import os
import re
import statistics
import time
import urllib.error
import urllib.parse
import urllib.request

from benchserve import NoRedirect, pct, serve

N = int(os.environ.get("BENCH_N", "100"))
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
KEY = {"Authorization": "Bearer sk_test_emulator"}


def post(opener, url, fields):
    """POSTs a form and returns (status, Location) without following the redirect."""
    try:
        response = opener.open(url, urllib.parse.urlencode(fields).encode())
        return response.status, response.headers.get("Location")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location")


def csrf(page):
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def price_of(page, lookup_key):
    form = page[page.index(f'data-testid="plan-{lookup_key}"'):]
    return re.search(r'name="price" value="([^"]+)"', form).group(1)


class User:
    """A signed-up user with a Stripe customer, ready to start a Checkout for Pro monthly."""

    def __init__(self, base, index):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect)
        token = csrf(self.opener.open(base + "/signup").read().decode())
        email = f"bench-{index}-{os.getpid()}-{time.monotonic_ns()}@acme.test"
        status, _ = post(self.opener, base + "/signup",
                         {"csrf_token": token, "name": "Bench", "email": email, "password": "long enough password"})
        assert status in (302, 303), status
        page = self.opener.open(base + "/settings/billing").read().decode()
        self.token = csrf(page)
        self.pro = price_of(page, "pro_monthly")
        # Another plan first, untimed: this creates the account's customer.
        status, _ = post(self.opener, base + "/billing/checkout",
                         {"csrf_token": self.token, "price": price_of(page, "team_monthly")})
        assert status == 303, status

    def checkout(self):
        status, location = post(self.opener, self.base + "/billing/checkout",
                                {"csrf_token": self.token, "price": self.pro})
        assert status == 303 and "/c/pay/cs_" in (location or ""), (status, location)
        return location


def main():
    with serve() as server:
        base, emulator = server.base, server.emulator
        time.sleep(2)
        app_runs, direct_runs, replay = [], [], []
        for run in range(RUNS):
            users = [User(base, run * N + i) for i in range(N)]
            app = []
            for user in users:
                t = time.perf_counter()
                user.checkout()
                app.append(time.perf_counter() - t)
            # A double click: the same account and price within the minute replays the session already created.
            for user in users[:20]:
                t = time.perf_counter()
                user.checkout()
                replay.append(time.perf_counter() - t)
            # The same session parameters straight to the emulator, for the same customers: the Stripe call alone.
            customers = [c["id"] for c in json.loads(urllib.request.urlopen(urllib.request.Request(
                emulator + "/v1/customers?limit=100", headers=KEY)).read())["data"]]
            direct = []
            for i in range(N):
                fields = {
                    "mode": "subscription", "customer": customers[i % len(customers)],
                    "client_reference_id": f"acct_bench_{i}", "line_items[0][price]": users[0].pro,
                    "line_items[0][quantity]": "1",
                    "success_url": base + "/settings/billing?checkout_session={CHECKOUT_SESSION_ID}",
                    "cancel_url": base + "/settings/billing?checkout_canceled=1",
                    "allow_promotion_codes": "true", "metadata[account_id]": f"acct_bench_{i}",
                }
                request = urllib.request.Request(emulator + "/v1/checkout/sessions",
                                                 urllib.parse.urlencode(fields).encode(), headers=KEY)
                t = time.perf_counter()
                urllib.request.urlopen(request).read()
                direct.append(time.perf_counter() - t)
            app_runs.append(app)
            direct_runs.append(direct)
            print(f"run {run + 1}: POST /billing/checkout p50={pct(app, .5):.2f} ms p99={pct(app, .99):.2f} ms | "
                  f"emulator POST /v1/checkout/sessions p50={pct(direct, .5):.2f} ms p99={pct(direct, .99):.2f} ms")

        def summary(label, runs):
            p50s, p99s = [pct(r, .5) for r in runs], [pct(r, .99) for r in runs]
            print(f"{label:<38} runs={len(runs)} n={N}/run  p50 median={statistics.median(p50s):.2f} ms "
                  f"(spread {min(p50s):.2f}–{max(p50s):.2f})  p99 median={statistics.median(p99s):.2f} ms "
                  f"(spread {min(p99s):.2f}–{max(p99s):.2f})")

        summary("POST /billing/checkout (app)", app_runs)
        summary("POST /v1/checkout/sessions (emulator)", direct_runs)
        overhead = [pct(a, .5) - pct(d, .5) for a, d in zip(app_runs, direct_runs)]
        print(f"app overhead (p50 difference per run): median {statistics.median(overhead):.2f} ms "
              f"(spread {min(overhead):.2f}–{max(overhead):.2f})")
        print(f"double click (idempotent replay) n={len(replay)}  p50={pct(replay, .5):.2f} ms  "
              f"p99={pct(replay, .99):.2f} ms")


if __name__ == "__main__":
    main()
