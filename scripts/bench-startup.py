#!/usr/bin/env python3
"""Benchmark: time from exec of `billing serve` (offline: SQLite, built-in emulator, demo seeding) to the first 200
on a page (GET /login), over several runs on fresh data directories, and on a restart over existing data.

    python3 scripts/bench-startup.py [--runs 10] [--binary PATH ...]

With several `--binary` options the runs alternate between them (A, B, A, B, ...), so a before/after comparison on
a busy machine sees the same conditions. Prints numbers; asserts nothing. Default binary: BILLING_BIN or
.build/debug/billing (a release build gives representative numbers).
"""

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import time

from benchserve import ROOT, free_port


def first_200(port, process, timeout=60.0):
    """Polls GET /login every 2 ms until it answers 200; returns the monotonic time it did."""
    request = f"GET /login HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"billing serve exited with {process.returncode}")
        try:
            # A short connect timeout: a connection attempted in the instant the port changes hands can stall
            # (its SYN gets no answer) until the timeout, which would be counted as start-up time.
            with socket.create_connection(("127.0.0.1", port), timeout=0.1) as sock:
                sock.settimeout(10)
                sock.sendall(request)
                status = sock.recv(64)
                if status.startswith(b"HTTP/1.1 200"):
                    return time.monotonic()
        except OSError:
            pass
        time.sleep(0.002)
    raise RuntimeError("no 200 within the timeout")


def run_once(binary, data):
    port, emulator_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("STRIPE_")}
    started = time.monotonic()
    process = subprocess.Popen(
        [binary, "serve", "--port", str(port), "--emulator-port", str(emulator_port), "--data-dir", data,
         "--log-level", "error"], cwd=data, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ready = first_200(port, process) - started
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return ready * 1000


def summary(values):
    return (f"median {statistics.median(values):.0f} ms, min {min(values):.0f}, max {max(values):.0f}, "
            f"n={len(values)}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--binary", action="append")
    args = parser.parse_args()
    binaries = args.binary or [os.environ.get("BILLING_BIN") or str(ROOT / ".build" / "debug" / "billing")]
    fresh = {binary: [] for binary in binaries}
    restart = {binary: [] for binary in binaries}
    for _ in range(max(args.runs, 1)):
        for binary in binaries:
            data = tempfile.mkdtemp(prefix="billing-startup-")
            try:
                fresh[binary].append(run_once(binary, data))
                restart[binary].append(run_once(binary, data))
            finally:
                shutil.rmtree(data, ignore_errors=True)
    print(f"cores: {os.cpu_count()}; exec → first 200 on GET /login, `billing serve` offline (SQLite + emulator)")
    for binary in binaries:
        print(binary)
        print(f"  fresh data dir (seeding included): {summary(fresh[binary])}")
        print(f"    runs: {', '.join(f'{v:.0f}' for v in fresh[binary])}")
        print(f"  restart over existing data:        {summary(restart[binary])}")
        print(f"    runs: {', '.join(f'{v:.0f}' for v in restart[binary])}")


if __name__ == "__main__":
    main()
