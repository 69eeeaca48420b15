#!/usr/bin/env python3
"""Benchmarks `billing serve` offline: time to ready, idle RSS, and POST /billing/portal latency (p50/p99)
compared with calling the emulator's POST /v1/billing_portal/sessions directly (the app's own overhead is the
difference). Prints numbers; asserts nothing."""

import http.cookiejar
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request

from benchserve import NoRedirect, pct, serve

N = int(os.environ.get("BENCH_N", "300"))


def main():
    with serve() as server:
        base, emulator = server.base, server.emulator
        ready = server.ready_seconds
        time.sleep(2)
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
        app_times = []
        form = urllib.parse.urlencode({"csrf_token": token, "flow": ""}).encode()
        for _ in range(N):
            t = time.perf_counter()
            try:
                opener.open(base + "/billing/portal", form)
            except urllib.error.HTTPError as error:
                assert error.code == 303, error.code
            app_times.append(time.perf_counter() - t)
        # The same session creation straight against the emulator: the Stripe call alone.
        request = urllib.request.Request(f"{emulator}/v1/customers?email=pro%40acme.test",
                                         headers={"Authorization": "Bearer sk_test_emulator"})
        customer = json.loads(urllib.request.urlopen(request).read())["data"][0]["id"]
        direct = []
        params = urllib.parse.urlencode({"customer": customer, "return_url": base + "/settings/billing"}).encode()
        for _ in range(N):
            req = urllib.request.Request(f"{emulator}/v1/billing_portal/sessions", params,
                                         headers={"Authorization": "Bearer sk_test_emulator"})
            t = time.perf_counter()
            urllib.request.urlopen(req).read()
            direct.append(time.perf_counter() - t)
        print(f"time to ready (spawn → /health 200, seeding included): {ready * 1000:.0f} ms")
        print(f"idle RSS (app + in-process emulator): {rss:.1f} MiB")
        print(f"POST /billing/portal  n={N}  p50={pct(app_times, .5):.2f} ms  p99={pct(app_times, .99):.2f} ms")
        print(f"emulator session only n={N}  p50={pct(direct, .5):.2f} ms  p99={pct(direct, .99):.2f} ms")
        print(f"app overhead (p50 difference): {pct(app_times, .5) - pct(direct, .5):.2f} ms")
    print(f"graceful shutdown after SIGTERM: {server.shutdown_seconds * 1000:.0f} ms, "
          f"exit code {server.process.returncode}")


if __name__ == "__main__":
    main()
