"""Benchmark a pinboard under gunicorn: the board page, its posts region, the "anything new?"
check (304), and /healthz.

    .venv/bin/python bench/pinboard.py [--posts 200] [--workers 4] [--clients 8] [--seconds 5]
                                       [--redis redis://127.0.0.1:6379/13]

Makes a temporary SQLite database with one hub board holding `--posts` posts over its
three sections (with reactions), starts gunicorn with `wsgi.py` and several sync
workers on a free 127.0.0.1 port, and lets concurrent keep-alive clients hammer each
URL for a fixed time (see bench/feeds.py). The check is what every open copy of a
board sends every two seconds: with `--redis` it reads one key, without it one row.
Prints requests per second, each also as a ratio to `/healthz`. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.feeds import fetch, free_port, hammer, wait_until_up  # noqa: E402

SLUG = "bench"


def build_database(posts: int) -> None:
    """The schema, one hub with its board, and `posts` published posts on it."""
    from flask_migrate import upgrade

    from hubsite import create_app
    from hubsite.accounts.models import User
    from hubsite.extensions import db
    from hubsite.hubs.models import Hub
    from hubsite.pinboard import boards
    from hubsite.pinboard import posts as pinboard_posts
    from hubsite.pinboard.access import Viewer
    from hubsite.pinboard.models import KINDS, Reaction

    app = create_app()
    with app.app_context():
        upgrade()
        hub = Hub(slug=SLUG, name="Hub Benchmark", city="Almelo", address="Sluiskade 5",
                  postcode="7607 AA")
        admin = User(email="bench@example.nl", name="Bench", password_hash="-", is_admin=True)
        db.session.add_all([hub, admin])
        db.session.flush()
        board = boards.ensure_hub_board(db.session, hub)
        team = Viewer(admin)
        for n in range(posts):
            post = pinboard_posts.create_post(
                db.session, board, team, board.sections[n % len(board.sections)],
                kind=KINDS[n % len(KINDS)], title=f"Bericht {n + 1}",
                body=f"Wie helpt met **project {n + 1}**? Meer op https://example.nl.")
            for voter in range(n % 4):
                db.session.add(Reaction(post_id=post.id, voter=f"user:{voter}"))
            if n % 50 == 49:
                db.session.flush()
        db.session.commit()
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--redis", default="", help="REDIS_URL: the check reads one key")
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
        build_database(args.posts)
        print(f"database: one board with {args.posts} posts in "
              f"{time.monotonic() - began:.1f} s")
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(args.workers),
             "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"],
            cwd=ROOT, env=env)
        wait_until_up(port)
        page, check = f"/boards/{SLUG}", f"/boards/{SLUG}/versie"

        response, body, cold = fetch(port, check)
        assert response.status == 200, response.status
        etag = response.getheader("ETag") or ""
        response, body, cold = fetch(port, page)
        print(f"board page: {len(body) / 1024:.0f} KiB, first {cold * 1000:.0f} ms; "
              f"check answered {etag}, through {'Redis' if args.redis else 'the database'}")

        results = [
            hammer(port, "trivial endpoint /healthz", "/healthz", {}, args.clients,
                   args.seconds),
            hammer(port, "board page (200)", page, {}, args.clients, args.seconds),
            hammer(port, "posts region (htmx, 200)", f"{page}/berichten",
                   {"HX-Request": "true"}, args.clients, args.seconds),
            hammer(port, "anything new? (304)", check, {"If-None-Match": etag},
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
