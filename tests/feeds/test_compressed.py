"""Feeds compressed once and rebuilt per activity.

A feed is kept gzip-compressed and sent so to every client that takes gzip (calendar
clients do); the plain bytes only to a client that does not. Each activity's VEVENTs
are kept keyed by its rows, so the first request after one change serialises one
activity, not all of them, and gives the very bytes a full build gives.
"""

from __future__ import annotations

import gzip
from datetime import datetime

import pytest
import sqlalchemy as sa

from hubsite.agenda import services as agenda
from hubsite.agenda.models import ActivityType, Event
from hubsite.agenda.recurrence import Recurrence
from hubsite.extensions import db
from hubsite.feeds import ical, services
from hubsite.feeds.cache import MemoryCache
from tests.feeds.helpers import make_activities

GZIP = {"Accept-Encoding": "gzip"}
FEEDS = ["/agenda.ics", "/agenda.ics?hub=almelo", "/hubs/almelo/agenda.ics"]


@pytest.fixture
def activities(hub, make_event, make_activity_type):
    make_activities(hub, make_event, make_activity_type, 12)
    return make_event(hub, starts_at=datetime(2027, 3, 2, 14), title="Open inloop",
                      recurrence=Recurrence("WEEKLY", weekdays=("TU",), count=10))


@pytest.fixture
def fresh_caches(app):
    app.extensions["feeds.cache"] = MemoryCache()
    app.extensions["feeds.blocks"] = MemoryCache()


@pytest.mark.parametrize("url", FEEDS)
def test_a_gzip_feed_decompresses_to_exactly_the_plain_feed(client, activities, fresh_caches,
                                                            url):
    compressed = client.get(url, headers=GZIP)
    plain = client.get(url)
    assert compressed.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain.headers
    assert gzip.decompress(compressed.data) == plain.data
    assert b"BEGIN:VEVENT" in plain.data
    for response in (compressed, plain):
        assert "Accept-Encoding" in response.headers["Vary"]
    # Two representations, two validators; each answers 304 to its own.
    assert compressed.headers["ETag"] != plain.headers["ETag"]
    again = client.get(url, headers={**GZIP, "If-None-Match": compressed.headers["ETag"]})
    assert again.status_code == 304
    assert "Accept-Encoding" in again.headers["Vary"]
    assert client.get(url, headers={"If-None-Match": plain.headers["ETag"]}).status_code == 304


def test_a_plain_client_first_still_gets_plain_bytes_and_gzip_later(client, activities,
                                                                    fresh_caches):
    plain = client.get("/hubs/almelo/agenda.ics")
    compressed = client.get("/hubs/almelo/agenda.ics", headers=GZIP)
    assert gzip.decompress(compressed.data) == plain.data


def test_an_activity_file_keeps_its_name_compressed(client, activities, fresh_caches):
    url = f"/events/{activities.id}.ics"
    for _ in range(2):  # built, then cached
        response = client.get(url, headers=GZIP)
        assert response.headers["Content-Disposition"] == 'attachment; filename="open-inloop.ics"'
        assert b"SUMMARY:Open inloop" in gzip.decompress(response.data)


def test_after_one_change_only_that_activity_is_serialised(client, activities, fresh_caches,
                                                           monkeypatch):
    made = []
    original = ical.item_block
    monkeypatch.setattr(ical, "item_block", lambda item: made.append(item.uid) or original(item))
    first = client.get("/hubs/almelo/agenda.ics")
    assert len(made) == 13

    made.clear()
    agenda.cancel_occurrence(db.session, activities.occurrences[2])
    db.session.commit()
    changed = client.get("/hubs/almelo/agenda.ics")
    assert made == [activities.uid]
    assert changed.data != first.data
    assert b"STATUS:CANCELLED" in changed.data

    # The feed assembled from kept blocks is the very feed a full build gives.
    app = client.application
    app.extensions["feeds.cache"] = MemoryCache()
    app.extensions["feeds.blocks"] = MemoryCache()
    made.clear()
    rebuilt = client.get("/hubs/almelo/agenda.ics")
    assert len(made) == 13
    assert rebuilt.data == changed.data


def test_a_renamed_hub_reserialises_its_activities(client, activities, fresh_caches):
    client.get("/hubs/almelo/agenda.ics")
    activities.hub.name = "Hub Almelo Centrum"
    db.session.commit()
    body = client.get("/hubs/almelo/agenda.ics").data
    assert b"Hub Almelo Centrum" in body
    assert b"LOCATION:Hub Almelo," not in body


def test_after_one_change_only_that_activity_is_loaded(client, activities, fresh_caches,
                                                       monkeypatch):
    asked = []
    original = services.agenda_rows
    monkeypatch.setattr(services, "agenda_rows",
                        lambda *a, **k: asked.append(a[3] if len(a) > 3 else k.get("event_ids"))
                        or original(*a, **k))
    client.get("/hubs/almelo/agenda.ics")
    assert asked == [None]  # the first build loads every activity in one query

    asked.clear()
    activities.title = "Open inloop met koffie"
    db.session.commit()
    body = client.get("/hubs/almelo/agenda.ics").data
    assert asked == [[activities.id]]
    assert b"SUMMARY:Open inloop met koffie" in body

    asked.clear()
    assert client.get("/hubs/almelo/agenda.ics", headers={"Cache-Control": "no-cache"}).data \
        == body
    assert asked == []  # served as kept: nothing loaded, nothing serialised


def test_a_change_made_by_an_update_statement_reaches_the_feed(client, activities,
                                                              fresh_caches):
    client.get("/hubs/almelo/agenda.ics")
    db.session.execute(sa.update(Event).where(Event.id == activities.id)
                       .values(title="Inloop op dinsdag"))
    db.session.commit()
    body = client.get("/hubs/almelo/agenda.ics").data
    assert b"SUMMARY:Inloop op dinsdag" in body
    assert b"SUMMARY:Open inloop" not in body


def test_a_renamed_activity_type_reserialises_its_activities(client, activities,
                                                            fresh_caches):
    client.get("/hubs/almelo/agenda.ics")
    kind = db.session.get(ActivityType, activities.activity_type_id)
    kind.name_nl = "Inloopmiddag"
    db.session.commit()
    body = client.get("/hubs/almelo/agenda.ics").data
    assert b"CATEGORIES:Inloopmiddag" in body


def test_after_one_change_only_that_activitys_stamps_are_hashed(client, activities,
                                                                fresh_caches, monkeypatch):
    client.get("/hubs/almelo/agenda.ics")
    hashed = []
    original = ical.block_key
    monkeypatch.setattr(ical, "block_key",
                        lambda event_id, *rest: hashed.append(event_id) or original(event_id, *rest))
    activities.title = "Open inloop met thee"
    db.session.commit()
    body = client.get("/hubs/almelo/agenda.ics").data
    assert b"SUMMARY:Open inloop met thee" in body
    assert hashed == [activities.id, activities.id]  # its stamps, then its rows as loaded


def test_a_first_build_holds_a_few_dates_as_objects_at_a_time(client, activities, fresh_caches,
                                                               monkeypatch):
    """The network's feed holds tens of thousands of dates: they are fetched and
    serialised a few at a time, never all held as objects in the worker at once."""
    from hubsite.agenda.models import Occurrence  # noqa: PLC0415

    monkeypatch.setattr(services, "ROWS_AT_A_TIME", 4)
    held = []
    original = ical._blocks

    def counting(by_event, *args):
        held.append(sum(1 for key in db.session.identity_map if key[0] is Occurrence))
        return original(by_event, *args)

    monkeypatch.setattr(ical, "_blocks", counting)
    db.session.expunge_all()
    body = client.get("/agenda.ics").data
    assert body.count(b"BEGIN:VEVENT") == len(held) == 13  # every activity built
    assert max(held) <= 4 + 10  # a fetch's rows and one activity's dates, not all 22+
