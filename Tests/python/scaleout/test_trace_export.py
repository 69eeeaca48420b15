"""`billing serve` exports its traces over OTLP/HTTP when `otel.traces.enabled` is set, and not otherwise.

A local OTLP/HTTP receiver stands in for the collector. With a batch delay longer than the test, the spans of the
requests made arrive only when SIGTERM shuts the instance down: the exporter runs in the same service group as the
app and stops after it, flushing what is left.
"""

import http.server
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.request

import pytest
from testsupport import free_port


class Receiver:
    """Records every POST it gets: (path, content type, body)."""

    def __init__(self):
        self.requests = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver.lock:
                    receiver.requests.append((self.path, self.headers.get("Content-Type"), body))
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def snapshot(self):
        with self.lock:
            return list(self.requests)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.close()


def serve(billing_bin: str, data: str, otel: dict) -> tuple:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STRIPE_", "MAIL_", "DATABASE_", "BILLING_",
                                                                      "OTEL_"))}
    env.update({
        "STRIPE_SECRET_KEY": "sk_test_otel",
        # Nothing listens here: these requests never call Stripe.
        "STRIPE_API_BASE_URL": f"http://127.0.0.1:{free_port()}",
        "STRIPE_MAX_NETWORK_RETRIES": "0",
        "STRIPE_WEBHOOK_SECRETS": "whsec_otel_test",
        **otel,
    })
    log = open(os.path.join(data, "serve.log"), "w")
    process = subprocess.Popen([billing_bin, "serve", "--port", str(port), "--data-dir", data, "--log-level", "warning"],
                               cwd=data, env=env, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, open(os.path.join(data, "serve.log")).read()[-4000:]
        try:
            with urllib.request.urlopen(base + "/health/live", timeout=1):
                return process, base
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("billing serve did not start")


def stop(process: subprocess.Popen) -> int:
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise


@pytest.mark.parametrize("enabled", [True, False])
def test_spans_reach_the_collector_only_when_enabled_and_are_flushed_on_shutdown(billing_bin, receiver, enabled):
    data = tempfile.mkdtemp(prefix="billing-otel-")
    otel = {
        "OTEL_ENDPOINT": f"http://127.0.0.1:{receiver.port}",
        "OTEL_SERVICE_NAME": "billing-otel-e2e",
        # Longer than the test: only the shutdown flush sends the batch.
        "OTEL_TRACES_BATCH_DELAY_MILLISECONDS": "600000",
    }
    if enabled:
        otel["OTEL_TRACES_ENABLED"] = "true"
    try:
        process, base = serve(billing_bin, data, otel)
        for _ in range(3):
            with urllib.request.urlopen(base + "/login", timeout=5) as response:
                assert response.status == 200
        time.sleep(1)
        assert receiver.snapshot() == [], "nothing is sent before the batch is due"
        assert stop(process) == 0
        requests = receiver.snapshot()
        if not enabled:
            assert requests == [], "no export unless otel.traces.enabled is set"
            return
        assert requests, "the shutdown flushed the finished spans"
        paths = {path for path, _, _ in requests}
        assert paths == {"/v1/traces"}
        assert {content_type for _, content_type, _ in requests} == {"application/x-protobuf"}
        body = b"".join(body for _, _, body in requests)
        assert b"billing-otel-e2e" in body, "the service.name resource attribute"
        assert b"/login" in body, "the request spans of the app"
    finally:
        shutil.rmtree(data, ignore_errors=True)
