#!/usr/bin/env python3
"""Records what the official `stripe` Python SDK (16.x) sends, as fixtures for our Swift tests.

Run from the repository root with a venv that has `stripe` installed:

    python3 -m venv .venv-sdk && .venv-sdk/bin/pip install 'stripe>=16,<17'
    .venv-sdk/bin/python scripts/sdk/record_sdk_fixtures.py

It starts a loopback HTTP server that captures each request the SDK makes (method, path, query, body) and answers
with a minimal object, so the recorded bodies are exactly the SDK's wire encoding. It also records webhook signature
headers computed by the SDK's own signing code. Output:

    Tests/StripeAPITests/Fixtures/sdk-form-encodings.json
    Tests/StripeAPITests/Fixtures/sdk-signatures.json
"""

import json
import pathlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import stripe
from stripe._webhook import WebhookSignature

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "Tests" / "StripeAPITests" / "Fixtures"
captured = []
LIST_PATHS = {"/v1/customers", "/v1/checkout/sessions", "/v1/promotion_codes"}


class Capture(BaseHTTPRequestHandler):
    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8") if length else ""
        parts = urlsplit(self.path)
        captured.append(
            {
                "method": self.command,
                "path": parts.path,
                "query": parts.query,
                "body": body,
                "idempotency_key_present": self.headers.get("Idempotency-Key") is not None,
                "stripe_version": self.headers.get("Stripe-Version"),
            }
        )
        if self.command == "GET" and parts.path in LIST_PATHS:
            reply = {"object": "list", "url": parts.path, "has_more": False, "data": []}
        else:
            reply = {"id": "obj_123", "object": "customer"}
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_DELETE = _handle

    def log_message(self, *args):
        pass


def record_encodings():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Capture)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    client = stripe.StripeClient(
        "sk_test_fixture",
        base_addresses={"api": f"http://127.0.0.1:{server.server_port}"},
        max_network_retries=0,
    )
    v1 = client.v1
    cases = [
        (
            "customer.create",
            lambda: v1.customers.create(
                params={
                    "email": "jenny+billing@example.com",
                    "name": "Jenny Rosen",
                    "description": "a&b=c ü / 100%",
                    "metadata": {"account_id": "acct 42", "plan": "pro"},
                    "invoice_settings": {"default_payment_method": "pm_card_visa"},
                    "preferred_locales": ["en", "fr"],
                }
            ),
        ),
        (
            "customer.list",
            lambda: v1.customers.list(params={"email": "jenny+billing@example.com", "limit": 3}),
        ),
        (
            "price.create",
            lambda: v1.prices.create(
                params={
                    "currency": "usd",
                    "unit_amount": 1500,
                    "product": "prod_pro",
                    "recurring": {"interval": "month", "interval_count": 1},
                    "lookup_key": "pro_monthly",
                    "nickname": "Pro monthly",
                }
            ),
        ),
        (
            "subscription.create",
            lambda: v1.subscriptions.create(
                params={
                    "customer": "cus_123",
                    "items": [{"price": "price_pro", "quantity": 2}],
                    "trial_period_days": 14,
                    "discounts": [{"coupon": "SAVE20"}],
                    "metadata": {"account_id": "42"},
                    "payment_behavior": "allow_incomplete",
                    "expand": ["latest_invoice"],
                }
            ),
        ),
        (
            "subscription.update.plan",
            lambda: v1.subscriptions.update(
                "sub_123",
                params={
                    "items": [{"id": "si_123", "price": "price_team"}],
                    "proration_behavior": "always_invoice",
                    "cancel_at_period_end": False,
                    "cancel_at": "",
                },
            ),
        ),
        (
            "subscription.update.cancel",
            lambda: v1.subscriptions.update(
                "sub_123",
                params={
                    "cancel_at_period_end": True,
                    "cancellation_details": {"comment": "Too pricey for us", "feedback": "too_expensive"},
                },
            ),
        ),
        (
            "portal_session.create.cancel_retention",
            lambda: v1.billing_portal.sessions.create(
                params={
                    "customer": "cus_123",
                    "return_url": "https://app.example.com/account/billing?tab=1",
                    "configuration": "bpc_123",
                    "locale": "en-GB",
                    "flow_data": {
                        "type": "subscription_cancel",
                        "subscription_cancel": {
                            "subscription": "sub_123",
                            "retention": {"type": "coupon_offer", "coupon_offer": {"coupon": "SAVE20"}},
                        },
                        "after_completion": {
                            "type": "redirect",
                            "redirect": {"return_url": "https://app.example.com/account/billing?canceled=1"},
                        },
                    },
                }
            ),
        ),
        (
            "portal_session.create.update_confirm",
            lambda: v1.billing_portal.sessions.create(
                params={
                    "customer": "cus_123",
                    "return_url": "https://app.example.com/account/billing",
                    "flow_data": {
                        "type": "subscription_update_confirm",
                        "subscription_update_confirm": {
                            "subscription": "sub_123",
                            "items": [{"id": "si_123", "price": "price_team", "quantity": 3}],
                            "discounts": [{"coupon": "SAVE20"}],
                        },
                        "after_completion": {
                            "type": "hosted_confirmation",
                            "hosted_confirmation": {"custom_message": "Welcome to Team!"},
                        },
                    },
                }
            ),
        ),
        (
            "portal_configuration.create",
            lambda: v1.billing_portal.configurations.create(
                params={
                    "business_profile": {"headline": "Acme Notes billing"},
                    "default_return_url": "https://app.example.com/account/billing",
                    "features": {
                        "customer_update": {"enabled": True, "allowed_updates": ["email", "address"]},
                        "invoice_history": {"enabled": True},
                        "payment_method_update": {"enabled": True},
                        "subscription_cancel": {
                            "enabled": True,
                            "mode": "at_period_end",
                            "proration_behavior": "none",
                            "cancellation_reason": {
                                "enabled": True,
                                "options": ["too_expensive", "missing_features"],
                            },
                        },
                        "subscription_update": {
                            "enabled": True,
                            "default_allowed_updates": ["price"],
                            "proration_behavior": "create_prorations",
                            "products": [{"product": "prod_pro", "prices": ["price_pro_m", "price_pro_y"]}],
                            "schedule_at_period_end": {"conditions": [{"type": "decreasing_item_amount"}]},
                        },
                    },
                    "metadata": {"managed_by": "swift-billing-portal"},
                }
            ),
        ),
        (
            "webhook_endpoint.create",
            lambda: v1.webhook_endpoints.create(
                params={
                    "url": "https://app.example.com/webhooks/stripe",
                    "enabled_events": ["customer.subscription.updated", "customer.subscription.deleted"],
                    "api_version": "2026-10-28.endive",
                    "description": "billing",
                }
            ),
        ),
        (
            "checkout_session.create.subscription",
            lambda: v1.checkout.sessions.create(
                params={
                    "mode": "subscription",
                    "customer": "cus_123",
                    "client_reference_id": "account-42",
                    "line_items": [{"price": "price_pro", "quantity": 2}],
                    "success_url": "https://app.example.com/billing/success?session={CHECKOUT_SESSION_ID}",
                    "cancel_url": "https://app.example.com/billing?canceled=1",
                    "allow_promotion_codes": True,
                    "subscription_data": {"trial_period_days": 14, "metadata": {"account_id": "42"}},
                    "expires_at": 1790003600,
                    "metadata": {"plan": "pro", "note": "a&b=c ü"},
                }
            ),
        ),
        (
            "checkout_session.create.discount",
            lambda: v1.checkout.sessions.create(
                params={
                    "mode": "subscription",
                    "customer_email": "jenny+billing@example.com",
                    "line_items": [{"price": "price_pro", "quantity": 1}],
                    "success_url": "https://app.example.com/billing/success",
                    "discounts": [{"promotion_code": "promo_123"}],
                }
            ),
        ),
        (
            "checkout_session.list",
            lambda: v1.checkout.sessions.list(params={"customer": "cus_123", "status": "complete", "limit": 5}),
        ),
        (
            "checkout_session.expire",
            lambda: v1.checkout.sessions.expire("cs_test_123"),
        ),
        (
            "promotion_code.create",
            lambda: v1.promotion_codes.create(
                params={
                    "promotion": {"type": "coupon", "coupon": "SAVE20"},
                    "code": "LAUNCH20",
                    "max_redemptions": 100,
                    "expires_at": 1790086400,
                    "metadata": {"campaign": "launch"},
                }
            ),
        ),
        (
            "promotion_code.update",
            lambda: v1.promotion_codes.update("promo_123", params={"active": False, "metadata": {"campaign": ""}}),
        ),
        (
            "promotion_code.list",
            lambda: v1.promotion_codes.list(params={"code": "launch20", "active": True, "coupon": "SAVE20"}),
        ),
        (
            "test_clock.advance",
            lambda: v1.test_helpers.test_clocks.advance("clock_123", params={"frozen_time": 1790000000}),
        ),
    ]
    recorded = []
    for name, call in cases:
        captured.clear()
        call()
        request = captured[-1]
        recorded.append({"name": name, **request})
    server.shutdown()
    return recorded


def record_signatures():
    cases = []
    payloads = [
        '{"id":"evt_1","object":"event","type":"customer.subscription.updated"}',
        '{\n  "id": "evt_2",\n  "object": "event",\n  "data": {"object": {"name": "Zoë \\u00e9 ✓"}}\n}',
        "",
    ]
    secrets = ["whsec_test_secret", "whsec_" + "a" * 32]
    for i, payload in enumerate(payloads):
        for secret in secrets:
            timestamp = 1790000000 + i
            signature = WebhookSignature._compute_signature(f"{timestamp}.{payload}", secret)
            header = f"t={timestamp},v1={signature}"
            # Prove the SDK itself accepts it, at a time within the tolerance.
            WebhookSignature.verify_header(payload, header, secret, tolerance=None)
            cases.append({"payload": payload, "secret": secret, "timestamp": timestamp, "header": header})
    return cases


def main():
    FIXTURES.mkdir(parents=True, exist_ok=True)
    meta = {"sdk": "stripe-python", "sdk_version": stripe.VERSION, "api_version": stripe.api_version}
    encodings = {"recorded_with": meta, "cases": record_encodings()}
    signatures = {"recorded_with": meta, "cases": record_signatures()}
    (FIXTURES / "sdk-form-encodings.json").write_text(json.dumps(encodings, indent=2, ensure_ascii=False) + "\n")
    (FIXTURES / "sdk-signatures.json").write_text(json.dumps(signatures, indent=2, ensure_ascii=False) + "\n")
    print(f"recorded {len(encodings['cases'])} encodings and {len(signatures['cases'])} signatures")


if __name__ == "__main__":
    main()
