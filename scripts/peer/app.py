"""The peer webhook handler `billing bench webhooks --peer-url` measures against: Stripe's documented Flask shape.

`stripe.Webhook.construct_event` verifies the `Stripe-Signature` header and parses the event; the event is inserted
into SQLite (WAL, `synchronous=NORMAL`) if absent, committed, and acknowledged with 200. Served by gunicorn with four
sync workers (see README.md next to this file):

    STRIPE_WEBHOOK_SECRET=whsec_bench_secret PEER_DATABASE=/tmp/peer.sqlite \
        gunicorn --workers 4 --bind 127.0.0.1:8090 app:app
"""

import os
import sqlite3
import threading
import time

import stripe
from flask import Flask, jsonify, request

app = Flask(__name__)
endpoint_secret = os.environ["STRIPE_WEBHOOK_SECRET"]
database_path = os.environ.get("PEER_DATABASE", "peer.sqlite")
local = threading.local()


def database():
    """One connection per worker thread, as a Flask app with a plain sqlite3 connection would keep it."""
    connection = getattr(local, "connection", None)
    if connection is None:
        connection = sqlite3.connect(database_path, timeout=30, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA busy_timeout=30000")
        connection.execute(
            "CREATE TABLE IF NOT EXISTS stripe_events (id TEXT PRIMARY KEY, type TEXT NOT NULL, created INTEGER NOT "
            "NULL, livemode INTEGER NOT NULL, payload TEXT NOT NULL, received_at REAL NOT NULL)"
        )
        local.connection = connection
    return connection


@app.route("/webhooks/stripe", methods=["POST"])
def webhook():
    payload = request.get_data()
    signature = request.headers.get("Stripe-Signature")
    try:
        event = stripe.Webhook.construct_event(payload, signature, endpoint_secret)
    except ValueError:
        return jsonify(error="invalid payload"), 400
    except stripe.SignatureVerificationError:
        return jsonify(error="invalid signature"), 400
    connection = database()
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.execute(
            "INSERT OR IGNORE INTO stripe_events (id, type, created, livemode, payload, received_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (event["id"], event["type"], event["created"], int(event["livemode"]), payload.decode(), time.time()),
        )
        connection.execute("COMMIT")
    except Exception:
        connection.execute("ROLLBACK")
        raise
    return jsonify(success=True)


@app.route("/health", methods=["GET"])
def health():
    database()
    return jsonify(ok=True)
