"""`GET /health/ready` follows a real PostgreSQL going away and coming back: `billing serve` runs on a private
cluster started for this test; `pg_ctl stop` turns readiness to 503 (liveness stays 200, so an orchestrator stops
routing to the instance without restarting it), `pg_ctl start` turns it back to 200 within seconds, without a
restart of the instance.

The cluster is initialised and run as the `postgres` user (initdb refuses root), so the test needs root and the
PostgreSQL server binaries; it skips without them.
"""

import glob
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

import pytest
from testsupport import free_port

PG_BINS = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda path: [int(p) for p in path.split("/")[4].split(".") if p.isdigit()])


def probe(url: str):
    """(status, parsed JSON body) of a probe; status 0 when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
    except OSError:
        return 0, None


def wait_for(url: str, status: int, seconds: float, process: subprocess.Popen, log: str):
    """Polls `url` until it answers `status`; returns (elapsed seconds, body)."""
    start = time.monotonic()
    last = None
    while time.monotonic() - start < seconds:
        if process.poll() is not None:
            raise AssertionError(f"billing serve exited:\n{open(log).read()[-4000:]}")
        last = probe(url)
        if last[0] == status:
            return time.monotonic() - start, last[1]
        time.sleep(0.1)
    raise AssertionError(f"{url} did not answer {status} within {seconds} s; last answer {last}")


class Cluster:
    """A private PostgreSQL cluster on a free loopback port, run as the `postgres` user."""

    def __init__(self, bin_dir: str):
        self.bin = bin_dir
        self.port = free_port()
        self.data = tempfile.mkdtemp(prefix="billing-pg-")
        shutil.chown(self.data, "postgres", "postgres")
        self.as_postgres(["initdb", "-D", self.data, "-U", "postgres", "--auth-local=trust",
                          "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale"])
        self.start()
        subprocess.run(["psql", "-h", self.data, "-p", str(self.port), "-U", "postgres", "-v", "ON_ERROR_STOP=1",
                        "-q", "-c", "CREATE ROLE billing LOGIN PASSWORD 'billing'",
                        "-c", "CREATE DATABASE billing OWNER billing"], check=True, capture_output=True, timeout=30)
        self.url = f"postgres://billing:billing@127.0.0.1:{self.port}/billing"

    def as_postgres(self, command):
        subprocess.run(["runuser", "-u", "postgres", "--", os.path.join(self.bin, command[0]), *command[1:]],
                       check=True, capture_output=True, timeout=60)

    def start(self):
        self.as_postgres(["pg_ctl", "-D", self.data, "-l", os.path.join(self.data, "server.log"), "-o",
                          f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1", "-w", "start"])

    def stop(self):
        self.as_postgres(["pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop"])

    def destroy(self):
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.data, ignore_errors=True)


@pytest.fixture()
def cluster():
    if os.geteuid() != 0:
        pytest.skip("needs root to run a private PostgreSQL cluster as the postgres user")
    if not PG_BINS or not os.access(os.path.join(PG_BINS[-1], "initdb"), os.X_OK) or shutil.which("runuser") is None:
        pytest.skip("needs the PostgreSQL server binaries (/usr/lib/postgresql/*/bin) and runuser")
    cluster = Cluster(PG_BINS[-1])
    try:
        yield cluster
    finally:
        cluster.destroy()


def test_ready_turns_503_while_postgres_is_stopped_and_200_when_it_is_back(cluster, billing_bin):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    data = tempfile.mkdtemp(prefix="billing-ready-")
    log = os.path.join(data, "serve.log")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STRIPE_", "MAIL_", "DATABASE_", "BILLING_",
                                                                      "HEALTH_", "OTEL_"))}
    env.update({
        "STRIPE_SECRET_KEY": "sk_test_ready",
        # Nothing listens here: readiness never calls Stripe.
        "STRIPE_API_BASE_URL": f"http://127.0.0.1:{free_port()}",
        "STRIPE_MAX_NETWORK_RETRIES": "0",
        "STRIPE_WEBHOOK_SECRETS": "whsec_ready_test",
    })
    with open(log, "w") as output:
        process = subprocess.Popen(
            [billing_bin, "serve", "--port", str(port), "--database-url", cluster.url, "--data-dir", data,
             "--log-level", "warning"],
            cwd=data, env=env, stdout=output, stderr=subprocess.STDOUT,
        )
    try:
        _, body = wait_for(base + "/health/ready", 200, 90, process, log)
        assert [(c["name"], c["ready"]) for c in body["checks"]] == [
            ("database", True), ("migrations", True), ("processor", True), ("lag", True)]

        cluster.stop()
        down_after, body = wait_for(base + "/health/ready", 503, 15, process, log)
        database = next(c for c in body["checks"] if c["name"] == "database")
        assert database["ready"] is False and database["problem"] in ("query failed", "no answer in time")
        assert str(cluster.port) not in json.dumps(body), "no host or port in the probe body"
        assert probe(base + "/health/live")[0] == 200, "liveness does not depend on the database"

        cluster.start()
        up_after, body = wait_for(base + "/health/ready", 200, 15, process, log)
        assert all(c["ready"] for c in body["checks"])
        assert process.poll() is None, "the instance kept running through the outage"
        print(f"ready 503 after stop: {down_after:.2f} s; ready 200 after start: {up_after:.2f} s")
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(data, ignore_errors=True)
