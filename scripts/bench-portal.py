#!/usr/bin/env python3
"""Benchmarks `billing serve` offline: time to ready, idle RSS, and POST /billing/portal latency (p50/p99)
compared with calling the emulator's POST /v1/billing_portal/sessions directly (the app's own overhead is the
difference). Prints numbers; asserts nothing."""

import http.client
import http.cookiejar
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

from benchserve import NoRedirect, pct, serve

N = int(os.environ.get("BENCH_N", "300"))


def main():
    with serve() as server:
        base, emulator = server.base, server.emulator
        ready = server.ready_seconds
        # Seeding's webhooks (and their retries, the first after 1 s) settle before anything is timed.
        time.sleep(float(os.environ.get("BENCH_SETTLE", "5")))
        rss = int(re.search(r"VmRSS:\s+(\d+)", open(f"/proc/{server.process.pid}/status").read()).group(1)) / 1024
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
        page = opener.open(base + "/login").read().decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({"csrf_token": token, "email": "pro@acme.test", "password": "password123"})
        try:
            opener.open(base + "/login", body.encode())
        except urllib.error.HTTPError:
            pass
        page = opener.open(base + "/settings/billing").read().decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        # Both sides are timed over one keep-alive connection each (http.client), with the cookie sent by hand,
        # so the client's own per-request cost (urllib's handlers, a new connection, an exception per 303) is the
        # same small constant on both and the difference is the application's.
        cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
        form = urllib.parse.urlencode({"csrf_token": token, "flow": ""})
        app_host = urllib.parse.urlsplit(base)
        app = http.client.HTTPConnection(app_host.hostname, app_host.port)
        app_headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
        app_times = []
        for _ in range(N):
            t = time.perf_counter()
            app.request("POST", "/billing/portal", form, app_headers)
            response = app.getresponse()
            response.read()
            app_times.append(time.perf_counter() - t)
            assert response.status == 303, response.status
        app.close()
        # The same session creation straight against the emulator: the Stripe call alone.
        request = urllib.request.Request(f"{emulator}/v1/customers?email=pro%40acme.test",
                                         headers={"Authorization": "Bearer sk_test_emulator"})
        customer = json.loads(urllib.request.urlopen(request).read())["data"][0]["id"]
        emulator_host = urllib.parse.urlsplit(emulator)
        stripe = http.client.HTTPConnection(emulator_host.hostname, emulator_host.port)
        stripe_headers = {"Authorization": "Bearer sk_test_emulator",
                          "Content-Type": "application/x-www-form-urlencoded"}
        # What the application sends: its portal configuration, and a fresh Idempotency-Key per POST (which the
        # emulator records, as Stripe does).
        request = urllib.request.Request(f"{emulator}/v1/billing_portal/configurations?limit=100",
                                         headers={"Authorization": "Bearer sk_test_emulator"})
        configurations = json.loads(urllib.request.urlopen(request).read())["data"]
        configuration = next(c["id"] for c in configurations if c.get("metadata", {}).get("seed") == "acme-notes")
        params = urllib.parse.urlencode({"customer": customer, "return_url": base + "/settings/billing",
                                         "configuration": configuration})
        direct = []
        for _ in range(N):
            stripe_headers["Idempotency-Key"] = str(uuid.uuid4())
            t = time.perf_counter()
            stripe.request("POST", "/v1/billing_portal/sessions", params, stripe_headers)
            response = stripe.getresponse()
            response.read()
            direct.append(time.perf_counter() - t)
            assert response.status == 200, response.status
        stripe.close()
        print(f"time to ready (spawn → /health 200, seeding included): {ready * 1000:.0f} ms")
        print(f"idle RSS (app + in-process emulator): {rss:.1f} MiB")
        print(f"POST /billing/portal  n={N}  p50={pct(app_times, .5):.2f} ms  p99={pct(app_times, .99):.2f} ms")
        print(f"emulator session only n={N}  p50={pct(direct, .5):.2f} ms  p99={pct(direct, .99):.2f} ms")
        print(f"app overhead (p50 difference): {pct(app_times, .5) - pct(direct, .5):.2f} ms")
    print(f"graceful shutdown after SIGTERM: {server.shutdown_seconds * 1000:.0f} ms, "
          f"exit code {server.process.returncode}")


if __name__ == "__main__":
    main()
