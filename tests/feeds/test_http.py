"""Feeds over HTTP: content type, validators, 304s, caching headers and bad input."""

from __future__ import annotations

from datetime import datetime

import pytest

from hubsite.agenda import services as agenda
from hubsite.agenda.recurrence import Recurrence
from hubsite.extensions import db
from hubsite.feeds import ical
from hubsite.feeds.cache import MemoryCache, RedisCache
from tests.feeds.helpers import vevents


@pytest.fixture
def series(hub, make_event):
    return make_event(hub, starts_at=datetime(2027, 3, 2, 14), title="Open inloop", room="Kantine",
                      recurrence=Recurrence("WEEKLY", weekdays=("TU",), count=10))


FEEDS = ["/agenda.ics", "/agenda.ics?hub=almelo&type=workshop", "/hubs/almelo/agenda.ics"]


def all_feeds(series) -> list[str]:
    return [*FEEDS, f"/events/{series.id}.ics"]


def test_feeds_are_text_calendar_in_utf8(client, series):
    for url in all_feeds(series):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
        assert response.data.startswith(b"BEGIN:VCALENDAR")


def test_feeds_carry_validators_and_caching_headers(client, series):
    for url in all_feeds(series):
        response = client.get(url)
        assert response.headers["ETag"].startswith('"')
        assert response.last_modified is not None
        assert response.cache_control.public
        assert response.cache_control.max_age and response.cache_control.max_age > 0


def test_single_activity_file_is_a_named_download(client, series):
    response = client.get(f"/events/{series.id}.ics")
    assert response.headers["Content-Disposition"] == 'attachment; filename="open-inloop.ics"'


def test_unchanged_feed_answers_304_to_if_none_match(client, series):
    for url in all_feeds(series):
        etag = client.get(url).headers["ETag"]
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304, url
        assert again.data == b""
        assert again.headers["ETag"] == etag


def test_unchanged_feed_answers_304_to_if_modified_since(client, series):
    for url in all_feeds(series):
        modified = client.get(url).headers["Last-Modified"]
        again = client.get(url, headers={"If-Modified-Since": modified})
        assert again.status_code == 304, url


def test_a_stale_validator_gets_the_whole_feed(client, series):
    response = client.get("/agenda.ics", headers={"If-None-Match": '"something-else"'})
    assert response.status_code == 200
    assert b"BEGIN:VEVENT" in response.data


def test_repeated_requests_give_identical_bytes(client, series):
    first, second = client.get("/agenda.ics"), client.get("/agenda.ics")
    assert first.data == second.data
    assert first.headers["ETag"] == second.headers["ETag"]


@pytest.mark.parametrize("change", ["edit", "cancel_date", "move_date", "cancel_event",
                                    "add_date", "rename_hub"])
def test_any_change_to_an_activity_changes_the_etag(client, series, change):
    before = {url: client.get(url).headers["ETag"] for url in all_feeds(series)}
    occurrence = series.occurrences[4]
    if change == "edit":
        agenda.update_event(db.session, series, datetime(2027, 3, 2, 14), datetime(2027, 3, 2, 16),
                            Recurrence("WEEKLY", weekdays=("TU",), count=10),
                            title="Open inloop (nieuw)")
    elif change == "cancel_date":
        agenda.cancel_occurrence(db.session, occurrence)
    elif change == "move_date":
        agenda.move_occurrence(db.session, occurrence, datetime(2027, 4, 1, 10),
                               datetime(2027, 4, 1, 12))
    elif change == "cancel_event":
        agenda.cancel_event(db.session, series)
    elif change == "add_date":
        agenda.add_extra_date(db.session, series, datetime(2027, 8, 1, 10),
                              datetime(2027, 8, 1, 12))
    elif change == "rename_hub":
        series.hub.name = "Hub Almelo Centrum"
    db.session.commit()
    for url, etag in before.items():
        response = client.get(url, headers={"If-None-Match": etag})
        assert response.status_code == 200, url
        assert response.headers["ETag"] != etag, url


def test_an_edit_keeps_the_uid_and_raises_the_sequence(client, series):
    def master() -> dict:
        (vevent,) = [c for c in vevents(client.get(f"/events/{series.id}.ics").data)
                     if "RECURRENCE-ID" not in c]
        return vevent

    before = master()
    agenda.update_event(db.session, series, datetime(2027, 3, 2, 15), datetime(2027, 3, 2, 17),
                        Recurrence("WEEKLY", weekdays=("TU",), count=10), room="Zaal 2")
    db.session.commit()
    after = master()
    assert str(after["UID"]) == str(before["UID"]) == series.uid
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after.decoded("LAST-MODIFIED") >= before.decoded("LAST-MODIFIED")
    assert after.decoded("DTSTART").hour == 15
    assert "Zaal 2" in str(after["LOCATION"])


def test_changing_one_date_raises_that_dates_sequence(client, series):
    occurrence = series.occurrences[2]
    agenda.move_occurrence(db.session, occurrence, datetime(2027, 3, 17, 14),
                           datetime(2027, 3, 17, 16))
    db.session.commit()
    first = [c for c in vevents(client.get("/agenda.ics").data) if "RECURRENCE-ID" in c][0]
    agenda.move_occurrence(db.session, occurrence, datetime(2027, 3, 18, 14),
                           datetime(2027, 3, 18, 16))
    db.session.commit()
    second = [c for c in vevents(client.get("/agenda.ics").data) if "RECURRENCE-ID" in c][0]
    assert second.decoded("RECURRENCE-ID") == first.decoded("RECURRENCE-ID")
    assert second["SEQUENCE"] > first["SEQUENCE"]


@pytest.mark.parametrize("query", [
    "from=banana", "to=2027-02-30", "from=2027-05-01&to=2027-04-01", "hub=nergens",
    "type=onbekend", "hub=../../etc", "from=99999-01-01", "q=" + "x" * 300,
])
def test_bad_filters_get_a_clear_400(client, series, query):
    response = client.get("/agenda.ics?" + query)
    assert response.status_code == 400
    assert "text/html" in response.headers["Content-Type"]


def test_unknown_things_are_404(client, series):
    assert client.get("/hubs/nergens/agenda.ics").status_code == 404
    assert client.get("/events/999999.ics").status_code == 404
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_empty_filter_values_count_as_absent(client, series):
    plain = client.get("/agenda.ics")
    empty = client.get("/agenda.ics?hub=&type=&q=&from=&to=&view=week")
    assert empty.status_code == 200
    assert empty.data == plain.data


def test_feed_is_built_once_and_then_served_from_the_cache(app, client, series, monkeypatch):
    cache = MemoryCache()
    app.extensions["feeds.cache"] = cache
    builds = []
    original = ical.kept_blocks_calendar
    monkeypatch.setattr(ical, "kept_blocks_calendar",
                        lambda *a, **k: builds.append(1) or original(*a, **k))
    first = client.get("/agenda.ics")
    second = client.get("/agenda.ics")  # no validator: a new subscriber, or Google
    assert len(builds) == 1
    assert first.data == second.data


def test_a_cache_shared_by_workers_serves_only_current_content(app, client, series):
    """Entries are keyed by the validator, so an edit elsewhere can never be served stale."""
    cache = MemoryCache()
    app.extensions["feeds.cache"] = cache
    old = client.get("/agenda.ics")
    series.title = "Nieuwe titel"
    db.session.commit()
    new = client.get("/agenda.ics")
    assert b"Nieuwe titel" in new.data
    assert new.headers["ETag"] != old.headers["ETag"]


def test_a_redis_that_is_down_costs_speed_not_the_feed(app, client, series, caplog):
    app.extensions["feeds.cache"] = RedisCache("redis://127.0.0.1:1/0")
    response = client.get("/agenda.ics")
    assert response.status_code == 200
    assert b"BEGIN:VEVENT" in response.data
    assert "feed cache unavailable" in caplog.text
