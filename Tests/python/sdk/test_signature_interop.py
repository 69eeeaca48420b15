"""Our webhook signer, checked by the official Stripe SDK's own verification code."""

import json
import subprocess
import time

import pytest
import stripe

SECRET = "whsec_interop_" + "z" * 24


def sign(billing_bin, tmp_path, payload: bytes, timestamp: int, secret: str = SECRET) -> str:
    path = tmp_path / "payload.json"
    path.write_bytes(payload)
    result = subprocess.run(
        [billing_bin, "webhooks", "sign", "--secret", secret, "--timestamp", str(timestamp), "--payload-file", str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def event_payload(**extra) -> bytes:
    event = {
        "id": "evt_interop",
        "object": "event",
        "api_version": "2026-10-28.endive",
        "created": 1790000000,
        "type": "customer.subscription.updated",
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "data": {"object": {"id": "sub_1", "object": "subscription", "status": "active", **extra}},
    }
    return json.dumps(event, indent=2, ensure_ascii=False).encode("utf-8")


def test_sdk_accepts_our_signature(billing_bin, tmp_path):
    payload = event_payload(note="Zoë ✓")
    header = sign(billing_bin, tmp_path, payload, int(time.time()))
    event = stripe.Webhook.construct_event(payload, header, SECRET)
    assert event.id == "evt_interop"
    assert event.type == "customer.subscription.updated"
    assert event.data.object.note == "Zoë ✓"


def test_sdk_rejects_our_signature_for_a_tampered_body(billing_bin, tmp_path):
    payload = event_payload()
    header = sign(billing_bin, tmp_path, payload, int(time.time()))
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(payload.replace(b"active", b"canceled"), header, SECRET)


def test_sdk_rejects_our_signature_under_another_secret(billing_bin, tmp_path):
    payload = event_payload()
    header = sign(billing_bin, tmp_path, payload, int(time.time()), secret="whsec_someone_else")
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(payload, header, SECRET)


def test_sdk_rejects_our_old_signature(billing_bin, tmp_path):
    payload = event_payload()
    header = sign(billing_bin, tmp_path, payload, int(time.time()) - 3600)
    with pytest.raises(stripe.SignatureVerificationError, match="tolerance"):
        stripe.Webhook.construct_event(payload, header, SECRET)
