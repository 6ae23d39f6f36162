"""`make bench`: the site under load over a realistic data set, as one table.

    .venv/bin/python bench/run.py [--sqlite] [--seconds 2] [--rounds 2] [--clients 8]

Builds a database (PostgreSQL `hub_bench` at 127.0.0.1:5432, made and dropped by this
script; with `--sqlite` a temporary SQLite file) holding 5 hubs, 10,000 activities (a
fifth recurring), 20,000 bookings, 5 boards with 500 posts and 1,000 projects
(bench/data.py); starts gunicorn on loopback with 2 sync workers and Redis; warms up;
then loads every URL from a separate process (bench/load.py, a small asyncio client),
each in rounds interleaved with rounds of the trivial endpoint `/healthz`, so the ratio
of each URL's requests per second to the trivial endpoint's holds on a noisy machine.
SQL queries per request are counted in this process (the same app and database, through
Flask's test client, after one warm-up request). Prints one table and the peak memory
(VmHWM) of the workers. Nothing is asserted.

Settings: BENCH_POSTGRES_URL (the server to make `hub_bench` on; default
postgresql://postgres@127.0.0.1:5432/postgres), BENCH_REDIS_URL (default
redis://127.0.0.1:6379/13).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import data  # noqa: E402

DB_NAME = "hub_bench"
TRIVIAL = "/healthz"
GZIP = {"Accept-Encoding": "gzip"}


@dataclass
class Row:
    name: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    kind: str = "get"
    budget: float = 0.0
    rps: float = 0.0
    median: float = 0.0
    p99: float = 0.0
    ratio: float = 0.0
    queries: float | None = None
    status: str = ""
    size: int = 0


# ----------------------------------------------------------------------------- database


def postgres_admin_url() -> str:
    return os.environ.get("BENCH_POSTGRES_URL",
                          "postgresql://postgres@127.0.0.1:5432/postgres")


def _admin_engine():
    import sqlalchemy as sa

    from hubsite.config import database_url

    os.environ["DATABASE_URL"] = postgres_admin_url()
    url = database_url("")
    return sa.create_engine(url, isolation_level="AUTOCOMMIT"), url


def create_postgres() -> str:
    import sqlalchemy as sa

    engine, url = _admin_engine()
    with engine.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)"))
        connection.execute(sa.text(f"CREATE DATABASE {DB_NAME}"))
    engine.dispose()
    return url.rsplit("/", 1)[0] + "/" + DB_NAME


def drop_postgres() -> None:
    import sqlalchemy as sa

    engine, _ = _admin_engine()
    with engine.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)"))
    engine.dispose()


# ----------------------------------------------------------------------------- server


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "--workers", "2", "--worker-class", "sync", "--bind",
         f"127.0.0.1:{port}", "--timeout", "120", "wsgi:app"],
        cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
        start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{TRIVIAL}", timeout=2):
                return process
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not come up")


def worker_pids(master: int) -> list[int]:
    try:
        text = Path(f"/proc/{master}/task/{master}/children").read_text()
    except OSError:
        return []
    return [int(pid) for pid in text.split()]


def peak_memory_mb(pids: list[int]) -> float:
    peak = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except OSError:
            continue
    return peak / 1024


def fetch(port: int, path: str, headers: dict[str, str] | None = None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    began = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=120) as response:
            body = response.read()
            return response.status, dict(response.headers), body, time.perf_counter() - began
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read(), time.perf_counter() - began


def load(port: int, plan: list[dict]) -> list[dict]:
    """Run `plan` in the load generator, a process of its own."""
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "load.py"), str(port)],
                          input=json.dumps(plan), capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


# ----------------------------------------------------------------------------- queries


class QueryCounter:
    """SQL statements run by requests through Flask's test client in this process."""

    def __init__(self, app) -> None:
        import sqlalchemy as sa

        from hubsite.extensions import db

        self.app = app
        self.count = 0
        with app.app_context():
            engine = db.engine
        sa.event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *args) -> None:
        self.count += 1

    def per_request(self, row: Row) -> float:
        client = self.app.test_client()
        if row.kind == "booking":
            return self._booking(client, row.path)
        client.get(row.path, headers=row.headers)  # warm this process's caches
        self.count = 0
        client.get(row.path, headers=row.headers)
        return self.count

    def _booking(self, client, path: str) -> float:
        import re

        self.count = 0
        page = client.get(path).get_data(as_text=True)
        fields = dict(re.findall(r'<input[^>]*name="(csrf_token|started)"[^>]*value="([^"]*)"',
                                 page))
        client.post(path, data={**fields, "name": "Gast Bench", "email": "tel@example.nl",
                                "seats": "1", "website": ""})
        return self.count


def touch_activity(app, event_id: int, serial: int) -> None:
    """Change one activity's title, as a host's edit does (through the ORM)."""
    from hubsite.agenda.models import Event
    from hubsite.extensions import db
    from hubsite.timeutil import utcnow

    with app.app_context():
        event = db.session.get(Event, event_id)
        event.title = f"Activiteit gewijzigd {serial}"
        event.updated_at = utcnow()
        db.session.commit()


# ----------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    parser.add_argument("--seconds", type=float, default=2.0, help="seconds per round")
    parser.add_argument("--rounds", type=int, default=2, help="rounds per URL (interleaved)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    parser.add_argument("--scale", type=float, default=1.0, help="data set size factor")
    parser.add_argument("--profile", action="store_true",
                        help="instead of loading: profile each URL in this process (cProfile, "
                             "caches of pages and feeds off) and print where the time goes")
    args = parser.parse_args()

    temp = Path(tempfile.mkdtemp(prefix="hubsite-bench-"))
    from tests.servers import free_port

    port = free_port()
    database = f"sqlite:///{temp / 'bench.sqlite3'}" if args.sqlite else create_postgres()
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "SECRET_KEY": "benchmark-only-secret",
        "HUBSITE_INSTANCE_PATH": str(temp),
        "BASE_URL": f"http://127.0.0.1:{port}",
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
        "RATELIMIT_ENABLED": "0",
        "BOOKING_MIN_FORM_SECONDS": "0",
        "MAIL_BACKEND": "file",
        "MAIL_SEND_AFTER_REQUEST": "0",
    }
    os.environ.update(env)
    server = None
    app = None
    try:
        from flask_migrate import upgrade

        from hubsite import create_app
        from hubsite.extensions import db

        began = time.monotonic()
        app = create_app()
        with app.app_context():
            upgrade()
            scale = args.scale
            built = data.build(db.session, activities=int(10_000 * scale),
                               bookings=int(20_000 * scale), posts=int(500 * scale),
                               projects=int(1000 * scale))
            db.session.remove()
        print(f"data: {built.activities} activities ({built.dates} dates), {built.bookings} "
              f"bookings, {built.posts} posts on 5 boards, {built.projects} projects "
              f"in {time.monotonic() - began:.0f} s ({'SQLite' if args.sqlite else 'PostgreSQL'})",
              flush=True)

        if args.profile:
            profile(app, built)
            return
        server = start_server(env, port, temp / "gunicorn.log")
        feed = f"/hubs/{built.hub_slug}/agenda.ics"
        status, headers, body, cold = fetch(port, feed, GZIP)
        plain = gzip.decompress(body) if headers.get("Content-Encoding") == "gzip" else body
        feed_etag = headers.get("ETag", "")
        print(f"hub feed: {plain.count(b'BEGIN:VEVENT')} events, {len(plain) // 1024} KiB "
              f"({len(body) // 1024} KiB as sent), first build {cold * 1000:.0f} ms", flush=True)
        _, headers, _, _ = fetch(port, "/agenda")
        page_etag = headers.get("ETag", "")
        _, headers, _, _ = fetch(port, f"/boards/{built.board_slug}/versie")
        board_etag = headers.get("ETag", "")

        rows = [
            Row("home page", "/", budget=0.25),
            Row("agenda, first page", "/agenda", budget=0.25),
            Row("agenda by hub and type",
                f"/agenda?hub={built.hub_slug}&type={built.type_slug}", budget=0.25),
            Row("week view", "/agenda?view=week", budget=0.2),
            Row("activity page", f"/events/{built.event_id}", budget=0.25),
            Row("activity .ics", f"/events/{built.event_id}.ics", budget=0.5),
            Row("hub feed (1,000), gzip", feed, dict(GZIP), budget=0.3),
            Row("hub feed as 304", feed, {**GZIP, "If-None-Match": feed_etag}, budget=0.7),
            Row("agenda page as 304", "/agenda", {"If-None-Match": page_etag}, budget=0.7),
            Row("guest booking (GET+POST)", f"/datums/{built.occurrence_id}/reserveren",
                kind="booking", budget=0.1),
            Row("board page", f"/boards/{built.board_slug}", budget=0.2),
            Row("board check, nothing new", f"/boards/{built.board_slug}/versie",
                {"If-None-Match": board_etag}, budget=0.7),
            Row(f"projects ?q={data.COMMON_WORD}", f"/projects?q={data.COMMON_WORD}",
                budget=0.2),
            Row("project page", f"/projects/{built.project_id}", budget=0.2),
        ]
        # Warm up: every URL a few times, so each worker has loaded and cached what it can.
        for row in rows:
            if row.kind == "get":
                for _ in range(4):
                    fetch(port, row.path, row.headers)

        counter = QueryCounter(app)
        for row in rows:
            row.queries = counter.per_request(row)

        trivial = {"name": "trivial", "path": TRIVIAL, "seconds": args.seconds,
                   "clients": args.clients}
        trivial_rps: list[float] = []
        for row in rows:
            if "If-None-Match" in row.headers:  # the validator as of now (bookings move it)
                headers = {k: v for k, v in row.headers.items() if k != "If-None-Match"}
                row.headers["If-None-Match"] = fetch(port, row.path, headers)[1].get("ETag", "")
            spec = {"name": row.name, "path": row.path, "headers": row.headers,
                    "kind": row.kind, "seconds": args.seconds, "clients": args.clients}
            results = load(port, [trivial, spec] * args.rounds)
            base = [r for r in results if r["name"] == "trivial"]
            mine = [r for r in results if r["name"] == row.name]
            trivial_rps += [r["rps"] for r in base]
            row.rps = sum(r["rps"] for r in mine) / len(mine)
            row.ratio = sum(r["rps"] for r in mine) / sum(r["rps"] for r in base)
            row.median = statistics.median(r["median"] for r in mine)
            row.p99 = max(r["p99"] for r in mine)
            statuses: dict[str, int] = {}
            for r in mine:
                for code, n in r["statuses"].items():
                    statuses[code] = statuses.get(code, 0) + n
            row.status = "/".join(sorted(statuses))
            row.size = max(r["bytes"] for r in mine)
            print(f"  {row.name}: {row.rps:.0f} req/s, {row.ratio:.2f}× trivial", flush=True)

        # The first request after one activity changed: one client, one request at a time,
        # against the trivial endpoint measured the same way in between.
        after, single = [], []
        changing = first_event_of(app, built)
        for serial in range(5):
            single.append(fetch(port, TRIVIAL)[3])
            touch_activity(app, changing, serial)
            status, headers, body, seconds = fetch(port, feed, GZIP)
            assert status == 200, status
            after.append(seconds)
        touch_activity(app, changing, 99)
        counter.count = 0  # the feed request's queries, not the edit's
        counter.app.test_client().get(feed, headers=GZIP)
        changed = Row("hub feed, first after a change", feed, dict(GZIP), budget=0.05,
                      queries=counter.count, status="200", size=len(body))
        changed.median = statistics.median(after)
        changed.p99 = max(after)
        changed.rps = 1 / changed.median
        changed.ratio = statistics.median(single) / changed.median
        rows.insert(8, changed)

        memory = peak_memory_mb(worker_pids(server.pid))
        report(rows, statistics.median(trivial_rps), memory, args, built)
    finally:
        if server is not None and server.poll() is None:
            server.terminate()
            server.wait(timeout=30)
        if app is not None:
            with app.app_context():
                from hubsite.extensions import db

                db.session.remove()
                db.engine.dispose()
        if not args.sqlite:
            drop_postgres()
        shutil.rmtree(temp, ignore_errors=True)


def profile(app, built: data.Built) -> None:
    """Where a request's time goes when nothing is cached: each URL rendered 5 times
    under cProfile in this process; the functions with the most cumulative time."""
    import cProfile
    import io
    import pstats

    from hubsite.caching import MemoryCache

    app.config["PAGE_CACHE"] = False
    urls = ["/", "/agenda", "/agenda?view=week", f"/events/{built.event_id}",
            f"/hubs/{built.hub_slug}/agenda.ics", f"/boards/{built.board_slug}",
            f"/projects?q={data.COMMON_WORD}", f"/projects/{built.project_id}"]
    client = app.test_client()
    for url in urls:
        client.get(url)  # warm up imports and templates
        profiler = cProfile.Profile()
        began = time.perf_counter()
        for _ in range(5):
            app.extensions["feeds.cache"] = MemoryCache()
            app.extensions["feeds.blocks"] = MemoryCache()
            profiler.enable()
            client.get(url, headers=GZIP)
            profiler.disable()
        took = (time.perf_counter() - began) / 5
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
        stats.print_stats(r"hubsite|jinja2|sqlalchemy/orm/(loading|session)|icalendar|markdown",
                          14)
        lines = [line for line in out.getvalue().splitlines() if line.strip()][-14:]
        print(f"\n=== {url}: {took * 1000:.0f} ms per request (uncached)")
        print("\n".join(lines))


def first_event_of(app, built: data.Built) -> int:
    """An activity in the loaded hub feed (its first)."""
    import sqlalchemy as sa

    from hubsite.agenda.models import Event
    from hubsite.extensions import db
    from hubsite.hubs.models import Hub

    with app.app_context():
        return db.session.scalar(sa.select(Event.id).join(Event.hub)
                                 .where(Hub.slug == built.hub_slug).order_by(Event.id).limit(1))


def report(rows: list[Row], trivial: float, memory: float, args, built) -> None:
    database = "SQLite" if args.sqlite else "PostgreSQL"
    print(f"\n{database}, gunicorn 2 sync workers, Redis; {args.clients} clients, "
          f"{args.rounds}×{args.seconds:g} s per URL interleaved with {TRIVIAL} "
          f"({trivial:.0f} req/s); {platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}\n")
    print("| URL | status | req/s | median ms | p99 ms | SQL/req | × trivial | budget |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for row in rows:
        met = "met" if row.ratio >= row.budget else "**missed**"
        queries = "–" if row.queries is None else f"{row.queries:g}"
        print(f"| {row.name} | {row.status} | {row.rps:.0f} | {row.median * 1000:.1f} | "
              f"{row.p99 * 1000:.0f} | {queries} | {row.ratio:.2f} | ≥ {row.budget:g} {met} |")
    print(f"\nPeak memory of a worker (VmHWM): {memory:.0f} MB (budget 150 MB)")
    print("'first after a change': one client, one request at a time after each change; its "
          "ratio is the trivial endpoint's latency over its own, measured the same way.")


if __name__ == "__main__":
    main()
