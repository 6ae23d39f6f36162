"""Never more confirmed seats than a date has, with the site running as in production.

The site runs under gunicorn (wsgi.py, several worker processes with threads) on a
free port on 127.0.0.1, on the test database. Sixty visitors each open the booking
form (their own session cookie and CSRF token), then all send it at the same moment
for a date with 10 seats: exactly 10 are confirmed and the rest wait, without a
single error. Then three cancel at once, and exactly the first three on the waiting
list move up. The same runs with two separate servers sharing the database.

Run just these with `pytest -m concurrency`.
"""

from __future__ import annotations

import http.cookiejar
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa

from hubsite.bookings.models import Booking
from hubsite.extensions import db
from tests.bookings.conftest import days_ahead
from tests.servers import Server

pytestmark = pytest.mark.concurrency

VISITORS = 60
SEATS = 10
MIN_FORM_SECONDS = 1


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """One browser: its own cookies (session, CSRF) against one server."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect())

    def get(self, path: str) -> tuple[int, str]:
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.status, response.read().decode()

    def post(self, path: str, data: dict) -> tuple[int, dict]:
        body = urllib.parse.urlencode(data).encode()
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as response:
                return response.status, dict(response.headers)
        except urllib.error.HTTPError as error:  # 3xx (not followed) and 4xx/5xx
            return error.code, dict(error.headers)


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}"[^>]*value="([^"]+)"', page).group(1)


@pytest.fixture
def servers(request, database_url: str, tmp_path: Path) -> Iterator[list[Server]]:
    started = []
    try:
        for _ in range(request.param):
            started.append(Server(database_url, tmp_path / f"instance-{len(started)}",
                                  BOOKING_MIN_FORM_SECONDS=str(MIN_FORM_SECONDS)))
        yield started
    finally:
        for server in started:
            server.stop()


def confirmed_and_waiting(occurrence_id: int) -> tuple[list[Booking], list[Booking]]:
    db.session.expire_all()
    bookings = db.session.scalars(
        sa.select(Booking).where(Booking.occurrence_id == occurrence_id)
        .order_by(Booking.created_at, Booking.id)).all()
    return ([b for b in bookings if b.status == "confirmed"],
            [b for b in bookings if b.status == "waitlisted"])


@pytest.mark.parametrize("servers", [1, 2], indirect=True, ids=["one-server", "two-servers"])
def test_sixty_simultaneous_bookings_fill_ten_seats_exactly(make_event, hub, servers):
    event = make_event(hub, starts_at=days_ahead(7), title="Open dag", booking_required=True,
                       capacity=SEATS, booking_waitlist=True)
    occurrence_id = event.occurrences[0].id
    db.session.remove()  # the servers write now; read afresh afterwards
    path = f"/datums/{occurrence_id}/reserveren"

    visitors = [Visitor(servers[n % len(servers)].base) for n in range(VISITORS)]
    forms = []
    for n, visitor in enumerate(visitors):
        status, page = visitor.get(path)
        assert status == 200
        forms.append({"csrf_token": hidden(page, "csrf_token"),
                      "started": hidden(page, "started"), "website": "", "seats": "1",
                      "name": f"Bezoeker {n}", "email": f"bezoeker{n}@example.nl"})
    time.sleep(MIN_FORM_SECONDS + 0.1)  # people take a moment to fill in a form

    barrier = threading.Barrier(VISITORS)

    def send(n: int) -> int:
        barrier.wait()
        return visitors[n].post(path, forms[n])[0]

    with ThreadPoolExecutor(VISITORS) as pool:
        answers = list(pool.map(send, range(VISITORS)))

    assert answers == [303] * VISITORS, f"not every booking was accepted: {answers}"
    confirmed, waiting = confirmed_and_waiting(occurrence_id)
    assert len(confirmed) == SEATS
    assert len(waiting) == VISITORS - SEATS
    assert sum(b.seats for b in confirmed) == SEATS

    # Three confirmed visitors cancel at the same moment, through their personal links.
    leaving = confirmed[:3]
    first_in_line = [b.id for b in waiting[:3]]
    cancel_forms = []
    for n, booking in enumerate(leaving):
        visitor = Visitor(servers[n % len(servers)].base)
        status, page = visitor.get(f"/bookings/{booking.token}")
        assert status == 200
        cancel_forms.append((visitor, booking.token, hidden(page, "csrf_token")))
    barrier = threading.Barrier(len(cancel_forms))

    def cancel(item) -> int:
        visitor, token, csrf = item
        barrier.wait()
        return visitor.post(f"/bookings/{token}/annuleren",
                            {"csrf_token": csrf, "confirmed": "1"})[0]

    with ThreadPoolExecutor(len(cancel_forms)) as pool:
        assert list(pool.map(cancel, cancel_forms)) == [303, 303, 303]

    confirmed, waiting = confirmed_and_waiting(occurrence_id)
    promoted = [b for b in confirmed if b.promoted_at is not None]
    assert len(confirmed) == SEATS
    assert sorted(b.id for b in promoted) == sorted(first_in_line)
    assert len(waiting) == VISITORS - SEATS - 3
    cancelled = db.session.scalars(sa.select(Booking.id).where(
        Booking.occurrence_id == occurrence_id, Booking.status == "cancelled")).all()
    assert sorted(cancelled) == sorted(b.id for b in leaving)
