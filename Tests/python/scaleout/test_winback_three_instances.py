"""Three `billing serve` instances on one PostgreSQL database, mail to an aiosmtpd sink, the same signed Stripe
events delivered to every instance (as Stripe's retries land anywhere behind a load balancer), one instance killed
with SIGKILL while events arrive: every win-back mail arrives exactly once, on time, with the text that matches
what happened.

Nothing on this path calls Stripe (events carry distinct `created` seconds per object, so the processor never
re-fetches on a tie), so the instances get a Stripe key and an API base URL nobody listens on: a call would fail
the events and so the test.

The instances run on the real clock and the standard sequence, which is not configurable: "Sorry to see you go" is
due when the cancellation is recorded and "Your plan has ended" at the subscription's end, so immediate
cancellations (`ended_at` in the past) make both due at once. The come-back offer, 14 days after the end, is not
awaited; it stays pending in the outbox.

The killed instance receives only a customer event (no hook row, no due mail) before it dies, so it cannot hold a
claim: a claim of a dead instance is kept from the others for its lease (minutes), which the design accepts and
this test would read as a late mail.
"""

import datetime
import hashlib
import hmac
import json
import os
import pathlib
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import uuid

import pytest
from testsupport import Sink, free_port

ROOT = pathlib.Path(__file__).resolve().parents[3]
SECRET = "whsec_scaleout_test_secret"
POSTGRES_URL = os.environ.get("BILLING_TEST_POSTGRES_URL", "")

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="set BILLING_TEST_POSTGRES_URL to run the scale-out test")


def psql(sql: str) -> None:
    subprocess.run(["psql", POSTGRES_URL, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], check=True,
                   capture_output=True, timeout=30)


def wait_healthy(base: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"instance exited early:\n{process.stdout.read()}")
        try:
            with urllib.request.urlopen(base + "/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{base} did not become ready")


def sign(body: bytes) -> str:
    timestamp = int(time.time())
    mac = hmac.new(SECRET.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def event(event_id: str, event_type: str, created: int, obj: dict) -> bytes:
    return json.dumps({
        "id": event_id, "object": "event", "type": event_type, "created": created, "livemode": False,
        "api_version": "2026-10-28.endive", "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None}, "data": {"object": obj},
    }).encode()


def customer(customer_id: str, email: str) -> dict:
    return {"id": customer_id, "object": "customer", "email": email, "metadata": {}, "livemode": False}


def subscription(sub_id: str, customer_id: str, *, period_end: int, cancel_at_period_end=False,
                 canceled_at=None, ended_at=None, status="active") -> dict:
    start = period_end - 30 * 86_400
    item = {
        "id": "si_" + sub_id[4:], "object": "subscription_item", "quantity": 1, "subscription": sub_id,
        "current_period_start": start, "current_period_end": period_end, "created": start,
        "price": {"id": "price_pro_monthly", "object": "price", "product": "prod_pro", "lookup_key": "pro_monthly",
                  "currency": "usd", "unit_amount": 1900, "type": "recurring",
                  "recurring": {"interval": "month", "interval_count": 1}},
    }
    return {
        "id": sub_id, "object": "subscription", "customer": customer_id, "status": status, "livemode": False,
        "created": start, "start_date": start, "currency": "usd",
        "items": {"object": "list", "data": [item], "has_more": False, "url": f"/v1/subscription_items?subscription={sub_id}"},
        "cancel_at_period_end": cancel_at_period_end, "cancel_at": None, "canceled_at": canceled_at,
        "ended_at": ended_at, "trial_end": None, "trial_start": None, "pause_collection": None,
        "cancellation_details": {"reason": "cancellation_requested" if canceled_at else None, "feedback": None,
                                 "comment": None},
        "default_payment_method": None, "latest_invoice": None, "collection_method": "charge_automatically",
        "billing_cycle_anchor": start, "metadata": {},
    }


class Instance:
    def __init__(self, binary: str, database_url: str, smtp_port: int, data: str, name: str):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.data = os.path.join(data, name)
        os.makedirs(self.data)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("STRIPE_", "MAIL_", "DATABASE_", "BILLING_"))}
        env.update({
            "STRIPE_SECRET_KEY": "sk_test_scaleout",
            # Nothing listens here: this path must not call Stripe.
            "STRIPE_API_BASE_URL": f"http://127.0.0.1:{free_port()}",
            "STRIPE_MAX_NETWORK_RETRIES": "0",
            "STRIPE_WEBHOOK_SECRETS": SECRET,
            "MAIL_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}?starttls=never",
            "MAIL_FROM": "billing@acme-notes.test",
        })
        self.process = subprocess.Popen(
            [binary, "serve", "--port", str(self.port), "--database-url", database_url, "--data-dir", self.data,
             "--log-level", "warning"],
            cwd=self.data, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )

    def deliver(self, body: bytes) -> int:
        request = urllib.request.Request(
            self.base + "/webhooks/stripe", data=body, method="POST",
            headers={"Content-Type": "application/json", "Stripe-Signature": sign(body)},
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return 0  # the instance is gone; Stripe would retry against another one

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture()
def cluster(billing_bin):
    schema = "pytest_" + uuid.uuid4().hex
    psql(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in POSTGRES_URL else "?"
    database_url = f"{POSTGRES_URL}{separator}schema={schema}"
    sink = Sink()
    sink.controller.start()
    data = tempfile.mkdtemp(prefix="billing-scaleout-")
    instances = []
    try:
        # The first instance applies the migrations; the other two start against the migrated schema together.
        instances.append(Instance(billing_bin, database_url, sink.port, data, "a"))
        wait_healthy(instances[0].base, instances[0].process)
        instances += [Instance(billing_bin, database_url, sink.port, data, name) for name in ("b", "c")]
        for instance in instances[1:]:
            wait_healthy(instance.base, instance.process)
        yield instances, sink
    finally:
        for instance in instances:
            instance.stop()
        sink.controller.stop()
        shutil.rmtree(data, ignore_errors=True)
        psql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def deliver_to_all(instances, bodies, expect=(200,)):
    for body in bodies:
        for instance in instances:
            status = instance.deliver(body)
            assert status in expect, f"{instance.base} answered {status}"


def mails_for(messages, address, subject=None):
    return [m for m in messages if m["to"] == [address] and (subject is None or m["subject"] == subject)]


def test_winback_mail_goes_out_once_on_time_with_the_right_text_across_three_instances(cluster):
    instances, sink = cluster
    now = int(time.time())
    period_end = now + 30 * 86_400
    end_text = datetime.datetime.fromtimestamp(period_end, datetime.timezone.utc).strftime("%B %-d, %Y")

    # Phase 1: a scheduled cancellation, an immediate one, a scheduled one that will be replaced by an immediate
    # one, and an immediate one whose customer event is held back (its mails must wait for the address).
    phase1 = [
        event("evt_c1", "customer.created", now - 60, customer("cus_sched", "sched@example.com")),
        event("evt_c2", "customer.created", now - 60, customer("cus_now", "now@example.com")),
        event("evt_c3", "customer.created", now - 60, customer("cus_both", "both@example.com")),
        event("evt_s1", "customer.subscription.updated", now - 20,
              subscription("sub_sched", "cus_sched", period_end=period_end, cancel_at_period_end=True,
                           canceled_at=now - 20)),
        event("evt_s2", "customer.subscription.deleted", now - 20,
              subscription("sub_now", "cus_now", period_end=period_end, canceled_at=now - 20, ended_at=now - 20,
                           status="canceled")),
        event("evt_s3", "customer.subscription.updated", now - 20,
              subscription("sub_both", "cus_both", period_end=period_end, cancel_at_period_end=True,
                           canceled_at=now - 20)),
        event("evt_s4", "customer.subscription.deleted", now - 20,
              subscription("sub_late", "cus_late", period_end=period_end, canceled_at=now - 20, ended_at=now - 20,
                           status="canceled")),
    ]
    phase1_at = time.time()
    deliver_to_all(instances, phase1)
    # Mailers poll every 5 s, hook runners every 0.5 s: a due mail goes out within about 6 s.
    sink.wait_for(
        lambda ms: len(mails_for(ms, "sched@example.com")) >= 1 and len(mails_for(ms, "now@example.com")) >= 2
        and len(mails_for(ms, "both@example.com")) >= 1,
        15, "the phase 1 mails")

    # Phase 2: the held-back customer arrives (instance c takes it, then dies with SIGKILL), and sub_both is
    # canceled at once, long after its "Sorry to see you go" went out with the scheduled end.
    killed = instances[2]
    late_customer = event("evt_c4", "customer.created", now - 60, customer("cus_late", "late@example.com"))
    phase2_at = time.time()
    assert killed.deliver(late_customer) == 200
    killed.process.send_signal(signal.SIGKILL)
    killed.process.wait(timeout=10)
    deliver_to_all(instances[:2], [late_customer])
    both_deleted = event("evt_s5", "customer.subscription.deleted", now - 10,
                         subscription("sub_both", "cus_both", period_end=period_end, cancel_at_period_end=True,
                                      canceled_at=now - 20, ended_at=now - 10, status="canceled"))
    deleted_at = time.time()
    deliver_to_all(instances[:2], [both_deleted])
    assert killed.deliver(both_deleted) == 0
    # Replays of earlier events land on the survivors too.
    deliver_to_all(instances[:2], phase1)

    # The late customer's two mails failed their first attempt for want of an address and are retried 30 s later.
    sink.wait_for(
        lambda ms: len(mails_for(ms, "both@example.com")) >= 2 and len(mails_for(ms, "late@example.com")) >= 2,
        45, "the phase 2 mails")
    time.sleep(6)  # one more mailer poll: anything sent twice would show now

    messages = sink.snapshot()
    ids = [m["message_id"] for m in messages]
    assert len(ids) == len(set(ids)), f"a Message-ID arrived twice: {sink.summary()}"
    pairs = [(m["subject"], m["to"][0]) for m in messages]
    assert sorted(pairs) == sorted([
        ("Sorry to see you go", "sched@example.com"),
        ("Sorry to see you go", "now@example.com"),
        ("Your plan has ended", "now@example.com"),
        ("Sorry to see you go", "both@example.com"),
        ("Your plan has ended", "both@example.com"),
        ("Sorry to see you go", "late@example.com"),
        ("Your plan has ended", "late@example.com"),
    ]), sink.summary()

    def one(address, subject):
        [mail] = mails_for(messages, address, subject)
        return mail

    # Text: a scheduled cancellation names the end date; an immediate one says the plan has ended.
    assert f"will end on {end_text}" in one("sched@example.com", "Sorry to see you go")["text"]
    assert f"will end on {end_text}" in one("both@example.com", "Sorry to see you go")["text"]
    for address in ("now@example.com", "late@example.com"):
        text = one(address, "Sorry to see you go")["text"]
        assert "has ended" in text and "will end" not in text, text

    # On time: the immediate and scheduled mails within one mailer poll of their event; the replaced schedule's
    # "ended" mail right after the deletion, not at the old period end; the late address's mails at the retry.
    for address in ("sched@example.com", "now@example.com"):
        assert all(m["at"] - phase1_at < 12 for m in mails_for(messages, address))
    assert one("both@example.com", "Sorry to see you go")["at"] - phase1_at < 12
    assert one("both@example.com", "Your plan has ended")["at"] - deleted_at < 12
    for mail in mails_for(messages, "late@example.com"):
        assert mail["at"] >= phase2_at and mail["at"] - phase1_at < 50
