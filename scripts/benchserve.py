"""What the `billing serve` benchmarks share: free ports, a redirect-less opener, percentiles, and a `billing serve`
(offline, temporary data directory) started and stopped around a block."""

import contextlib
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[1]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Leaves 303s to the caller, which times the redirect answer itself."""

    def redirect_request(self, *args, **kwargs):
        return None


def pct(values, p):
    """The p-th percentile of durations in seconds, in milliseconds."""
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] * 1000


class Server:
    base: str
    emulator: str
    process: subprocess.Popen
    ready_seconds: float
    shutdown_seconds: float | None = None


@contextlib.contextmanager
def serve():
    """Starts `billing serve` without Stripe keys (in-process emulator), waits for /health, yields a Server; stops it
    with SIGTERM afterwards and records how long the graceful shutdown took."""
    binary = os.environ.get("BILLING_BIN") or str(ROOT / ".build" / "debug" / "billing")
    data = tempfile.mkdtemp(prefix="billing-bench-")
    port, emulator_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("STRIPE_")}
    started = time.monotonic()
    server = Server()
    server.process = subprocess.Popen(
        [binary, "serve", "--port", str(port), "--emulator-port", str(emulator_port), "--data-dir", data,
         "--log-level", "error"], cwd=data, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server.base, server.emulator = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{emulator_port}"
    try:
        while True:
            try:
                urllib.request.urlopen(server.base + "/health", timeout=1)
                break
            except OSError:
                time.sleep(0.02)
        server.ready_seconds = time.monotonic() - started
        yield server
    finally:
        server.process.send_signal(signal.SIGTERM)
        stopping = time.monotonic()
        server.process.wait(timeout=15)
        server.shutdown_seconds = time.monotonic() - stopping
        shutil.rmtree(data, ignore_errors=True)
