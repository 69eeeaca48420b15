"""The SDK fixtures the Swift encoding tests compare against are what the installed stripe-python sends today."""

import importlib.util
import json
from pathlib import Path

import pytest
import stripe

ROOT = Path(__file__).resolve().parents[3]
FIXTURE = ROOT / "Tests" / "StripeAPITests" / "Fixtures" / "sdk-form-encodings.json"

_spec = importlib.util.spec_from_file_location("record_sdk_fixtures", ROOT / "scripts" / "sdk" / "record_sdk_fixtures.py")
recorder = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(recorder)


def test_committed_encodings_match_a_fresh_recording():
    committed = json.loads(FIXTURE.read_text())
    if committed["recorded_with"]["sdk_version"] != stripe.VERSION:
        pytest.skip(f"fixtures were recorded with stripe {committed['recorded_with']['sdk_version']}")
    fresh = recorder.record_encodings()
    assert [case["name"] for case in fresh] == [case["name"] for case in committed["cases"]]
    for recorded, expected in zip(fresh, committed["cases"]):
        assert recorded == expected, recorded["name"]


def test_checkout_and_promotion_code_requests_are_recorded():
    names = {case["name"] for case in json.loads(FIXTURE.read_text())["cases"]}
    assert {"checkout_session.create.subscription", "checkout_session.create.discount", "checkout_session.list",
            "checkout_session.expire", "promotion_code.create", "promotion_code.update",
            "promotion_code.list"} <= names
