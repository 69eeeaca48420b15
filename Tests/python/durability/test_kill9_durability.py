"""Nothing acknowledged is lost: `billing serve` is killed with SIGKILL while signed webhooks pour in, restarted on
the same database, and every event it answered 2xx to is in the event log (and gets processed).

Runs on SQLite always and on PostgreSQL when BILLING_TEST_POSTGRES_URL is set (in a fresh schema, dropped
afterwards). Nothing on this path calls Stripe: every event is about its own customer, so the processor never
re-fetches on a tie, and the instance gets an API base URL nobody listens on.
"""

import hashlib
import hmac
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid

import pytest
from testsupport import free_port

SECRET = "whsec_durability_test_secret"
POSTGRES_URL = os.environ.get("BILLING_TEST_POSTGRES_URL", "")
SENDERS = 8
LOAD_SECONDS = 2.0


def sign(body: bytes) -> str:
    timestamp = int(time.time())
    mac = hmac.new(SECRET.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def customer_event(event_id: str, created: int) -> bytes:
    customer_id = "cus_" + event_id[4:]
    return json.dumps({
        "id": event_id, "object": "event", "type": "customer.created", "created": created, "livemode": False,
        "api_version": "2026-10-28.endive", "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "data": {"object": {"id": customer_id, "object": "customer", "email": f"{customer_id}@example.com",
                            "metadata": {}, "livemode": False, "created": created}},
    }).encode()


def start(binary: str, database_url: str, data: str, port: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STRIPE_", "MAIL_", "DATABASE_", "BILLING_"))}
    env.update({
        "STRIPE_SECRET_KEY": "sk_test_durability",
        # Nothing listens here: this path must not call Stripe.
        "STRIPE_API_BASE_URL": f"http://127.0.0.1:{free_port()}",
        "STRIPE_MAX_NETWORK_RETRIES": "0",
        "STRIPE_WEBHOOK_SECRETS": SECRET,
    })
    return subprocess.Popen(
        [binary, "serve", "--port", str(port), "--database-url", database_url, "--data-dir", data,
         "--log-level", "warning"],
        cwd=data, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def wait_healthy(base: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"billing serve exited early:\n{process.stdout.read()}")
        try:
            with urllib.request.urlopen(base + "/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{base} did not become ready")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Load:
    """Senders that each POST distinct signed events back to back (a new connection per request),
    keeping the ids of those answered 2xx, until told to stop or the server is gone."""

    def __init__(self, base: str):
        self.base = base
        self.acknowledged: list[str] = []
        self.refused: list[tuple[str, int]] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.created = int(time.time()) - 600
        self.threads = [threading.Thread(target=self.send, args=(n,), daemon=True) for n in range(SENDERS)]

    def send(self, sender: int) -> None:
        sequence = 0
        while not self.stopping.is_set():
            event_id = f"evt_k9s{sender}n{sequence}"
            sequence += 1
            body = customer_event(event_id, self.created)
            request = urllib.request.Request(
                self.base + "/webhooks/stripe", data=body, method="POST",
                headers={"Content-Type": "application/json", "Stripe-Signature": sign(body)},
            )
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    response.read()
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError:
                return  # the server is gone: an unanswered delivery is Stripe's to retry, not an acknowledgement
            with self.lock:
                if 200 <= status < 300:
                    self.acknowledged.append(event_id)
                else:
                    self.refused.append((event_id, status))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def count(self) -> int:
        with self.lock:
            return len(self.acknowledged)


def stored_sqlite(path: str) -> tuple[set[str], int]:
    connection = sqlite3.connect(path, timeout=30)
    try:
        ids = {row[0] for row in connection.execute("SELECT id FROM stripe_events")}
        pending = connection.execute("SELECT COUNT(*) FROM stripe_events WHERE processed_at IS NULL").fetchone()[0]
        return ids, pending
    finally:
        connection.close()


def psql(sql: str) -> str:
    return subprocess.run(["psql", POSTGRES_URL, "-v", "ON_ERROR_STOP=1", "-q", "-At", "-c", sql], check=True,
                          capture_output=True, text=True, timeout=60).stdout


def stored_postgres(schema: str) -> tuple[set[str], int]:
    ids = {line for line in psql(f"SELECT id FROM {schema}.stripe_events").splitlines() if line}
    pending = int(psql(f"SELECT COUNT(*) FROM {schema}.stripe_events WHERE processed_at IS NULL").strip())
    return ids, pending


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request):
    """(database URL, a function returning the stored event ids and the pending count)."""
    data = tempfile.mkdtemp(prefix="billing-kill9-")
    if request.param == "sqlite":
        path = os.path.join(data, "billing.sqlite")
        yield data, f"sqlite:{path}", lambda: stored_sqlite(path)
        shutil.rmtree(data, ignore_errors=True)
        return
    if not POSTGRES_URL:
        shutil.rmtree(data, ignore_errors=True)
        pytest.skip("set BILLING_TEST_POSTGRES_URL to run the PostgreSQL case")
    schema = "pytest_" + uuid.uuid4().hex
    psql(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield data, f"{POSTGRES_URL}{separator}schema={schema}", lambda: stored_postgres(schema)
    finally:
        shutil.rmtree(data, ignore_errors=True)
        psql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def test_no_acknowledged_event_is_lost_when_serve_is_killed_under_load(billing_bin, backend):
    data, database_url, stored = backend
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = start(billing_bin, database_url, data, port)
    try:
        wait_healthy(base, process)
        with Load(base) as load:
            deadline = time.monotonic() + LOAD_SECONDS
            while time.monotonic() < deadline or load.count() < 50:
                assert time.monotonic() < deadline + 30, "the load never got 50 acknowledgements"
                time.sleep(0.05)
            # Mid-stream: senders are between a request and its answer when the process disappears.
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
        acknowledged = list(load.acknowledged)
        print(f"{len(acknowledged)} acknowledged before SIGKILL")
        assert not load.refused, f"deliveries refused before the kill: {load.refused[:5]}"
        assert len(acknowledged) >= 50
        process.stdout.close()

        process = start(billing_bin, database_url, data, port)
        wait_healthy(base, process)
        ids, _ = stored()
        lost = [event_id for event_id in acknowledged if event_id not in ids]
        assert not lost, f"{len(lost)} of {len(acknowledged)} acknowledged events lost, e.g. {lost[:5]}"

        # The restarted processor takes over what the killed one left: everything stored gets processed.
        deadline = time.monotonic() + 60
        while True:
            ids, pending = stored()
            if pending == 0:
                break
            assert time.monotonic() < deadline, f"{pending} events still unprocessed 60 s after the restart"
            time.sleep(0.2)
    finally:
        stop(process)
        if process.stdout and not process.stdout.closed:
            process.stdout.close()
