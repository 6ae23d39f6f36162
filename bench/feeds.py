"""Benchmark the calendar feeds under gunicorn: full hub feed, 304 answer, trivial endpoint.

    .venv/bin/python bench/feeds.py [--events 1000] [--workers 4] [--clients 8] [--seconds 5]

Makes a temporary SQLite database with `--events` activities on one hub (a
fifth of them recurring weekly), starts gunicorn with `wsgi.py` and several
workers on a free 127.0.0.1 port, and lets concurrent keep-alive clients
(threads with http.client) hammer each URL for a fixed time. Prints requests
per second for each, and each as a ratio to `/healthz` measured in the same
run, so the figures compare across machines. Nothing here is a test: no
figure is asserted.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_database(instance: Path, events: int) -> tuple[str, int]:
    """Create the schema and `events` activities on one hub; returns (hub slug, date rows)."""
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from hubsite import create_app
    from hubsite.agenda.models import STATUS_PUBLISHED, ActivityType, Occurrence
    from hubsite.agenda.recurrence import Recurrence
    from hubsite.agenda.services import create_event
    from hubsite.extensions import db
    from hubsite.hubs.models import Hub
    from hubsite.timeutil import LOCAL_TZ

    app = create_app()
    with app.app_context():
        upgrade()
        hub = Hub(slug="bench", name="Hub Benchmark", city="Almelo", address="Sluiskade 5",
                  postcode="7607 AA")
        kinds = [ActivityType(slug=slug, name_nl=name, name_en=name)
                 for slug, name in (("workshop", "Workshop"), ("gastles", "Gastles"),
                                    ("open-inloop", "Open inloop"))]
        db.session.add_all([hub, *kinds])
        db.session.flush()
        today = datetime.now(LOCAL_TZ).date()
        for n in range(events):
            day = today + timedelta(days=n % 90 + 1)
            start = datetime(day.year, day.month, day.day, 9 + n % 10, 30 * (n % 2))
            recurrence = Recurrence("WEEKLY", count=12) if n % 5 == 0 else None
            create_event(db.session, hub, kinds[n % 3], f"Activiteit {n + 1}", start,
                         start + timedelta(hours=2), recurrence, status=STATUS_PUBLISHED,
                         summary="Een activiteit om de feeds mee te meten.",
                         description=f"Wat we doen: **activiteit {n + 1}**, met "
                         "[meer informatie](https://example.nl).", room="Zaal 1")
            if n % 100 == 99:
                db.session.flush()
        db.session.commit()
        rows = db.session.scalar(sa.select(sa.func.count(Occurrence.id)))
        db.engine.dispose()
    return "bench", int(rows or 0)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not come up")


@dataclass
class Result:
    name: str
    requests: int
    seconds: float
    status: int
    bytes: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


def hammer(port: int, name: str, path: str, headers: dict[str, str], clients: int,
           seconds: float) -> Result:
    """`clients` threads, each with a keep-alive connection, GET `path` for `seconds`."""
    counts = [0] * clients
    statuses: set[int] = set()
    sizes: set[int] = set()
    errors: list[BaseException] = []
    start_gate = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def client(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        start_gate.wait()
        try:
            while time.monotonic() < stop_at[0]:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                body = response.read()
                statuses.add(response.status)
                sizes.add(len(body))
                counts[index] += 1
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()  # sync workers close; http.client reconnects
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    stop_at[0] = time.monotonic() + seconds
    began = time.monotonic()
    start_gate.wait()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    if errors:
        raise RuntimeError(f"{name}: {errors[0]!r}")
    if len(statuses) != 1:
        raise RuntimeError(f"{name}: mixed statuses {statuses}")
    return Result(name, sum(counts), elapsed, statuses.pop(), max(sizes))


def fetch(port: int, path: str, headers: dict[str, str] | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    began = time.monotonic()
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    return response, body, time.monotonic() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--redis", default="", help="REDIS_URL for a shared feed cache")
    args = parser.parse_args()

    temp = Path(tempfile.mkdtemp(prefix="hubsite-bench-"))
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{temp / 'bench.sqlite3'}",
        "SECRET_KEY": "benchmark-only-secret",
        "HUBSITE_INSTANCE_PATH": str(temp),
        "BASE_URL": f"http://127.0.0.1:{port}",
        "REDIS_URL": args.redis,
        "RATELIMIT_ENABLED": "0",
    }
    os.environ.update(env)
    server = None
    try:
        began = time.monotonic()
        slug, rows = build_database(temp, args.events)
        print(f"database: {args.events} activities ({rows} dates) on one hub "
              f"in {time.monotonic() - began:.1f} s")
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(args.workers),
             "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"],
            cwd=ROOT, env=env)
        wait_until_up(port)
        feed = f"/hubs/{slug}/agenda.ics"

        response, body, cold = fetch(port, feed)
        assert response.status == 200, response.status
        etag = response.getheader("ETag")
        print(f"hub feed: {len(body) / 1024:.0f} KiB, first (uncached) build {cold * 1000:.0f} ms")
        for _ in range(args.workers * 4):  # let every worker build and cache it once
            fetch(port, feed)

        results = [
            hammer(port, "trivial endpoint /healthz", "/healthz", {}, args.clients,
                   args.seconds),
            hammer(port, "full hub feed (200)", feed, {}, args.clients, args.seconds),
            hammer(port, "unchanged hub feed (304)", feed, {"If-None-Match": etag or ""},
                   args.clients, args.seconds),
        ]
        baseline = results[0].rps
        print(f"\n{args.workers} gunicorn workers, {args.clients} keep-alive clients, "
              f"{args.seconds:g} s each")
        for result in results:
            print(f"{result.name:28} {result.rps:8.1f} req/s  ({result.rps / baseline:5.2f}× "
                  f"/healthz)  status {result.status}, {result.bytes} bytes")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(temp, ignore_errors=True)


if __name__ == "__main__":
    main()
