#!/usr/bin/env python3
"""Benchmark: requests/s of our Stripe emulator vs localstripe, same client, same machine, same run.

Measures customer create, retrieve and list (plus product create and legacy plan create on localstripe, price
create on ours) with N concurrent keep-alive connections over loopback. Not a test: it prints numbers.

    python3 scripts/bench-emulator.py [--requests 4000] [--concurrency 8]
    python3 scripts/bench-emulator.py --load wrk [--seconds 3] [--rounds 3] [--concurrency 8]

With `--load wrk` each operation runs on both servers back to back, alternating which goes first, over several
rounds, and the report gives median rates, the ratio and the per-round ratios.

Needs `localstripe` and `aiohttp` in the Python environment (pip install localstripe) and
`.build/debug/billing` (or BILLING_BIN; a release build gives more representative numbers).
"""

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import aiohttp

REPO = Path(__file__).resolve().parents[1]
AUTH = {"Authorization": "Bearer sk_test_bench"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(urllib.request.Request(url, headers=AUTH), timeout=1)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


async def run_phase(base, method, make_path, make_body, total, concurrency):
    counter = iter(range(total))
    errors = 0
    ids = []

    async def worker(session):
        nonlocal errors
        for index in counter:
            data = make_body(index)
            async with session.request(method, base + make_path(index), data=data, headers=AUTH) as response:
                body = await response.json(content_type=None)
                if response.status != 200:
                    errors += 1
                elif method == "POST":
                    ids.append(body["id"])

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        started = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return total / elapsed, errors, ids


async def bench(base, name, total, concurrency, catalog_calls):
    results = {}
    rate, errors, ids = await run_phase(
        base, "POST", lambda i: "/v1/customers", lambda i: {"email": f"bench{i}@example.com", "name": "Bench"},
        total, concurrency)
    results["customer create"] = (rate, errors)
    rate, errors, _ = await run_phase(
        base, "GET", lambda i: f"/v1/customers/{ids[i % len(ids)]}", lambda i: None, total, concurrency)
    results["customer retrieve"] = (rate, errors)
    rate, errors, _ = await run_phase(
        base, "GET", lambda i: "/v1/customers?limit=10", lambda i: None, total // 2, concurrency)
    results["customer list (10)"] = (rate, errors)
    for label, path, body in catalog_calls:
        rate, errors, _ = await run_phase(base, "POST", lambda i, p=path: p, body, total // 2, concurrency)
        results[label] = (rate, errors)
    return results


def wrk_rate(base, method, path, body, seconds, concurrency):
    """Requests/s from wrk (C load generator, so the client is not the bottleneck)."""
    script = f"""
wrk.method = "{method}"
wrk.headers["Authorization"] = "Bearer sk_test_bench"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
{'wrk.body = "' + body + '"' if body else ''}
"""
    path_file = Path("/tmp/bench-emulator-wrk.lua")
    path_file.write_text(script)
    out = subprocess.run(
        ["wrk", "-t2", f"-c{concurrency}", f"-d{seconds}s", "-s", str(path_file), base + path],
        capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith("Requests/sec:"):
            return float(line.split()[1]), ("Non-2xx" in out)
    raise RuntimeError(out)


WRK_OPERATIONS = [
    ("customer create", "POST", lambda c: "/v1/customers", "email=bench%40example.com&name=Bench"),
    ("customer retrieve", "GET", lambda c: f"/v1/customers/{c}", None),
    ("customer list (10)", "GET", lambda c: "/v1/customers?limit=10", None),
    ("product create", "POST", lambda c: "/v1/products", "name=Bench"),
]


def bench_wrk_interleaved(ours_base, theirs_base, seconds, concurrency, rounds):
    """Each operation on both servers back to back, the first one alternating between rounds (A/B, B/A, ...), so
    a machine whose load changes during the run affects both sides alike. Returns {label: ([ours], [theirs])}."""
    customers = {ours_base: first_customer(ours_base), theirs_base: first_customer(theirs_base)}
    results = {label: ([], []) for label, *_ in WRK_OPERATIONS}
    for round_index in range(rounds):
        for label, method, path, body in WRK_OPERATIONS:
            order = [(0, ours_base), (1, theirs_base)]
            if round_index % 2:
                order.reverse()
            for side, base in order:
                rate, non2xx = wrk_rate(base, method, path(customers[base]), body, seconds, concurrency)
                results[label][side].append((rate, non2xx))
    return results


def report_interleaved(args, results):
    print(f"wrk, {args.seconds} s per phase, {args.concurrency} connections, loopback, {args.rounds} rounds "
          f"interleaved (ours/localstripe, then localstripe/ours, ...)\n")
    print(f"{'operation':<22}{'ours req/s':>12}{'localstripe':>13}{'ratio':>8}   per-round ratios")
    medians = []
    for label, (ours, theirs) in results.items():
        ratios = [o[0] / t[0] for o, t in zip(ours, theirs)]
        median_ours = statistics.median(o[0] for o in ours)
        median_theirs = statistics.median(t[0] for t in theirs)
        ratio = median_ours / median_theirs
        medians.append(ratio)
        errors = any(o[1] for o in ours) or any(t[1] for t in theirs)
        print(f"{label:<22}{median_ours:>12.0f}{median_theirs:>13.0f}{ratio:>7.1f}x   "
              + ", ".join(f"{r:.1f}" for r in ratios) + ("  (non-2xx answers seen)" if errors else ""))
    geometric = 1.0
    for ratio in medians:
        geometric *= ratio
    print(f"\ngeometric mean ratio: {geometric ** (1 / len(medians)):.1f}x (goal >= 20x)")


def first_customer(base):
    request = urllib.request.Request(base + "/v1/customers", data=b"email=seed%40example.com", headers=AUTH)
    import json
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["id"]


def start_ours(port):
    binary = os.environ.get("BILLING_BIN", str(REPO / ".build" / "debug" / "billing"))
    process = subprocess.Popen([binary, "emulator", "--port", str(port), "--log-level", "error"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_http(f"http://127.0.0.1:{port}/v1/customers")
    return process


def start_localstripe(port):
    code = (
        "import aiohttp.web, localstripe.server as s;"
        f"aiohttp.web.run_app(s.app, host='127.0.0.1', port={port}, print=None)"
    )
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_http(f"http://127.0.0.1:{port}/v1/customers")
    return process


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--load", choices=["python", "wrk"], default="python",
                        help="load generator: aiohttp (bounded request counts) or wrk (bounded duration)")
    parser.add_argument("--seconds", type=int, default=3, help="duration per phase with --load wrk")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds per operation with --load wrk")
    args = parser.parse_args()
    total = min(max(args.requests, 100), 50_000)

    ours_port, theirs_port = free_port(), free_port()
    ours, theirs = start_ours(ours_port), start_localstripe(theirs_port)
    try:
        if args.load == "wrk":
            ours_base, theirs_base = f"http://127.0.0.1:{ours_port}", f"http://127.0.0.1:{theirs_port}"
            seconds = min(max(args.seconds, 1), 30)
            interleaved = bench_wrk_interleaved(ours_base, theirs_base, seconds, args.concurrency,
                                                max(args.rounds, 1))
        else:
            ours_results, theirs_results = run_python_load(ours_port, theirs_port, total, args.concurrency)
    finally:
        for process in (ours, theirs):
            process.terminate()
            process.wait(timeout=10)
    if args.load == "wrk":
        report_interleaved(args, interleaved)
    else:
        report(args, total, ours_results, theirs_results)


def run_python_load(ours_port, theirs_port, total, concurrency):
    ours_results = asyncio.run(bench(
            f"http://127.0.0.1:{ours_port}", "ours", total, concurrency,
            [("product create", "/v1/products", lambda i: {"name": f"P{i}"})]))
    theirs_results = asyncio.run(bench(
            f"http://127.0.0.1:{theirs_port}", "localstripe", total, concurrency,
            [("product create", "/v1/products", lambda i: {"name": f"P{i}"}),
             ("plan create (legacy)", "/v1/plans",
              lambda i: {"id": f"plan{i}", "amount": 1000, "currency": "usd", "interval": "month",
                         "product[name]": f"Plan {i}"})]))
    return ours_results, theirs_results


def report(args, total, ours_results, theirs_results):
    if args.load == "wrk":
        print(f"wrk, {args.seconds} s per phase, {args.concurrency} connections, loopback\n")
    else:
        print(f"{total} requests per phase (list: {total // 2}), concurrency {args.concurrency}, loopback\n")
    print(f"{'operation':<24}{'ours req/s':>12}{'localstripe req/s':>20}{'ratio':>9}")
    ratios = []
    for label in theirs_results:
        theirs_rate, theirs_errors = theirs_results[label]
        if label in ours_results:
            ours_rate, ours_errors = ours_results[label]
            ratio = ours_rate / theirs_rate
            ratios.append(ratio)
            print(f"{label:<24}{ours_rate:>12.0f}{theirs_rate:>20.0f}{ratio:>8.1f}x"
                  + (f"  (errors: ours {ours_errors}, localstripe {theirs_errors})" if ours_errors or theirs_errors else ""))
        else:
            print(f"{label:<24}{'-':>12}{theirs_rate:>20.0f}{'':>9}  (no legacy plans in ours)")
    if ratios:
        geometric = 1.0
        for ratio in ratios:
            geometric *= ratio
        print(f"\ngeometric mean ratio: {geometric ** (1 / len(ratios)):.1f}x (goal >= 20x)")


if __name__ == "__main__":
    main()
