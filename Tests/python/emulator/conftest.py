"""Starts `billing emulator` on a free loopback port and points the official stripe SDK at it."""

import http.server
import json
import os
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest
import stripe

REPO = Path(__file__).resolve().parents[3]
BILLING_BIN = os.environ.get("BILLING_BIN", str(REPO / ".build" / "debug" / "billing"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, timeout=20.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_emulator/health", timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"emulator did not start on port {port}")


class Receiver:
    """A local webhook endpoint: records every request; the first `fail_first` deliveries of an event get a 500."""

    def __init__(self, fail_first=0):
        self.fail_first = fail_first
        self.requests = []
        self.attempts = {}
        self.lock = threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                event_id = json.loads(body)["id"]
                with receiver.lock:
                    count = receiver.attempts.get(event_id, 0) + 1
                    receiver.attempts[event_id] = count
                    receiver.requests.append((dict(self.headers), body))
                status = 500 if count <= receiver.fail_first else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/webhooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def wait_for_event(self, event_type, timeout=10.0, successes=1):
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.lock:
                found = [json.loads(body) for _, body in self.requests if json.loads(body)["type"] == event_type]
            if len(found) >= successes:
                return found
            time.sleep(0.05)
        raise AssertionError(f"no {event_type} webhook arrived")

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Emulator:
    def __init__(self, extra_args=()):
        self.port = free_port()
        self.process = subprocess.Popen(
            [BILLING_BIN, "emulator", "--port", str(self.port), "--log-level", "warning", *extra_args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            wait_for(self.port)
        except Exception:
            self.process.kill()
            raise
        self.base = f"http://127.0.0.1:{self.port}"
        self.client = stripe.StripeClient("sk_test_x", base_addresses={"api": self.base}, max_network_retries=0)

    def deliveries(self):
        with urllib.request.urlopen(f"{self.base}/_emulator/deliveries", timeout=5) as r:
            return json.load(r)["data"]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def emulator():
    instance = Emulator()
    yield instance
    instance.stop()


@pytest.fixture
def client(emulator):
    return emulator.client


@pytest.fixture
def receiver():
    instance = Receiver()
    yield instance
    instance.close()
