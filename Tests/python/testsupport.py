"""Helpers the suites share: a free loopback port, and an aiosmtpd sink for the suites that check real mail.

Importable from any suite: pytest puts this directory (the root conftest's) on `sys.path`.
"""

import socket
import threading
import time
from email import message_from_bytes, policy


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sink:
    """An aiosmtpd server on a free port that keeps every message it accepts, with its arrival time."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.messages = []
        self.lock = threading.Lock()
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        message = message_from_bytes(envelope.content, policy=policy.default)
        plain = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        with self.lock:
            self.messages.append({
                "at": time.time(),
                "message_id": message["Message-ID"],
                "subject": str(message["Subject"]),
                "to": list(envelope.rcpt_tos),
                "text": plain.get_content() if plain is not None else "",
                "html": html.get_content() if html is not None else "",
            })
        return "250 Message accepted for delivery"

    def snapshot(self):
        with self.lock:
            return list(self.messages)

    def to(self, address):
        return [m for m in self.snapshot() if address in m["to"]]

    def summary(self):
        return [(m["subject"], m["to"]) for m in self.snapshot()]

    def wait_for(self, predicate, seconds, what):
        """Polls `predicate(messages)` until it returns something truthy, and returns that."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = predicate(self.snapshot())
            if found:
                return found
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; mails so far: {self.summary()}")
