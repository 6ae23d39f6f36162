"""Reading feeds the way a calendar client does."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import recurring_ical_events
from icalendar import Calendar

from hubsite.agenda.models import Occurrence
from hubsite.agenda.recurrence import Recurrence
from hubsite.extensions import db
from hubsite.feeds.cache import MemoryCache
from hubsite.timeutil import LOCAL_TZ, to_local
from tests.conftest import counted_queries

Slot = tuple[datetime, datetime, str]


def parse(body: bytes) -> Calendar:
    return Calendar.from_ical(body)


def expand(body: bytes, start: date, end: date) -> list:
    """Every instance a client shows between local days `start` and `end` (inclusive)."""
    calendar = parse(body)
    return list(recurring_ical_events.of(calendar).between(start, end + (date.resolution)))


def slots(components, cancelled: bool = False) -> list[Slot]:
    """(start, end, summary) of the expanded instances, scheduled (or cancelled) ones only."""
    chosen = [c for c in components if (str(c.get("STATUS")) == "CANCELLED") == cancelled]
    return sorted((c.decoded("DTSTART").astimezone(LOCAL_TZ),
                   c.decoded("DTEND").astimezone(LOCAL_TZ), str(c["SUMMARY"])) for c in chosen)


def site_slots(occurrences: list[Occurrence], cancelled: bool = False) -> list[Slot]:
    """The same triples for the dates the site shows."""
    return sorted((to_local(o.starts_at), to_local(o.ends_at), o.title)
                  for o in occurrences if o.is_cancelled == cancelled)


def vevents(body: bytes) -> list:
    return list(parse(body).walk("VEVENT"))


def make_activities(hub, make_event, make_activity_type, n: int) -> None:
    kinds = [make_activity_type("workshop"), make_activity_type("gastles", "Gastles", "Guest")]
    for i in range(n):
        start = datetime(2027, 1, 4, 9) + timedelta(days=i % 300, hours=i % 8)
        recurrence = Recurrence("WEEKLY", count=4) if i % 5 == 0 else None
        make_event(hub, starts_at=start, title=f"Activiteit {i}", activity_type=kinds[i % 2],
                   description=f"Over **activiteit** {i}.", recurrence=recurrence)


def queries_for(app, client, url: str) -> tuple[int, int, int]:
    """Queries for a first request (built), a cached one, and a conditional one (304)."""
    app.extensions["feeds.cache"] = MemoryCache()
    db.session.expunge_all()
    with counted_queries() as built:
        response = client.get(url)
    assert response.status_code == 200
    with counted_queries() as cached:
        assert client.get(url).status_code == 200
    with counted_queries() as conditional:
        assert client.get(url, headers={"If-None-Match": response.headers["ETag"]}).status_code \
            == 304
    return len(built), len(cached), len(conditional)
