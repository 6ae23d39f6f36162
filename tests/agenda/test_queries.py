"""The agenda pages run the same number of SQL queries for 10 or 1,000 activities."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from hubsite.agenda.models import (
    STATUS_CANCELLED,
    STATUS_DRAFT,
    STATUS_PUBLISHED,
    Event,
    Occurrence,
)
from hubsite.extensions import db
from hubsite.timeutil import LOCAL_TZ, to_utc_naive
from tests.conftest import counted_queries

PAGES = [
    "/agenda",
    "/agenda?hub=almelo&type=workshop&type=gastles",
    "/agenda?view=week",
    "/agenda?view=month",
    "/agenda?view=past",
    "/hubs/almelo",
    "/",
]



def add_activities(hubs, types, count: int, offset: int = 0) -> None:
    """Many activities at once (no services: this is about reading them), a fifth recurring."""
    today = datetime.now(LOCAL_TZ).replace(hour=0, minute=0, second=0, microsecond=0)
    statuses = (STATUS_PUBLISHED, STATUS_PUBLISHED, STATUS_PUBLISHED, STATUS_DRAFT,
                STATUS_CANCELLED)
    for n in range(offset, offset + count):
        start = to_utc_naive(today + timedelta(days=n % 40 - 5, hours=9 + n % 9))
        event = Event(hub=hubs[n % len(hubs)], activity_type=types[n % len(types)],
                      title=f"Activiteit {n}", starts_at=start, ends_at=start + timedelta(hours=2),
                      status=statuses[n % len(statuses)],
                      rrule="FREQ=WEEKLY;COUNT=4" if n % 5 == 0 else None)
        weeks = 4 if n % 5 == 0 else 1
        for week in range(weeks):
            when = start + timedelta(days=7 * week)
            event.occurrences.append(Occurrence(starts_at=when, ends_at=when + timedelta(hours=2),
                                                original_start=when))
        db.session.add(event)
    db.session.commit()


def query_counts(client) -> dict[str, int]:
    counts = {}
    for url in PAGES:
        with counted_queries() as statements:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(statements)
    return counts


@pytest.mark.parametrize("as_host", [False, True])
def test_agenda_hub_and_home_pages_use_a_constant_number_of_queries(
        client, hub, other_hub, host, make_activity_type, as_host):
    types = [make_activity_type("workshop", "Workshop", "Workshop"),
             make_activity_type("gastles", "Gastles", "Guest lecture")]
    if as_host:
        client.login(host)
    add_activities([hub, other_hub], types, 10)
    few = query_counts(client)
    add_activities([hub, other_hub], types, 990, offset=10)
    many = query_counts(client)
    assert many == few
    assert all(0 < n < 20 for n in few.values()), few
