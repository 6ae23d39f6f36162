"""Screenshots of every page type at 360 and 1280 px, from the demo data, for people to look at.

    make shots            (or: python tools/shots.py --out shots)

Starts the site on a free port with a fresh instance folder (migrated, demo data seeded),
logs in as the role each page needs, writes `shots/<page>-<width>.png` (full page) with
Debian's Chromium, and stops the site again. `--base-url` shoots a site that already runs
(its database must hold the demo data; the script then reads ids from HUBSITE_INSTANCE_PATH).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
DEMO_PASSWORD = "hub-demo-2026"  # hubsite/demo/foundation.py
ROLES = {"admin": "admin@example.nl", "coordinator": "begeleider@example.nl",
         "host": "host@example.nl", "visitor": "bezoeker@example.nl"}


@dataclass(frozen=True)
class Shot:
    name: str
    path: str
    role: str | None = None


def demo_pages() -> list[Shot]:
    """Every page type, with ids taken from the demo database of this instance."""
    import sqlalchemy as sa

    from hubsite import create_app
    from hubsite.agenda.models import Event, Occurrence
    from hubsite.bookings.models import Booking
    from hubsite.extensions import db
    from hubsite.hubs.models import Hub

    app = create_app()
    with app.app_context():
        hub = db.session.scalar(sa.select(Hub).where(Hub.slug == "almelo"))
        booking = db.session.scalars(
            sa.select(Booking).join(Occurrence).join(Event)
            .where(Booking.status == "confirmed", Event.hub_id == hub.id,
                   Occurrence.starts_at > sa.func.now())
            .order_by(Occurrence.starts_at)).first()
        occurrence = db.session.get(Occurrence, booking.occurrence_id)
        event_id, occurrence_id, token = occurrence.event_id, occurrence.id, booking.token
    return [
        Shot("home", "/"),
        Shot("agenda-list", "/agenda"),
        Shot("agenda-week", "/agenda?view=week"),
        Shot("agenda-month", "/agenda?view=month"),
        Shot("agenda-archive", "/agenda?view=past"),
        Shot("activity", f"/events/{event_id}"),
        Shot("hub", "/hubs/almelo"),
        Shot("hubs", "/hubs"),
        Shot("organisations", "/organisaties"),
        Shot("login", "/inloggen"),
        Shot("register", "/registreren"),
        Shot("booking", f"/datums/{occurrence_id}/reserveren"),
        Shot("booking-manage", f"/bookings/{token}"),
        Shot("error", "/bestaat-niet"),
        Shot("account", "/account", "visitor"),
        Shot("activity-host", f"/events/{event_id}", "host"),
        Shot("attendees", f"/datums/{occurrence_id}/deelnemers", "host"),
        Shot("booking-settings", f"/events/{event_id}/reserveringen", "host"),
        Shot("activity-form", "/hubs/almelo/activiteiten/nieuw", "host"),
        Shot("hub-team", "/hubs/almelo/team", "coordinator"),
        Shot("admin", "/beheer", "admin"),
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def flask(*args: str, env: dict) -> None:
    subprocess.run([sys.executable, "-m", "flask", *args], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)


def start_site(instance: Path) -> tuple[subprocess.Popen, str]:
    """Migrate, seed and serve a demo site on a free port; returns the process and its URL."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "FLASK_APP": "hubsite", "HUBSITE_INSTANCE_PATH": str(instance),
           "BASE_URL": base_url, "PYTHONPATH": str(ROOT)}
    flask("db", "upgrade", env=env)
    flask("seed-demo", env=env)
    server = subprocess.Popen([sys.executable, "-m", "flask", "run", "--port", str(port)],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base_url}/healthz", timeout=1)
            return server, base_url
        except OSError:
            time.sleep(.2)
    server.terminate()
    raise SystemExit("the demo site did not start")


def shoot(base_url: str, shots: list[Shot], out: Path, widths: list[int]) -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for role in dict.fromkeys(shot.role for shot in shots):
            for width in widths:
                context = browser.new_context(base_url=base_url, locale="nl-NL",
                                              viewport={"width": width, "height": 900})
                page = context.new_page()
                if role:
                    page.goto("/inloggen")
                    page.get_by_label("E-mailadres").fill(ROLES[role])
                    page.get_by_label("Wachtwoord", exact=True).fill(DEMO_PASSWORD)
                    page.get_by_role("button", name="Inloggen").click()
                    page.wait_for_load_state("networkidle")
                for shot in (s for s in shots if s.role == role):
                    page.goto(shot.path, wait_until="networkidle")
                    path = out / f"{shot.name}-{width}.png"
                    page.screenshot(path=str(path), full_page=True)
                    print(path)
                context.close()
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="shots")
    parser.add_argument("--widths", default="360,1280")
    parser.add_argument("--base-url", help="shoot this running site instead of starting one")
    parser.add_argument("--only", help="comma-separated page names")
    args = parser.parse_args()
    widths = [int(w) for w in args.widths.split(",")]
    if args.base_url:
        shots = demo_pages()
        server, base_url = None, args.base_url
    else:
        instance = Path(tempfile.mkdtemp(prefix="hubsite-shots-"))
        os.environ["HUBSITE_INSTANCE_PATH"] = str(instance)
        server, base_url = start_site(instance)
        shots = demo_pages()
    if args.only:
        names = set(args.only.split(","))
        shots = [s for s in shots if s.name in names]
    try:
        shoot(base_url, shots, Path(args.out), widths)
    finally:
        if server:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
